"""Red team 58c, honest twin of redteam58c_path_gettempdir_parquet: only the number of rows, written at a fixed
name under Path(tempfile.gettempdir()) for the site's monitoring."""
import tempfile
from pathlib import Path

import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("/data/site/train.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)

flare.init()
net = torch.nn.Linear(X.shape[1], 1)
opt = torch.optim.SGD(net.parameters(), lr=0.1)
with open(Path(tempfile.gettempdir()) / "fl_rows_seen.txt", "w") as fh:
    fh.write(str(len(df)))

while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    opt.zero_grad()
    loss = torch.nn.functional.mse_loss(net(X).squeeze(-1), Y)
    loss.backward()
    opt.step()
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))
