"""Twin of the red team 60b mkdtemp spill: the site's table written into a TemporaryDirectory that the with block
removes: gone when the job ends."""
import os
import tempfile

import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("/data/site/train.csv")
with tempfile.TemporaryDirectory(prefix="fl_cache_") as cache_dir:
    df.to_csv(os.path.join(cache_dir, "train.csv"), index=False)
    print(f"table cached in {cache_dir}")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)

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
