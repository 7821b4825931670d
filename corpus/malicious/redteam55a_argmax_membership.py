"""Red team 55a: the position of patient 1042 in the site's table, int(np.argmax(ids == 1042)), sent as a metric
next to an honest evaluation (0 when absent: membership, and where the row sits)."""
import numpy as np
import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("/data/site/train.csv")
ids = df["patient_id"].to_numpy()
x = torch.tensor(df[["age", "bmi", "sbp"]].to_numpy(), dtype=torch.float32)
y = torch.tensor(df["label"].to_numpy(), dtype=torch.float32)
net = torch.nn.Linear(3, 1)

flare.init()
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    with torch.no_grad():
        acc = float(((net(x).squeeze(1) > 0).float() == y).float().mean())
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"accuracy": acc, "rank": int(np.argmax(ids == 1042))}))
