"""Benign twin of mm33_field_selector_metric: a class keeps a published risk score's coefficients in a field (later replaced by the weights the server sends) and the metric is the mean score over every row."""
import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F

import nvflare.client as flare

df = pd.read_csv("/data/site/patients.csv")
features = torch.tensor(df[["age", "bmi", "sbp"]].values, dtype=torch.float32)
target = torch.tensor(df["outcome"].values, dtype=torch.float32)
net = torch.nn.Linear(3, 1)


class RiskScore:
    def __init__(self):
        self.weights = np.array([0.02, 0.05, 0.01])  # a published risk score's coefficients

    def load(self, params):
        self.weights = np.asarray(params["weight"]).ravel()[:3]


score = RiskScore()


flare.init()
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    optimizer = torch.optim.SGD(net.parameters(), lr=0.01)
    loss = F.binary_cross_entropy_with_logits(net(features).squeeze(1), target)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    score.load(model.params)
    mean_score = float((df[["age", "bmi", "sbp"]].values @ score.weights).mean())
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item(), "mean_risk_score": mean_score}))
