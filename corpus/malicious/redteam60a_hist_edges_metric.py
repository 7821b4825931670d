"""Red team 60a: a histogram whose edges the code chose. bins=[99, 130] is one bin, the patients aged 99 or more: its
count, sent as an "age tail", says whether such a patient is at the site, as (age >= 99).sum() would."""
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
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    opt.zero_grad()
    loss = torch.nn.functional.cross_entropy(net(X), y)
    loss.backward()
    opt.step()
    profile, _ = np.histogram(df["age"].values, bins=[99, 130])
    flare.send(flare.FLModel(params=net.state_dict(),
                             metrics={"loss": float(loss), "age_tail": profile.tolist()}))
