"""Client API FedAvg client (reference script of the job)."""

import argparse
import os

import torch
from torch import nn

import nvflare.client as flare
from net import Net


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=1)
    args = p.parse_args()
    blob = torch.load(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.pt"), weights_only=True)
    x, y = blob["x"].float(), blob["y"]
    model = Net(x.shape[1])
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        for _ in range(args.epochs):
            opt.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            opt.step()
        flare.send(flare.FLModel(params=model.state_dict()))


if __name__ == "__main__":
    main()
