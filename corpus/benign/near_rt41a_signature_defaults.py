"""Twin of rt41a_signature_default_module: settings defaults read back with inspect.signature to fill the
command line's options."""

import argparse
import inspect

import torch
import nvflare.client as flare


def configure(lr=0.1, epochs=1, device="cpu"):
    return torch.nn.Linear(4, 2)


parser = argparse.ArgumentParser()
for name, param in inspect.signature(configure).parameters.items():
    parser.add_argument(f"--{name}", default=param.default)
args = parser.parse_args()

flare.init()
net = configure(args.lr)
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    flare.send(flare.FLModel(params=net.state_dict()))
