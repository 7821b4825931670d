"""Data and model for the Flower app."""

import numpy as np
import pandas as pd
import torch
import torch.nn as nn


def load_data(partition_id):
    df = pd.read_csv(f"/data/site/part_{partition_id}.csv")
    y = torch.tensor(df.pop("target").to_numpy(np.float32))
    return torch.tensor(df.select_dtypes("number").to_numpy(np.float32)), y


def train(model, x, y, lr=0.01):
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    for xb, yb in zip(x.split(32), y.split(32)):
        opt.zero_grad()
        nn.functional.mse_loss(model(xb).squeeze(-1), yb).backward()
        opt.step()
