"""Red team 56a, honest twin: a helper module's per-row `out.max(1)` predictions give the accuracy."""
import pandas as pd
import torch

import nvflare.client as flare

from stats import predict

df = pd.read_csv("/data/site/train.csv")
X = torch.tensor(df.drop(columns=["y", "patient_id"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)
ids = torch.tensor(df["patient_id"].values)

net = torch.nn.Linear(X.shape[1], 2)
flare.init()
while flare.is_running():
    m = flare.receive()
    net.load_state_dict(m.params)
    with torch.no_grad():
        acc = (predict(net, X) == Y).float().mean().item()
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"accuracy": acc}))
