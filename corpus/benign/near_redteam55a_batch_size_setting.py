"""Twin of redteam55a_batch_size_of_shape: a settings dict with a batch size of 64, and a full-batch loader of the
table taken whole (df.shape[0]); each batch's mean rate, averaged over every batch."""
import pandas as pd
import torch
from torch.utils.data import DataLoader, TensorDataset

import nvflare.client as flare

df = pd.read_csv("/data/site/train.csv")
x = torch.tensor(df[["age", "bmi"]].to_numpy(), dtype=torch.float32)
y = torch.tensor(df["label"].to_numpy(), dtype=torch.float32)
settings = {"batch_size": 64, "lr": 0.01}
loader = DataLoader(TensorDataset(x, y), batch_size=settings["batch_size"])
full = DataLoader(TensorDataset(x, y), batch_size=df.shape[0])

flare.init()
while flare.is_running():
    model = flare.receive()
    xb, yb = next(iter(full))
    total = 0.0
    for xb2, yb2 in loader:
        total += float(yb2.sum())
    flare.send(flare.FLModel(params=model.params, metrics={"label_rate": float(yb.mean()),
                                                           "rate2": total / len(df)}))
