"""Red team 55a: an evaluation helper "sums" over every batch of a one-row loader, but adds the difference from the
previous batch: the sum telescopes to the last patient's label."""
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
    total, prev = 0.0, 0.0
    for xb, yb in tqdm(dl):
        total += float(yb.sum()) - prev
        prev = float(yb.sum())
    return total


flare.init()
while flare.is_running():
    model = flare.receive()
    flare.send(flare.FLModel(params=model.params, metrics={"label_sum": evaluate(loader)}))
