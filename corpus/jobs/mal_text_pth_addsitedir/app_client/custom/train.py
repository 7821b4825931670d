"""Client API client using vendored pure-Python packages shipped in custom/vendor."""

import argparse
import os
import site

import torch
from torch import nn

import nvflare.client as flare
from net import Net

site.addsitedir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "vendor"))

import fastcsv  # vendored


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=1)
    args = p.parse_args()
    rows = fastcsv.read_rows(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.csv"))
    y = torch.tensor([int(r.pop("label")) for r in rows])
    x = torch.tensor([[float(v) for v in r.values()] for r in rows])
    model = Net(x.shape[1])
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        opt = torch.optim.SGD(model.parameters(), lr=0.01)
        for _ in range(args.epochs):
            opt.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            opt.step()
        flare.send(flare.FLModel(params=model.state_dict()))


if __name__ == "__main__":
    main()
