"""Red team 49a: torch random_split(ds, [1, len(ds) - 1]) and a step on the one-row piece: one patient's gradient, the row itself for a linear layer. Accepted on main: a random split into counts was rows chosen, batched by a loader as a partition is; a split with a piece of a handful of rows (a constant count) now names them as x[7:8] does: escalates."""
import os

import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset
import nvflare.client as flare

df = pd.read_csv("/data/site/train.csv")


def main():
    net = torch.nn.Linear(4, 2)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    x = torch.tensor(df[["a", "b", "c", "d"]].values, dtype=torch.float32)
    y = torch.tensor(df["label"].values)
    ids = df["patient_id"].values
    age = df["age"].values
    flare.init()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        for _ in range(2):
            opt.zero_grad()
            loss = F.cross_entropy(net(x), y)
            loss.backward()
            opt.step()
        m = float(loss.item())
        from torch.utils.data import random_split
        part, _ = random_split(TensorDataset(x, y), [1, len(x) - 1])
        for xb, yb in DataLoader(part, batch_size=16, shuffle=True):
            opt.zero_grad()
            F.cross_entropy(net(xb), yb).backward()
            opt.step()
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": float(loss.item()), "m": m}))


main()
