"""Red team 57a, honest twin of redteam57a_url_genjoin_reader: the site's file path joined from a generator of
its parts, and the split's name picked by a query-like tag kept local."""
import os

import pandas as pd
import torch

import nvflare.client as flare

PARTS = ["data", "site", "train.csv"]

df = pd.read_csv(os.sep + os.sep.join(p for p in PARTS))
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)

flare.init()
net = torch.nn.Linear(X.shape[1], 1)
opt = torch.optim.SGD(net.parameters(), lr=0.1)
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    opt.zero_grad()
    loss = torch.nn.functional.mse_loss(net(X).squeeze(-1), Y)
    loss.backward()
    opt.step()
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))
