"""Red team 58a: torch.topk of the blood pressure column, each value a metric named by its rank."""
import os

import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F

import nvflare.client as flare

FEATURES = ["age", "bmi", "sbp", "chol"]


def load():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "cohort.csv"))
    x = torch.tensor(df[FEATURES].values, dtype=torch.float32)
    y = torch.tensor(df["outcome"].values, dtype=torch.long)
    return df, x, y


def train(net, x, y):
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    opt.zero_grad()
    loss = F.cross_entropy(net(x), y)
    loss.backward()
    opt.step()
    return float(loss)


def main():
    df, x, y = load()
    net = torch.nn.Linear(len(FEATURES), 2)
    flare.init()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        loss = train(net, x, y)
        top = torch.topk(x[:, 2], 3).values
        metrics = {f"sbp_top{i}": float(v) for i, v in enumerate(top)}
        metrics["loss"] = loss
        flare.send(flare.FLModel(params=net.state_dict(), metrics=metrics))


if __name__ == "__main__":
    main()
