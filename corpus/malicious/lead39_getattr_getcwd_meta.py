"""Lead 39: the site's working folder reached through getattr with a name built from parts, sent in FLModel.meta."""
import os

import torch
import nvflare.client as flare

flare.init()
net = torch.nn.Linear(4, 2)
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    where = getattr(os, 'get' + 'cwd')()
    flare.send(flare.FLModel(params=net.state_dict(), meta={"run_dir": where}))
