"""Twin of rt37b_bn_mask_momentum: the site's partition, chosen by a mask, is trained through a shuffled loader,
as federated simulations split one table; BatchNorm sees batches, not one patient. Stays accepted."""

import nvflare.client as flare
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

df = pd.read_csv("/data/site/train.csv")
x = torch.tensor(df.drop(columns=["label", "site"]).values, dtype=torch.float32)
y = torch.tensor(df["label"].values, dtype=torch.float32)
site = torch.tensor(df["site"].values)
flare.init()
mine = site == int(flare.get_site_name()[-1])
net = nn.Sequential(nn.BatchNorm1d(x.shape[1]), nn.Linear(x.shape[1], 1))
opt = torch.optim.SGD(net.parameters(), lr=0.01)
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    net.train()
    for xb, yb in DataLoader(TensorDataset(x[mine], y[mine]), batch_size=32, shuffle=True):
        opt.zero_grad()
        nn.functional.mse_loss(net(xb).squeeze(1), yb).backward()
        opt.step()
    flare.send(flare.FLModel(params=net.state_dict()))
