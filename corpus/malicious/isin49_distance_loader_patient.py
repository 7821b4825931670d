"""Session 49 (isin49): a DataLoader over the rows with np.abs(ids - 1042) < 0.5: a distance to a spelled value below a bound, an interval holding only 1042; the update is that patient's gradient. Accepted on main: a comparison with < was a threshold; a distance (abs of, or the square of, a difference from a spelled number: absolute_calls, ** 2) below a spelled bound is now the interval around that number (calls.py distance_from, pins_one_value): escalates."""
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
        sel = torch.tensor(np.abs(ids - 1042) < 0.5)
        for xb, yb in DataLoader(TensorDataset(x[sel], y[sel]), batch_size=8, shuffle=True):
            opt.zero_grad()
            loss = F.cross_entropy(net(xb), yb)
            loss.backward()
            opt.step()
        with torch.no_grad():
            val_loss = float(F.cross_entropy(net(x), y))
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": val_loss}))

main()
