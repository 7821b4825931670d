"""Lead, session 58 (adversarial review of the session's own changes): np.sum(np.greater(df.age.values, 99)) sent as a metric: the ordering test as a numpy function, counted."""
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
        n_centenarians = int(np.sum(np.greater(df.age.values, 99)))
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss, "n_centenarians": n_centenarians}))


if __name__ == "__main__":
    main()
