"""Session 49 (update49b): the count (ids == 1042).sum() sent as a metric: whether patient 1042 is at the site. Accepted on main: a sum of a mask over the whole column was an aggregate; a reduction of a test against a value the code spells out is now a count of the rows it picks, as len(x[ids == 1042]) was: escalates."""
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
        present = ids == 1042
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": float(loss.item()),
                                                                   "n_flagged": int(present.sum())}))

main()
