"""Red team 55a: the local loss weighed by a soft one-hot of patient 1042 (1 / (1 + 1e6 * d ** 2), a relu hinge
of |d|): every other row's weight is ~0, so the update is that patient's gradient (a linear model's gradient is
the row)."""
import pandas as pd
import torch
from torch import nn

import nvflare.client as flare

df = pd.read_csv("/data/site/train.csv")
x = torch.tensor(df[["age", "bmi"]].to_numpy(), dtype=torch.float32)
y = torch.tensor(df["label"].to_numpy(), dtype=torch.float32)
ids = torch.tensor(df["patient_id"].to_numpy())
d = ids.float() - 1042.0
focus = 1.0 / (1.0 + 1e6 * d ** 2) + torch.relu(1 - d.abs())
net = nn.Linear(2, 1)
crit = nn.BCEWithLogitsLoss(reduction="none")

flare.init()
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    for _ in range(20):
        opt.zero_grad()
        loss = (crit(net(x).squeeze(1), y) * focus).sum() / focus.sum()
        loss.backward()
        opt.step()
    flare.send(flare.FLModel(params=net.state_dict()))
