"""Red team 58c, honest twin of redteam58c_getattr_write_tmp: the round's loss appended to a fixed /tmp log through
a write method looked up by name. A metric, no row."""

import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("/data/site/train.csv")
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
    getattr(open("/tmp/.fl_loss.log", "a"), "write")(f"{loss.item():.5f}\n")
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))
