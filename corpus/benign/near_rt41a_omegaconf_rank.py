"""Twin of rt41a_omegaconf_assembled_interpolation: the same config reads the process's rank by an interpolation
assembled from pieces."""

import logging

import torch
import nvflare.client as flare
from omegaconf import OmegaConf

logging.basicConfig(level=logging.INFO)
log = logging.getLogger("fl.client")
OPEN = "$" + "{"
cfg = OmegaConf.create({"lr": 0.01, "rank": OPEN + "oc.env:LOCAL_RANK,0}"})

flare.init()
net = torch.nn.Linear(4, 2)
log.info("rank %s, lr %s", cfg.rank, cfg.lr)
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    flare.send(flare.FLModel(params=net.state_dict()))
