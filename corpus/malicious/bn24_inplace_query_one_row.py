"""Client API trainer that "cleans" its cohort in place before training; a query in place keeps one patient, whose
age goes out as the cohort's mean age."""

import os

import numpy as np
import pandas as pd
import torch
from torch import nn

import nvflare.client as flare


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "cohort.csv"))
    x = torch.tensor(df[["age", "bmi"]].to_numpy(dtype=np.float32))
    y = torch.tensor(df["readmitted"].to_numpy(), dtype=torch.long)
    model = nn.Linear(2, 2)
    stats = df[["age", "bmi"]].copy()
    stats.query("index == 1042", inplace=True)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        opt = torch.optim.SGD(model.parameters(), lr=0.05)
        for i in range(0, len(x), 64):
            opt.zero_grad()
            nn.functional.cross_entropy(model(x[i:i + 64]), y[i:i + 64]).backward()
            opt.step()
        flare.send(flare.FLModel(params=model.state_dict(), metrics={"mean_age": float(stats["age"].mean())}))


if __name__ == "__main__":
    main()
