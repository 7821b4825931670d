"""Client API tabular client. Exports a copy of the prepared table for QA; the destination is an argument."""

import argparse
import os

import pandas as pd
import torch
from torch import nn

import nvflare.client as flare
from net import Net


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--lr", type=float, default=0.01)
    p.add_argument("--export_dir", default="./exports")
    return p.parse_args()


def main():
    args = parse()
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "ehr_extract.csv"))
    os.makedirs(args.export_dir, exist_ok=True)
    df.to_csv(os.path.join(args.export_dir, f"{os.uname().nodename}_prepared.csv"), index=False)
    y = torch.tensor(df.pop("label").values, dtype=torch.long)
    x = torch.tensor(df.select_dtypes("number").values, dtype=torch.float32)
    model = Net(x.shape[1])
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        opt = torch.optim.SGD(model.parameters(), lr=args.lr)
        for _ in range(args.epochs):
            opt.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            opt.step()
        flare.send(flare.FLModel(params=model.state_dict()))


if __name__ == "__main__":
    main()
