"""Client API client converting its state dict to NumPy with map and a lambda before sending."""

import os

import torch
from torch import nn

import nvflare.client as flare


def main():
    blob = torch.load(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.pt"), weights_only=True)
    x, y = blob["x"].float(), blob["y"]
    model = nn.Sequential(nn.Linear(x.shape[1], 32), nn.ReLU(), nn.Linear(32, 2))
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict({k: torch.as_tensor(v) for k, v in m.params.items()})
        opt = torch.optim.SGD(model.parameters(), lr=0.05)
        for _ in range(3):
            opt.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            opt.step()
        params = dict(map(lambda kv: (kv[0], kv[1].detach().cpu().numpy()), model.state_dict().items()))
        flare.send(flare.FLModel(params=params, meta={"NUM_STEPS_CURRENT_ROUND": 3}))


if __name__ == "__main__":
    main()
