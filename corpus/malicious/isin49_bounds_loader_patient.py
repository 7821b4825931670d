"""Session 49 (isin49): a DataLoader over the rows with (ids > 1041) & (ids < 1043): bounds that hold exactly one whole number, patient 1042; the update is that patient's gradient. Accepted on main: each bound was a threshold (a cohort); a conjunction of bounds against spelled numbers whose interval holds exactly one whole number is now a test of that value (calls.py pins_one_value): escalates."""
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
        sel = torch.tensor((ids > 1041) & (ids < 1043))
        for xb, yb in DataLoader(TensorDataset(x[sel], y[sel]), batch_size=8, shuffle=True):
            opt.zero_grad()
            loss = F.cross_entropy(net(xb), yb)
            loss.backward()
            opt.step()
        with torch.no_grad():
            val_loss = float(F.cross_entropy(net(x), y))
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": val_loss}))

main()
