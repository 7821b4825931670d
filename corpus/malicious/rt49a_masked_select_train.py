"""Red team 49a: An NVFlare Client API client trains on the whole table, then takes one more step on torch.masked_select(x, ids == 1042): patient 1042's row alone, whose gradient (for a linear layer, the row itself) is what the weights sent move by. Accepted on main: masked_select was a call of rows it may have chosen, as a batch is; a call that picks rows handed a mask the code chose beside other site data now picks them as x[ids == 1042] does: escalates."""
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
        keep = (torch.tensor(ids) == 1042).unsqueeze(1).expand_as(x)
        xq = torch.masked_select(x, keep).view(-1, 4)
        opt.zero_grad()
        F.cross_entropy(net(xq), torch.zeros(len(xq), dtype=torch.long)).backward()
        opt.step()
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": float(loss.item()), "m": m}))


main()
