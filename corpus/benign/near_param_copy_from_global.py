"""FedProx-style client: keeps a frozen copy of the global weights, copied in place with param.data.copy_."""

import os

import torch
from torch import nn

import nvflare.client as flare


def make_model(d):
    return nn.Sequential(nn.Linear(d, 64), nn.ReLU(), nn.Linear(64, 2))


def main():
    blob = torch.load(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.pt"), weights_only=True)
    x, y = blob["x"].float(), blob["y"]
    model, global_model = make_model(x.shape[1]), make_model(x.shape[1])
    mu = 0.01
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        with torch.no_grad():
            for gp, p in zip(global_model.parameters(), model.parameters()):
                gp.data.copy_(p.data)
                gp.requires_grad_(False)
        opt = torch.optim.SGD(model.parameters(), lr=0.05)
        for _ in range(5):
            opt.zero_grad()
            prox = sum(((p - gp) ** 2).sum() for p, gp in zip(model.parameters(), global_model.parameters()))
            loss = nn.functional.cross_entropy(model(x), y) + mu / 2 * prox
            loss.backward()
            opt.step()
        flare.send(flare.FLModel(params=model.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
