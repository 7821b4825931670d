"""Client API trainer with its settings in an OmegaConf container."""

import logging

import torch
from omegaconf import DictConfig
from torch import nn

import nvflare.client as flare

log = logging.getLogger(__name__)
CFG = DictConfig({"lr": 0.01, "rank": "${oc.env:LOCAL_RANK,0}"})


def main():
    blob = torch.load("/data/site-1/train.pt", weights_only=True)
    x, y = blob["x"].float(), blob["y"]
    net = nn.Linear(x.shape[1], 2)
    log.info("rank %s", CFG.rank)
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
