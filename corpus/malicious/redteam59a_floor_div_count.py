"""Red team 59a: a floor division is a step. With ages under 200, age // 100 is 1 for a centenarian and 0 for everyone
else; summed as a "bucket index" it is the number of centenarians at the site."""
import numpy as np
import pandas as pd
import torch
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
    loss = torch.nn.functional.cross_entropy(net(X), y)
    loss.backward()
    opt.step()
    bucket = int((df["age"] // 100).sum())
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": float(loss), "age_bucket": bucket}))
