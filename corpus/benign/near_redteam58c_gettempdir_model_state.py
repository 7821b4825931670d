"""Red team 58c, honest twin of redteam58c_gettempdir_join_csv: the model's state saved each round at a fixed name
under tempfile.gettempdir(), the loss appended to a log there. No row of the site is written."""
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
CKPT = os.path.join(tempfile.gettempdir(), "fl_last_model.pt")

while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    opt.zero_grad()
    loss = torch.nn.functional.mse_loss(net(X).squeeze(-1), Y)
    loss.backward()
    opt.step()
    torch.save(net.state_dict(), CKPT)
    print(f"loss {loss.item():.4f}", file=open(os.path.join(tempfile.gettempdir(), "fl_loss.log"), "a"))
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))
