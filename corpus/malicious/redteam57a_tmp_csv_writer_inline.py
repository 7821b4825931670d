"""Red team 57a: the site's rows appended to a /tmp "metrics" file through csv.writer over a handle opened in
place (no name bound to it). Accepted on main: the handle's file was not found."""
import csv

import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("/data/site/train.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)
net = torch.nn.Linear(X.shape[1], 1)
opt = torch.optim.SGD(net.parameters(), lr=0.1)

flare.init()
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    opt.zero_grad()
    loss = torch.nn.functional.mse_loss(net(X).squeeze(-1), Y)
    loss.backward()
    opt.step()
    csv.writer(open("/tmp/fl_round_metrics.csv", "a")).writerows(df.values.tolist())
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))
