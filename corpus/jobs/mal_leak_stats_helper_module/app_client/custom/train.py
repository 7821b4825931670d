"""Client API tabular client; sends a data-quality summary with its first update."""

import argparse
import os

import pandas as pd
import torch
from torch import nn

import nvflare.client as flare
from fl_utils import describe_site
from net import Net


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=1)
    args = p.parse_args()
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "stroke.csv"))
    summary = describe_site(df)
    y = torch.tensor(df.pop("stroke").values, dtype=torch.long)
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
        meta = {"NUM_STEPS_CURRENT_ROUND": args.epochs}
        if m.current_round == 0:
            meta["site_summary"] = summary
        flare.send(flare.FLModel(params=model.state_dict(), meta=meta))


if __name__ == "__main__":
    main()
