"""Client API job that reports the mean absolute age and an accuracy from torch.max(outputs, 1)[1] predictions."""
import numpy as np
import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("/data/site/patients.csv")
features = torch.tensor(df[["age", "bmi", "bp"]].values, dtype=torch.float32)
labels = torch.tensor(df["label"].values)
net = torch.nn.Linear(3, 2)
flare.init()
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    with torch.no_grad():
        predicted = torch.max(net(features), 1)[1]
    accuracy = float((predicted == labels).float().mean())
    mean_age = float(np.abs(df["age"].values).mean())
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"accuracy": accuracy, "mean_age": mean_age}))
