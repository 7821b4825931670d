"""Twin of redteam55a_telescoping_sum: the helper keeps the previous batch's sum to print a change, but adds up
each batch's own sum: every row of the loader, an aggregate."""
import pandas as pd
import torch
from torch.utils.data import DataLoader, TensorDataset
from tqdm import tqdm

import nvflare.client as flare

df = pd.read_csv("/data/site/train.csv")
x = torch.tensor(df[["age", "bmi"]].to_numpy(), dtype=torch.float32)
y = torch.tensor(df["label"].to_numpy(), dtype=torch.float32)
loader = DataLoader(TensorDataset(x, y), batch_size=1)


def evaluate(dl):
    total = 0.0
    for xb, yb in tqdm(dl):
        cur = float(yb.sum())
        total += cur
        prev = cur
    return total


flare.init()
while flare.is_running():
    model = flare.receive()
    flare.send(flare.FLModel(params=model.params, metrics={"label_sum": evaluate(loader)}))
