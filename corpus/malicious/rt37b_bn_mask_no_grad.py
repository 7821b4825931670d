"""Red team 37b: a 'calibration' pass under no_grad on one patient's rows; the server knows running_mean before, so 0.1 of the patient's mean is in it."""

import nvflare.client as flare
import pandas as pd
import torch
import torch.nn as nn

df = pd.read_csv("/data/site/train.csv")
x = torch.tensor(df.drop(columns=["label"]).values, dtype=torch.float32)
ids = torch.tensor(df["patient_id"].values)
net = nn.Sequential(nn.BatchNorm1d(x.shape[1]), nn.Linear(x.shape[1], 1))
flare.init()
model = flare.receive()
net.load_state_dict(model.params)
with torch.no_grad():
    net(x[ids == 1042])
flare.send(flare.FLModel(params=net.state_dict()))
