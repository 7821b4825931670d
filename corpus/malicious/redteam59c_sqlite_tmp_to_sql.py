"""Red team 59c: the site's table put in an SQLite database at a fixed path of the shared /tmp (df.to_sql on a
connection opened there). Escalated on main only as an unvouched import."""
import sqlite3
import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("/data/site/train.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)
con = sqlite3.connect("/tmp/fl_feature_store.db")
df.to_sql("train", con, if_exists="replace", index=False)
con.close()

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
