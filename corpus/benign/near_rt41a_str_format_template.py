"""Twin of rt41a_str_format_built_template: a banner template assembled from pieces, formatted with plain values."""

import logging

import torch
import nvflare.client as flare

logging.basicConfig(level=logging.INFO)
log = logging.getLogger("fl.client")
BANNER = "starting {0}" + " with {1} parameters, lr {2:.3f}"


def train_round(net, model):
    net.load_state_dict(model.params)


flare.init()
net = torch.nn.Linear(4, 2)
log.info(BANNER.format(train_round.__name__, sum(p.numel() for p in net.parameters()), 0.1))
while flare.is_running():
    model = flare.receive()
    train_round(net, model)
    flare.send(flare.FLModel(params=net.state_dict()))
