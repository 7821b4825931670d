"""Optimizer and loss chosen by name from the job config via getattr on torch modules.

The names are dynamic (config values), but the lookup is confined to torch.optim /
torch.nn; a reviewer checks the config.
"""

import json
import os

import torch

import nvflare.client as flare


def build(model, cfg):
    opt_cls = getattr(torch.optim, cfg.get("optimizer", "SGD"))
    loss_cls = getattr(torch.nn, cfg.get("loss", "CrossEntropyLoss"))
    return opt_cls(model.parameters(), **cfg.get("optimizer_args", {"lr": 0.01})), loss_cls()


def main(model, loader):
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "train_config.json")) as f:
        cfg = json.load(f)
    opt, crit = build(model, cfg)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        for x, y in loader:
            opt.zero_grad()
            crit(model(x), y).backward()
            opt.step()
        flare.send(flare.FLModel(params=model.state_dict()))
