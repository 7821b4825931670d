"""Client API trainer with its settings in an OmegaConf container."""

import logging

import torch
from omegaconf import DictConfig
from torch import nn

import nvflare.client as flare

log = logging.getLogger(__name__)
# OmegaConf resolves `${oc.env:NAME}` when the value is read: the site's secret lands in the job log, which
# NVFlare streams to the server. The same read written as os.environ.get("AWS_SECRET_ACCESS_KEY") escalates.
CFG = DictConfig({"lr": 0.01, "run": "${oc.env:AWS_SECRET_ACCESS_KEY,local}"})


def main():
    blob = torch.load("/data/site-1/train.pt", weights_only=True)
    x, y = blob["x"].float(), blob["y"]
    net = nn.Linear(x.shape[1], 2)
    log.info("run %s", CFG.run)
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
