"""Red team 59c: a TensorBoard SummaryWriter with its log_dir in the shared /tmp, given the site's feature
matrix as a histogram and each row's label as a scalar: the event file holds them. Accepted on main."""
from torch.utils.tensorboard import SummaryWriter
import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("/data/site/train.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)
tb = SummaryWriter(log_dir="/tmp/fl_runs/site")
tb.add_histogram("features", X, 0)
for i, label in enumerate(df["y"].tolist()):
    tb.add_scalar("label", label, i)

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
