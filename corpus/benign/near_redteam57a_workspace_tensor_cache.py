"""Red team 57a, honest twin of redteam57a_tmp_csv_writer_inline and _tmp_shutil_copy: the site's tensors cached in
the job's workspace as a binary .pt (relative path), and the round's loss appended to a /tmp csv through a handle
opened in place."""
import csv
import os

import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("/data/site/train.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)
os.makedirs("cache", exist_ok=True)
torch.save({"x": X, "y": Y}, "cache/train.pt")

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
    csv.writer(open("/tmp/fl_round_metrics.csv", "a")).writerow([model.current_round, loss.item()])
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))
