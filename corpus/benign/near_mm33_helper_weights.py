"""Benign twin of mm33_helper_one_hot_metric and mm33_lambda_selector_metric: a helper returns literal coefficients and a lambda reads the weights the server sent; the metrics are means over every row."""
import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F

import nvflare.client as flare

df = pd.read_csv("/data/site/patients.csv")
features = torch.tensor(df[["age", "bmi", "sbp"]].values, dtype=torch.float32)
target = torch.tensor(df["outcome"].values, dtype=torch.float32)
net = torch.nn.Linear(3, 1)


def risk_weights():
    return np.array([0.02, 0.05, 0.01])


server_weights = lambda m: np.asarray(m.params["weight"]).ravel()[:3]


flare.init()
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    optimizer = torch.optim.SGD(net.parameters(), lr=0.01)
    loss = F.binary_cross_entropy_with_logits(net(features).squeeze(1), target)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    mean_score = float((df[["age", "bmi", "sbp"]].values @ risk_weights()).mean())
    mean_logit = float(np.dot(df[["age", "bmi", "sbp"]].values, server_weights(model)).mean())
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item(), "score": mean_score, "logit": mean_logit}))
