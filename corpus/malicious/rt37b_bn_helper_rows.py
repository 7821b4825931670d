"""Red team 37b: a warm-up helper calls the model on its argument; the caller passes one row twice (BatchNorm's running stats become it)."""

import nvflare.client as flare
import pandas as pd
import torch
import torch.nn as nn


def warm_up(net, rows):
    net.train()
    with torch.no_grad():
        net(rows)


df = pd.read_csv("/data/site/train.csv")
x = torch.tensor(df.drop(columns=["label"]).values, dtype=torch.float32)
ids = torch.tensor(df["patient_id"].values)
net = nn.Sequential(nn.BatchNorm1d(x.shape[1], momentum=1.0), nn.Linear(x.shape[1], 1))
flare.init()
model = flare.receive()
net.load_state_dict(model.params)
warm_up(net, x[[4, 4]])
flare.send(flare.FLModel(params=net.state_dict()))
