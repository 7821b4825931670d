"""Twin of malicious/rt14_cache_marker_size.py: the job resumes from a checkpoint it saved if it is there and
reports the checkpoint's size; the folders it makes do not depend on the data."""
import os

import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("data/site.csv")
X = torch.tensor(df[["age", "bmi", "sbp"]].values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)


def main():
    net = torch.nn.Linear(3, 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    os.makedirs("checkpoints", exist_ok=True)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(net(X).squeeze(-1), Y)
        loss.backward()
        opt.step()
        torch.save(net.state_dict(), "checkpoints/last.pt")
        size = os.path.getsize("checkpoints/last.pt") if os.path.exists("checkpoints/last.pt") else 0
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item(), "ckpt_bytes": float(size)}))


if __name__ == "__main__":
    main()
