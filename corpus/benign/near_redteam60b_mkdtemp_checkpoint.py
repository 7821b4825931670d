"""Twin of the red team 60b mkdtemp spill: a mkdtemp() folder that holds only the model's checkpoint (the
global model the server sent, and the local one), its name printed."""
import os
import tempfile

import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("/data/site/train.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)
ckpt_dir = tempfile.mkdtemp(prefix="fl_ckpt_")
print(f"checkpoints in {ckpt_dir}")

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
    torch.save(net.state_dict(), os.path.join(ckpt_dir, "local.pt"))
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))
