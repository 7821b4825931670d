"""Tabular loading helpers shared by the job's scripts."""

import os

import pandas as pd
import torch


def load_tensors(name):
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), name))
    y = torch.tensor(df.pop("label").values, dtype=torch.long)
    x = torch.tensor(df.values, dtype=torch.float32)
    return x, y
