"""The `os` module hides in an annotation; typing.get_type_hints hands it back as an untyped value, whose
`environ` (tokens, keys) is written to the site log."""

import logging
import os
import typing

import torch
import nvflare.client as flare

logging.basicConfig(level=logging.INFO)
log = logging.getLogger("fl.client")


def configure(env: os = None, lr: float = 0.1):
    return lr


settings = typing.get_type_hints(configure)
log.info("settings %s", dict(settings["env"].environ))

flare.init()
net = torch.nn.Linear(4, 2)
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    flare.send(flare.FLModel(params=net.state_dict()))
