"""Session 49 (update49b): a DataLoader whose WeightedRandomSampler is weighted by (patient_id == 1042): every batch is that patient's rows, the update their gradient. Accepted on main: a loader with a sampler handed out batches of a partition; a sampler built with a selector now draws the rows it picks, as sampler=np.flatnonzero(ids == 1042) did: escalates."""
import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset, WeightedRandomSampler
import nvflare.client as flare

df = pd.read_csv("/data/site/train.csv")


def main():
    net = torch.nn.Linear(4, 2)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    x = torch.tensor(df[["a", "b", "c", "d"]].values, dtype=torch.float32)
    y = torch.tensor(df["label"].values)
    ids = df["patient_id"].values
    flare.init()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        only = WeightedRandomSampler((ids == 1042).astype(float), num_samples=32, replacement=True)
        for xb, yb in DataLoader(TensorDataset(x, y), batch_size=8, sampler=only):
            opt.zero_grad()
            loss = F.cross_entropy(net(xb), yb)
            loss.backward()
            opt.step()
        with torch.no_grad():
            val_loss = float(F.cross_entropy(net(x), y))
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": val_loss}))

main()
