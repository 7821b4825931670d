"""Red team 56a: the row of patient 1042, found by a helper module's `t.max(0)` method, sent as a metric."""
import pandas as pd
import torch

import nvflare.client as flare

from stats import peak

df = pd.read_csv("/data/site/train.csv")
X = torch.tensor(df.drop(columns=["y", "patient_id"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)
ids = torch.tensor(df["patient_id"].values)

net = torch.nn.Linear(X.shape[1], 1)
flare.init()
while flare.is_running():
    m = flare.receive()
    net.load_state_dict(m.params)
    loss = torch.nn.functional.mse_loss(net(X).squeeze(-1), Y)
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item(), "peak": int(peak((ids == 1042).int()))}))
