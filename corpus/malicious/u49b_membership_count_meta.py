"""Session 49 (update49b): an NVFlare Client API client trains on the whole table and reports NUM_STEPS_CURRENT_ROUND as len(df.query("patient_id == 1042")): 0 or the number of that patient's visits, whether the patient is at the site. Accepted on main: a count of rows was a size; a query text that reads as a comparison now keeps rows as df[df.patient_id == 1042] does, and their count is a test: escalates."""
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
        visits = df.query("patient_id == 1042")
        steps = len(visits)
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": float(loss.item())},
                                 meta={"NUM_STEPS_CURRENT_ROUND": steps}))

main()
