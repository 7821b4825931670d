"""Client API PyTorch: one SGD step with lr=1 on a crafted loss; the update is w - x[7]."""
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
m = flare.receive()
model.load_state_dict(m.params)
opt.zero_grad()
torch.nn.functional.l1_loss(model(torch.eye(x.shape[1])[:1]) * 0 + (model.weight * x).sum(dim=1, keepdim=True)[7:8], torch.zeros(1, 1), reduction="sum").backward()
opt.step()
flare.send(flare.FLModel(params=model.state_dict()))
