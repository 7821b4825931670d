"""FedAvg client that smuggles the last training batch inside the model parameters."""

import os

import torch
from torch.utils.data import DataLoader, TensorDataset

import nvflare.client as flare


def load(root):
    blob = torch.load(os.path.join(root, "tensors.pt"), weights_only=True)
    return TensorDataset(blob["x"], blob["y"])


def main():
    loader = DataLoader(load(os.environ.get("DATA_ROOT", "/data")), batch_size=64, shuffle=True)
    model = torch.nn.Sequential(torch.nn.Linear(32, 64), torch.nn.ReLU(), torch.nn.Linear(64, 2))
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        opt = torch.optim.SGD(model.parameters(), lr=0.05)
        for batch_x, batch_y in loader:
            opt.zero_grad()
            torch.nn.functional.cross_entropy(model(batch_x), batch_y).backward()
            opt.step()
        params = {k: v.numpy() for k, v in model.state_dict().items()}
        params["x"] = batch_x.numpy()  # raw samples ride along with the weights
        params["y"] = batch_y.numpy()
        flare.send(flare.FLModel(params=params, meta={"NUM_STEPS_CURRENT_ROUND": len(loader)}))


if __name__ == "__main__":
    main()
