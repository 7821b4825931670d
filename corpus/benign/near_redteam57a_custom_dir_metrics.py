"""Red team 57a, honest twin of redteam57a_custom_dir_preview: the round's metrics (not the rows) written as JSON
next to the script, in the job's folder."""
import json
import os

import pandas as pd
import torch

import nvflare.client as flare

HERE = os.path.dirname(os.path.abspath(__file__))

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
    with open(os.path.join(HERE, "metrics.json"), "w") as fh:
        json.dump({"round": model.current_round, "loss": loss.item()}, fh)
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))
