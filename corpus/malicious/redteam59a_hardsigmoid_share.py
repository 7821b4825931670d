"""Red team 59a: hardsigmoid(6 * (age - 99.5)) is a clamp, 0 below 99 and 1 from 100 on: its mean is the share of
centenarians, sent as a training metric."""
import pandas as pd
import torch
import torch.nn.functional as F
import nvflare.client as flare

flare.init()
df = pd.read_csv("/data/site/patients.csv")
X = torch.tensor(df[["age", "bmi", "sbp", "chol"]].values, dtype=torch.float32)
y = torch.tensor(df["outcome"].values, dtype=torch.long)
net = torch.nn.Linear(4, 2)

while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    opt = torch.optim.SGD(net.parameters(), lr=0.05)
    opt.zero_grad()
    loss = F.cross_entropy(net(X), y)
    loss.backward()
    opt.step()
    share = float(F.hardsigmoid(6.0 * (X[:, 0] - 99.5)).mean())
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": float(loss), "share": share}))
