"""Twin of malicious/rt13_rng_advance_bit.py and rt13_rng_setstate_row.py: noise from a generator seeded by the
server, warmed up on even rounds, and Python's generator state restored every round."""
import random

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
    random.seed(0)
    start = random.getstate()
    flare.init()
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        random.setstate(start)  # the same shuffles every round
        order = list(range(5))
        random.shuffle(order)
        for _ in range(5):
            opt.zero_grad()
            loss = ((net(X).squeeze(-1) - Y) ** 2).mean()
            loss.backward()
            opt.step()
        rng = np.random.default_rng(m.meta.get("seed", 0))
        if m.current_round % 2 == 0:
            rng.random()
        with torch.no_grad():
            for p in net.parameters():
                p.add_(torch.from_numpy(rng.standard_normal(tuple(p.shape))).float() * 1e-3)
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
