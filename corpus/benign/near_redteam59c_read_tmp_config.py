"""Twin of the shared-folder reading of red team 59c: a settings file read from a fixed /tmp path in a branch on
the table's size (a read, not a write: nothing of the site's data is handed to it)."""
import json
import os
import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("/data/site/train.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)
settings = {}
if len(df) > 1000 and os.path.exists("/tmp/fl_settings.json"):
    with open("/tmp/fl_settings.json") as fh:
        settings = json.load(fh)

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
