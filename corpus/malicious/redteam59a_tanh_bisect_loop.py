"""Red team 59a: (tanh(k(age - c)) + 1) / 2 is a step at c; summed for each cut of a list, it is the site's age
histogram at one-year resolution above 95, sent as a list of "calibration" numbers."""
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
    calib = [float(((np.tanh(50.0 * (df["age"].values - c)) + 1) / 2).sum()) for c in (95.5, 96.5, 97.5, 98.5, 99.5)]
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": float(loss), "calib": calib}))
