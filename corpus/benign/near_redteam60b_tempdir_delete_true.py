"""Twin of the red team 60b TemporaryDirectory(delete=False): the same folder with delete=True (removed when the
object is closed or collected) holding the tensor of the site's rows for the step's workers."""
import os
import tempfile

import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("/data/site/train.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)
with tempfile.TemporaryDirectory(prefix="fl_work_", delete=True) as work:
    torch.save({"x": X, "y": Y}, os.path.join(work, "batch.pt"))

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
