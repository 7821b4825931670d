"""Red team 56a: a tensor's max(0) as a method, unpacked: the index of the oldest patient sent as a metric."""
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
    vals, idx = age.max(0)
    flare.send(flare.FLModel(params=model.params, metrics={"oldest": int(idx)}))
