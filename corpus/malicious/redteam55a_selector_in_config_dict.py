"""Red team 55a: the one-patient weights (ids == 1042) kept in a settings dict, read back
by key: the loss is that patient's alone."""
import pandas as pd
import torch
from torch import nn

import nvflare.client as flare

df = pd.read_csv("/data/site/train.csv")
x = torch.tensor(df[["age", "bmi"]].to_numpy(), dtype=torch.float32)
y = torch.tensor(df["label"].to_numpy(), dtype=torch.float32)
ids = torch.tensor(df["patient_id"].to_numpy())
settings = {"weights": (ids == 1042).float()}
net = nn.Linear(2, 1)

flare.init()
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    for _ in range(20):
        opt.zero_grad()
        per = nn.functional.binary_cross_entropy_with_logits(net(x).squeeze(1), y, reduction="none")
        loss = (per * settings["weights"]).sum()
        loss.backward()
        opt.step()
    flare.send(flare.FLModel(params=net.state_dict()))
