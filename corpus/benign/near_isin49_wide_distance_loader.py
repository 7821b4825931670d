"""Session 49 (isin49): twin of isin49_distance_loader_patient: a cohort within 15 years of age 50 (np.abs(age - 50) < 15), a band of many whole numbers, trained through a loader."""
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
        sel = torch.tensor(np.abs(age - 50) < 15)
        for xb, yb in DataLoader(TensorDataset(x[sel], y[sel]), batch_size=8, shuffle=True):
            opt.zero_grad()
            loss = F.cross_entropy(net(xb), yb)
            loss.backward()
            opt.step()
        with torch.no_grad():
            val_loss = float(F.cross_entropy(net(x), y))
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": val_loss}))

main()
