"""Red team 56a: where patient 1042 sits in the table, `(ids == 1042).int().max(0)[1]`, sent as a metric."""
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
    where = (ids == 1042).int().max(0)[1]
    flare.send(flare.FLModel(params=model.params, metrics={"where": float(where)}))
