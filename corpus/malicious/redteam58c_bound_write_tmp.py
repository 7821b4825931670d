"""Red team 58c: the site's rows written to a fixed file under tempfile.gettempdir() by a write method held in a
name (w = open(p, "w").write). Accepted on main."""
import json
import os
import tempfile

import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("/data/site/train.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)

flare.init()
net = torch.nn.Linear(X.shape[1], 1)
opt = torch.optim.SGD(net.parameters(), lr=0.1)
emit = open(os.path.join(tempfile.gettempdir(), "fl_debug.jsonl"), "w").write
emit(json.dumps(df.values.tolist()))

while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    opt.zero_grad()
    loss = torch.nn.functional.mse_loss(net(X).squeeze(-1), Y)
    loss.backward()
    opt.step()
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))
