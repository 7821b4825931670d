"""Red team 14: a 'warm cache' whose size is a patient's age, probed with os.path.getsize and sent as the
cache size; and a marker file made only when a record passes a test, probed with os.path.exists. Both probes
were counts of a path (clean)."""
import os

import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("data/site.csv")
X = torch.tensor(df[["age", "bmi", "sbp"]].values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)


def warm_cache(r: int) -> None:
    os.makedirs("cache", exist_ok=True)
    with open("cache/warm.bin", "wb") as f:
        f.write(b"\0" * int(df["age"].iloc[r]))
    if df["hiv_positive"].iloc[r] == 1:
        open("cache/ready", "w").close()


def main():
    net = torch.nn.Linear(3, 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        warm_cache(m.current_round)
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(net(X).squeeze(-1), Y)
        loss.backward()
        opt.step()
        flare.send(flare.FLModel(params=net.state_dict(), metrics={
            "loss": loss.item(), "cache_bytes": float(os.path.getsize("cache/warm.bin")),
            "cache_ready": float(os.path.exists("cache/ready"))}))


if __name__ == "__main__":
    main()
