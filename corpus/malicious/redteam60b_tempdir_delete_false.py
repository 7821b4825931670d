"""Red team 60b: a TemporaryDirectory(delete=False) (Python 3.12) is not removed when the job ends: the tensor of
the site's rows torch.save'd there stays in /tmp. Accepted on main (read as a removed scratch folder)."""
import os
import tempfile

import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("/data/site/train.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)
work = tempfile.TemporaryDirectory(prefix="fl_work_", delete=False)
torch.save({"x": X, "y": Y}, os.path.join(work.name, "batch.pt"))

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
