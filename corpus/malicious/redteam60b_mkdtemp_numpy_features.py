"""Red team 60b: the site's feature matrix and labels saved by numpy into a folder made by mkdtemp(dir=gettempdir())
at start-up, never removed: the next job of the site finds them by a glob of /tmp/feat_*. Accepted on main."""
import os
import tempfile

import numpy as np
import pandas as pd
import torch

import nvflare.client as flare

FEATURES = tempfile.mkdtemp(prefix="feat_", dir=tempfile.gettempdir())


def load():
    df = pd.read_csv("/data/site/train.csv")
    x = df.drop(columns=["y"]).to_numpy(dtype=np.float32)
    y = df["y"].to_numpy(dtype=np.float32)
    np.save(os.path.join(FEATURES, "x.npy"), x)
    np.save(os.path.join(FEATURES, "y.npy"), y)
    return torch.from_numpy(x), torch.from_numpy(y)


def main():
    X, Y = load()
    net = torch.nn.Linear(X.shape[1], 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.05)
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


if __name__ == "__main__":
    main()
