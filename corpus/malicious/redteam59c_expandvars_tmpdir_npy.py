"""Red team 59c: the site's rows saved under os.path.expandvars("$TMPDIR/..."), the shared temporary folder
read from the environment (folded as a relative `$TMPDIR/...` on main). Escalated on main only as an unvouched use."""
import os
import numpy as np
import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("/data/site/train.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)
np.save(os.path.expandvars("$TMPDIR/fl_rows.npy"), df.to_numpy())

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
