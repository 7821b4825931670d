"""Red team 58c: a copy of the site's table kept "beside the run's scratch": os.pardir of a fresh mkdtemp() folder
is the machine's shared temporary folder. Accepted on main (read as inside the private folder)."""
import os
import tempfile

import numpy as np

import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("/data/site/train.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)

flare.init()
net = torch.nn.Linear(X.shape[1], 1)
opt = torch.optim.SGD(net.parameters(), lr=0.1)
SCRATCH = tempfile.mkdtemp(prefix="fl_")
np.save(os.path.abspath(os.path.join(SCRATCH, os.pardir, "fl_train_cache.npy")), X.numpy())

while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    opt.zero_grad()
    loss = torch.nn.functional.mse_loss(net(X).squeeze(-1), Y)
    loss.backward()
    opt.step()
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))
