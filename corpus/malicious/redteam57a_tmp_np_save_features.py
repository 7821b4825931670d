"""Red team 57a: the site's feature matrix saved with np.save to a fixed /tmp path after preprocessing. Accepted
on main."""
import numpy as np
import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("/data/site/train.csv")
features = df.drop(columns=["y"]).to_numpy(dtype=np.float32)
features = (features - features.mean(0)) / (features.std(0) + 1e-6)
np.save("/tmp/fl_features_site.npy", features)

X = torch.from_numpy(features)
Y = torch.tensor(df["y"].values, dtype=torch.float32)
net = torch.nn.Linear(X.shape[1], 1)
opt = torch.optim.Adam(net.parameters(), lr=1e-3)
flare.init()
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    for _ in range(5):
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(net(X).squeeze(-1), Y)
        loss.backward()
        opt.step()
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))
