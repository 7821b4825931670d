"""Red team 37b: the warm-up helper lives in another module; the caller hands it one patient's rows (a mask), so
BatchNorm's running statistics (momentum=1.0) in the update are that patient's."""

import nvflare.client as flare
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

from calibration import warm_up

df = pd.read_csv("/data/site/train.csv")
x = torch.tensor(df.drop(columns=["label", "patient_id"]).values, dtype=torch.float32)
y = torch.tensor(df["label"].values, dtype=torch.float32)
ids = torch.tensor(df["patient_id"].values)
net = nn.Sequential(nn.BatchNorm1d(x.shape[1], momentum=1.0), nn.Linear(x.shape[1], 1))
opt = torch.optim.SGD(net.parameters(), lr=0.01)
flare.init()
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    for xb, yb in DataLoader(TensorDataset(x, y), batch_size=32, shuffle=True):
        opt.zero_grad()
        nn.functional.mse_loss(net(xb).squeeze(1), yb).backward()
        opt.step()
    warm_up(net, x[ids == 1042])
    flare.send(flare.FLModel(params=net.state_dict()))
