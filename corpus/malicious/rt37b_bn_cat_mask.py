"""Red team 37b: one patient's rows, concatenated twice, run through the model with only its BatchNorm layer in
training mode: the running statistics are that patient's."""

import nvflare.client as flare
import pandas as pd
import torch
import torch.nn as nn

df = pd.read_csv("/data/site/train.csv")
x = torch.tensor(df.values, dtype=torch.float32)
ids = torch.tensor(df["patient_id"].values)
net = nn.Sequential(nn.BatchNorm1d(x.shape[1]), nn.Linear(x.shape[1], 1))
flare.init()
model = flare.receive()
net.load_state_dict(model.params)
net.eval()
net[0].train()
net(torch.cat([x[ids == 1042]] * 2))
flare.send(flare.FLModel(params=net.state_dict()))
