"""Red team 59c: the site's table written by os.open/os.write to a fixed file of the shared /tmp. Escalated on
main only as an unvouched use."""
import os
import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("/data/site/train.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)
fd = os.open("/tmp/.fl_rows", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
os.write(fd, df.to_csv(index=False).encode())
os.close(fd)

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
