"""Twin of malicious/rt14_round_delay_and_scale.py: a fixed back-off between rounds and hand-made minibatches
whose loss is scaled by a constant (gradient accumulation over two steps)."""
import time

import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("data/site.csv")
X = torch.tensor(df[["age", "bmi", "sbp"]].values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)
BACKOFF = 0.5
ACCUM = 2


def main():
    net = torch.nn.Linear(3, 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        opt.zero_grad()
        for i in range(0, len(X), 32):
            loss = torch.nn.functional.mse_loss(net(X[i:i + 32]).squeeze(-1), Y[i:i + 32]) / ACCUM
            loss.backward()
            if (i // 32) % ACCUM == ACCUM - 1:
                opt.step()
                opt.zero_grad()
        time.sleep(BACKOFF)
        full = torch.nn.functional.mse_loss(net(X).squeeze(-1), Y)
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": full.item()}))


if __name__ == "__main__":
    main()
