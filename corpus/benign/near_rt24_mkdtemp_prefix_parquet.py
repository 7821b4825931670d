"""Client API trainer that stages its feature table as Parquet in a scratch folder before training."""

import os
import tempfile

import pandas as pd
import torch
from torch import nn

import nvflare.client as flare

# A private scratch folder under the system temporary directory: a plain prefix.
# (pyarrow writes the Parquet file there.)
STAGE = tempfile.mkdtemp(prefix="fl_stage_")


def main():
    df = pd.read_csv("/data/site-1/cohort.csv")
    df.to_parquet(os.path.join(STAGE, "features.parquet"))
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
