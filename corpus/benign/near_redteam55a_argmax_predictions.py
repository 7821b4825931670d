"""Twin of redteam55a_argmax_membership: argmax along the classes (one prediction per row: out.argmax(1),
torch.max(out, 1)) and the accuracy of those predictions; the max of a whole column as a statistic."""
import numpy as np
import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("/data/site/train.csv")
x = torch.tensor(df[["age", "bmi", "sbp"]].to_numpy(), dtype=torch.float32)
y = torch.tensor(df["label"].to_numpy(), dtype=torch.long)
net = torch.nn.Linear(3, 2)

flare.init()
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    with torch.no_grad():
        out = net(x)
        acc = float((out.argmax(1) == y).float().mean())
        _, pred = torch.max(out, 1)
        acc2 = float((pred == y).float().mean())
        top = float(np.argmax(out.numpy(), axis=1).mean())
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"accuracy": acc, "acc2": acc2, "mean_class": top,
                                                               "max_age": float(df["age"].max())}))
