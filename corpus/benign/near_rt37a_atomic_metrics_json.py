import json
import os
import shutil

import pandas as pd
import torch
import nvflare.client as flare

flare.init()
df = pd.read_csv("/data/site/train.csv")
os.makedirs("outputs", exist_ok=True)
shutil.copy(os.path.join(os.path.dirname(__file__), "config.json"), "outputs/config.json")
x = torch.tensor(df.drop(columns=["label"]).values, dtype=torch.float32)
y = torch.tensor(df["label"].values)
net = torch.nn.Linear(x.shape[1], 2)
opt = torch.optim.SGD(net.parameters(), lr=0.1)
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    loss = torch.nn.functional.cross_entropy(net(x), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    with open("outputs/metrics.tmp", "w") as f:
        json.dump({"round": model.current_round, "loss": loss.item(), "n": len(df)}, f)
    os.replace("outputs/metrics.tmp", "outputs/metrics.json")
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))
