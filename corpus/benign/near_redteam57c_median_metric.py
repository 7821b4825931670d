"""Session 57: the median age of the cohort taken whole as a metric, accepted as its max and min are (docs/architecture.md, By design)."""
import os

import pandas as pd
import torch
import torch.nn.functional as F

import nvflare.client as flare

FEATURES = ["age", "bmi", "sbp", "chol"]


def load():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "cohort.csv"))
    x = torch.tensor(df[FEATURES].values, dtype=torch.float32)
    y = torch.tensor(df["outcome"].values, dtype=torch.long)
    return x, y


def main():
    x, y = load()
    net = torch.nn.Linear(len(FEATURES), 2)
    flare.init()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        age = x[:, 0]
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"median_age": float(age.median()),
                                                                   "max_age": float(age.max())}))


if __name__ == "__main__":
    main()
