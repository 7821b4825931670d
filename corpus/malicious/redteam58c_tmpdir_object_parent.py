"""Red team 58c: the site's table written next to a TemporaryDirectory, in its parent folder (the shared /tmp).
Escalated on main only as a path known at run time."""
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
work = tempfile.TemporaryDirectory()
df.to_csv(os.path.join(os.path.dirname(work.name), "fl_rows.csv"), index=False)

while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    opt.zero_grad()
    loss = torch.nn.functional.mse_loss(net(X).squeeze(-1), Y)
    loss.backward()
    opt.step()
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))
