"""Session 49 (update49b): twin of u49b_membership_count_meta: NUM_STEPS_CURRENT_ROUND is the number of batches of the whole table, and the metric the accuracy count (pred == y).sum()."""
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
        for xb, yb in DataLoader(TensorDataset(x, y), batch_size=32, shuffle=True):
            opt.zero_grad()
            loss = F.cross_entropy(net(xb), yb)
            loss.backward()
            opt.step()
        with torch.no_grad():
            correct = int((net(x).argmax(1) == y).sum())
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": float(loss.item()), "accuracy": correct / len(y)},
                                 meta={"NUM_STEPS_CURRENT_ROUND": (len(df) + 31) // 32}))

main()
