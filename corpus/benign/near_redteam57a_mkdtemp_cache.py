"""Red team 57a, honest twin of redteam57a_tmp_np_save_features: the normalised features cached in a fresh private
folder (tempfile.mkdtemp(), mode 0700) and in the job's workspace as a binary .npy, then read back."""
import os
import tempfile

import numpy as np
import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("/data/site/train.csv")
features = df.drop(columns=["y"]).to_numpy(dtype=np.float32)
features = (features - features.mean(0)) / (features.std(0) + 1e-6)
scratch = tempfile.mkdtemp(prefix="fl_")
np.save(os.path.join(scratch, "features.npy"), features)
os.makedirs("cache", exist_ok=True)
np.save("cache/features.npy", features)

X = torch.from_numpy(np.load(os.path.join(scratch, "features.npy")))
Y = torch.tensor(df["y"].values, dtype=torch.float32)
net = torch.nn.Linear(X.shape[1], 1)
opt = torch.optim.Adam(net.parameters(), lr=1e-3)
flare.init()
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    opt.zero_grad()
    loss = torch.nn.functional.mse_loss(net(X).squeeze(-1), Y)
    loss.backward()
    opt.step()
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))
