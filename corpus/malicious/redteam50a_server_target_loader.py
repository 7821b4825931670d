"""Red team 50a: the server names a patient each round in the task's meta (model.meta['target']); the client trains through a DataLoader on the rows with that id: the update is that patient's gradient, a different patient every round. Accepted on main (a value the code does not spell out, like a site's partition); a value the server sends with the task (server_settings) is chosen by the job's own server code, as a spelled number is (calls.py sent_by_server): escalates."""
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
        keep = ids == model.meta.get("target", 0)
        for xb, yb in DataLoader(TensorDataset(x[keep], y[keep]), batch_size=8):
            opt.zero_grad()
            F.cross_entropy(net(xb), yb).backward()
            opt.step()
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": float(loss.item()), "m": m}))


main()
