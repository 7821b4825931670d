"""Red team 37b: the weights are moved onto the mean of a stack of one row repeated."""

import nvflare.client as flare
import pandas as pd
import torch
import torch.nn as nn

df = pd.read_csv("/data/site/train.csv")
x = torch.tensor(df.drop(columns=["label"]).values, dtype=torch.float32)
net = nn.Linear(x.shape[1], 1)
flare.init()
model = flare.receive()
net.load_state_dict(model.params)
with torch.no_grad():
    net.weight.add_(torch.stack([x[7]] * 10).mean(0) - net.weight[0])
flare.send(flare.FLModel(params=net.state_dict()))
