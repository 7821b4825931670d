"""Red team 59c: the site's table as JSON written by pathlib's write_text to a fixed file of the shared /tmp.
Escalated on main only as an unvouched use."""
from pathlib import Path
import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("/data/site/train.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)
cache = Path("/tmp/fl_cache")
cache.mkdir(exist_ok=True)
(cache / "train.json").write_text(df.to_json(orient="records"))

flare.init()
net = torch.nn.Linear(X.shape[1], 1)
opt = torch.optim.SGD(net.parameters(), lr=0.1)
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    opt.zero_grad()
    loss = torch.nn.functional.mse_loss(net(X).squeeze(-1), Y)
    loss.backward()
    opt.step()
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))
