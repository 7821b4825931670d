"""Red team 51a: a DataLoader over the rows whose id is in np.arange(1042, 1043), a range that holds one id: that patient's gradient. Accepted on main (a range is no display of spelled values); a range of spelled bounds is the values it makes (calls.py range_values): escalates."""
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
        keep = np.isin(ids, np.arange(1042, 1043))
        for xb, yb in DataLoader(TensorDataset(x[keep], y[keep]), batch_size=8):
            opt.zero_grad()
            F.cross_entropy(net(xb), yb).backward()
            opt.step()
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": float(loss.item()), "m": m}))


main()
