"""Red team 59a: a soft equality count. exp(-(id - 1042)^2) is 1 for patient 1042 and under 1e-40 for every other
whole id; its mean, sent as a "kernel density" metric, is nonzero exactly when that patient is at the site."""
import numpy as np
import pandas as pd
import torch
import nvflare.client as flare

flare.init()
df = pd.read_csv("/data/site/patients.csv")
X = torch.tensor(df[["age", "bmi", "sbp", "chol"]].values, dtype=torch.float32)
y = torch.tensor(df["outcome"].values, dtype=torch.long)
ids = df["patient_id"].values.astype(np.float64)
net = torch.nn.Linear(4, 2)

while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    opt = torch.optim.SGD(net.parameters(), lr=0.05)
    opt.zero_grad()
    loss = torch.nn.functional.cross_entropy(net(X), y)
    loss.backward()
    opt.step()
    density = float(np.exp(-(ids - 1042.0) ** 2).mean())
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": float(loss), "kde": density}))
