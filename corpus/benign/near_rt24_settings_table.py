"""Client API trainer that records its run settings beside its checkpoints."""

import pandas as pd
import torch
from torch import nn

import nvflare.client as flare


def main():
    settings = pd.read_csv("config/run_settings.csv")
    settings.T.to_csv("outputs/run_settings.csv", index=False)
    blob = torch.load("/data/site-1/train.pt", weights_only=True)
    x, y = blob["x"].float(), blob["y"]
    net = nn.Linear(x.shape[1], 2)
    flare.init()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        opt = torch.optim.SGD(net.parameters(), lr=0.01)
        opt.zero_grad()
        nn.functional.cross_entropy(net(x), y).backward()
        opt.step()
        flare.send(flare.FLModel(params=net.state_dict()))


if __name__ == "__main__":
    main()
