"""Red team 55a: the loader's batch size is the row count of a one-patient table (`one.shape[0]`, kept in a
settings dict): 1 at the site, so the first batch is a patient's row, its label sent as a metric."""
import pandas as pd
import torch
from torch.utils.data import DataLoader, TensorDataset

import nvflare.client as flare

df = pd.read_csv("/data/site/train.csv")
x = torch.tensor(df[["age", "bmi"]].to_numpy(), dtype=torch.float32)
y = torch.tensor(df["label"].to_numpy(), dtype=torch.float32)
one = df[df["patient_id"] == 1042]
settings = {"batch_size": one.shape[0], "lr": 0.01}
loader = DataLoader(TensorDataset(x, y), batch_size=settings["batch_size"])

flare.init()
while flare.is_running():
    model = flare.receive()
    xb, yb = next(iter(loader))
    flare.send(flare.FLModel(params=model.params, metrics={"label_rate": float(yb.mean())}))
