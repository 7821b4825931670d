"""Red team 50b: a batch's features unpacked under the name `labels` and printed into the job log each round. Accepted on main: the part of a batch named like labels was not counted in the log; the name is the author's choice: escalates."""
import logging

import pandas as pd
import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset
import nvflare.client as flare

logger = logging.getLogger(__name__)
df = pd.read_csv("/data/site/train.csv")
FEATURES = ["age", "bmi", "sbp", "hba1c"]


def main():
    net = torch.nn.Linear(4, 2)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    x = torch.tensor(df[FEATURES].values, dtype=torch.float32)
    y = torch.tensor(df["label"].values)
    flare.init()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        for labels, _ in DataLoader(TensorDataset(x, y), batch_size=len(df)):
            print("batch", labels.tolist())
        for xb, yb in DataLoader(TensorDataset(x, y), batch_size=32, shuffle=True):
            opt.zero_grad()
            loss = F.cross_entropy(net(xb), yb)
            loss.backward()
            opt.step()
        with torch.no_grad():
            val_loss = float(F.cross_entropy(net(x), y))
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": val_loss}))


main()
