"""Red team 50a: An NVFlare Client API client trains on the whole table, then takes one more step on torch.where(ids == 1042, x, 0): every row blanked but patient 1042's, whose gradient (for a linear layer, the row itself, over the bias step) is what the weights sent move by. Accepted on main (a where keeps every cell's place, red team 49a let it go for thresholds); a where that keeps the site's values only on the rows of a value the code chose, blanking the rest with what holds none of the site's data, keeps those rows as x[ids == 1042] does (calls.py keeps_tested_rows): escalates."""
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
        xs = torch.where(torch.tensor(ids == 1042).unsqueeze(1), x, torch.zeros_like(x))
        opt.zero_grad()
        F.cross_entropy(net(xs), y).backward()
        opt.step()
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": float(loss.item()), "m": m}))


main()
