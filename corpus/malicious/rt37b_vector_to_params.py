"""Red team 37b: a row written into the flat parameter vector, then back into the model."""

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
flat = torch.nn.utils.parameters_to_vector(net.parameters())
flat[: x.shape[1]] = x[5]
torch.nn.utils.vector_to_parameters(flat, net.parameters())
flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))
