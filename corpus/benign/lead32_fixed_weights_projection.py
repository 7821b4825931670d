"""Client API job that reports the mean of a fixed linear score of its features (weights written in the code, alike for
every row) beside the training loss."""
import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F

import nvflare.client as flare

df = pd.read_csv("/data/site/patients.csv")
features = torch.tensor(df[["age", "bmi", "sbp"]].values, dtype=torch.float32)
target = torch.tensor(df["outcome"].values, dtype=torch.float32)
net = torch.nn.Linear(3, 1)
risk_weights = np.array([0.02, 0.05, 0.01])  # a published risk score's coefficients

flare.init()
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    optimizer = torch.optim.SGD(net.parameters(), lr=0.01)
    loss = F.binary_cross_entropy_with_logits(net(features).squeeze(1), target)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    mean_score = float((df[["age", "bmi", "sbp"]].values @ risk_weights).mean())
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item(), "mean_risk_score": mean_score}))
