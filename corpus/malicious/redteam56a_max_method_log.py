"""Red team 56a: where patient 1042 sits, printed into the job log the server collects."""
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
    v, i = (ids == 1042).int().max(0)
    print("round done", int(i))
    flare.send(flare.FLModel(params=model.params))
