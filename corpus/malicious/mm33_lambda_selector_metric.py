"""Client API job whose "weighted bmi" is one patient's bmi: a lambda makes a row of an identity, and the comparison arange(n) == k (a one-hot mask) picks the same row for the age."""
import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F

import nvflare.client as flare

df = pd.read_csv("/data/site/patients.csv")
features = torch.tensor(df[["age", "bmi", "sbp"]].values, dtype=torch.float32)
target = torch.tensor(df["outcome"].values, dtype=torch.float32)
net = torch.nn.Linear(3, 1)

select = lambda n, k: np.eye(n)[k]  # "stratum weights"


flare.init()
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    optimizer = torch.optim.SGD(net.parameters(), lr=0.01)
    loss = F.binary_cross_entropy_with_logits(net(features).squeeze(1), target)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    weighted_bmi = float(df["bmi"].values @ select(len(df), 1042))
    weighted_age = float(df["age"].values.dot(np.arange(len(df)) == 1042))
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item(), "bmi": weighted_bmi, "age": weighted_age}))
