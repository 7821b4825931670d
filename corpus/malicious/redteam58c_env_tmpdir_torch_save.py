"""Red team 58c: the training tensors saved under $TMPDIR at a fixed name "to resume a round" (TMPDIR is the
machine's temporary folder, or the user's on a cluster: every job of the site reads it). Escalated on main only as
an unvouched API."""
import os

import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("/data/site/train.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)

flare.init()
net = torch.nn.Linear(X.shape[1], 1)
opt = torch.optim.SGD(net.parameters(), lr=0.1)
torch.save({"x": X, "y": Y}, os.path.join(os.environ["TMPDIR"], ".fl_resume.pt"))

while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    opt.zero_grad()
    loss = torch.nn.functional.mse_loss(net(X).squeeze(-1), Y)
    loss.backward()
    opt.step()
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))
