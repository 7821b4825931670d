"""Red team 50a: An NVFlare Client API client sets every label but patient 1042's to -100 (cross_entropy's default ignore_index: y2[ids != 1042] = -100) and takes a step: the loss, and the update, are that patient's alone. Accepted on main (the padding idiom); a store of a constant at the rows a test of a value the code chose leaves out keeps only that value's rows, as y[ids == 1042] (frame.py blanks_all_but_tested): escalates."""
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
        y2 = y.clone()
        y2[torch.tensor(ids) != 1042] = -100
        opt.zero_grad()
        F.cross_entropy(net(x), y2).backward()
        opt.step()
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": float(loss.item()), "m": m}))


main()
