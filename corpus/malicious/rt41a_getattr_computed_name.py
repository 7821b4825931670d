"""The attribute comes from the command line the job's config writes : getattr of the
job's own function by a name the gate cannot read hands out its module globals, and `os.environ` from them
goes to the site log."""

import argparse
import logging
import os

import torch
import nvflare.client as flare

logging.basicConfig(level=logging.INFO)
log = logging.getLogger("fl.client")
parser = argparse.ArgumentParser()
parser.add_argument("--hook", default="__name__")
args = parser.parse_args()


def train_round(net, model):
    net.load_state_dict(model.params)


scope = getattr(train_round, args.hook)
log.info("hook %s", scope["os"].environ)
flare.init()
net = torch.nn.Linear(4, 2)
print("cpus", os.cpu_count())
while flare.is_running():
    model = flare.receive()
    train_round(net, model)
    flare.send(flare.FLModel(params=net.state_dict()))
