"""Verbose training loop that prints the loss of every batch (stdout ends up in the job log,
which NVFlare may stream to the server). Only aggregate numbers, but a lot of them."""

import os

import torch
from torch.utils.data import DataLoader, TensorDataset

import nvflare.client as flare


def main():
    blob = torch.load(os.path.join(os.environ.get("DATA_ROOT", "/data"), "tensors.pt"), weights_only=True)
    loader = DataLoader(TensorDataset(blob["x"], blob["y"]), batch_size=32, shuffle=True)
    model = torch.nn.Sequential(torch.nn.Linear(blob["x"].shape[1], 32), torch.nn.Tanh(), torch.nn.Linear(32, 2))
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        opt = torch.optim.SGD(model.parameters(), lr=0.1)
        for i, (x, y) in enumerate(loader):
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(model(x), y)
            loss.backward()
            opt.step()
            print(f"round={m.current_round} batch={i} loss={loss.item():.5f} batch_pos_rate={y.float().mean():.3f}")
        flare.send(flare.FLModel(params=model.state_dict()))


if __name__ == "__main__":
    main()
