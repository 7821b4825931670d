"""Twin of the rt41a type-hints samples: settings typed with classes, read back with typing.get_type_hints
to convert the command line's strings."""

import argparse
import typing

import torch
import nvflare.client as flare


def configure(lr: float = 0.1, epochs: int = 1, device: str = "cpu") -> torch.nn.Module:
    return torch.nn.Linear(4, 2)


hints = typing.get_type_hints(configure)
parser = argparse.ArgumentParser()
for name in ("lr", "epochs", "device"):
    parser.add_argument(f"--{name}", type=hints[name])
args = parser.parse_args()

flare.init()
net = configure(args.lr or 0.1)
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    flare.send(flare.FLModel(params=net.state_dict()))
