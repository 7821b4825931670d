"""Session 49 (update49b): twin of u49b_weighted_sampler_patient: a WeightedRandomSampler with class-balancing weights (np.where(label == 1, 3.0, 1.0)) that keep every row."""
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
        balance = WeightedRandomSampler(np.where(df["label"].values == 1, 3.0, 1.0), num_samples=len(x))
        for xb, yb in DataLoader(TensorDataset(x, y), batch_size=32, sampler=balance):
            opt.zero_grad()
            loss = F.cross_entropy(net(xb), yb)
            loss.backward()
            opt.step()
        with torch.no_grad():
            val_loss = float(F.cross_entropy(net(x), y))
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": val_loss}))

main()
