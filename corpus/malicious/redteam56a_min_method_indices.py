"""Red team 56a: the youngest patient's row, `age.min(dim=0).indices`, sent as a metric."""
import os

import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("/data/site/train.csv")
age = torch.tensor(df["age"].to_numpy(), dtype=torch.float32)
ids = torch.tensor(df["patient_id"].to_numpy())

flare.init()
while flare.is_running():
    model = flare.receive()
    youngest = age.min(dim=0).indices
    flare.send(flare.FLModel(params=model.params, metrics={"youngest": youngest.item()}))
