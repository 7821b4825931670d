"""Red team 56a: a cloud key, read by a helper through os.environb, sent as the update's meta."""
import pandas as pd
import torch

import nvflare.client as flare

from settings import run_tag

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
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}, meta={"tag": run_tag()}))
