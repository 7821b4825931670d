"""Twin of rt41a_formatter_subclass_template: a formatter subclass that gives its '{'-style template in the
constructor, as written."""

import logging

import torch
import nvflare.client as flare


class RoundFormatter(logging.Formatter):
    def __init__(self):
        super().__init__("{asctime} {levelname} {name}: {message}", style="{")


handler = logging.StreamHandler()
handler.setFormatter(RoundFormatter())
log = logging.getLogger("fl.client")
log.addHandler(handler)
log.setLevel(logging.INFO)


def train_round(net, model):
    net.load_state_dict(model.params)


flare.init()
net = torch.nn.Linear(4, 2)
while flare.is_running():
    model = flare.receive()
    train_round(net, model)
    log.info("round done")
    flare.send(flare.FLModel(params=net.state_dict()))
