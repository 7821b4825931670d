"""Red team 58a: three patients' ages in the keys of the state dict sent (data in the keys, the values zeros)."""
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
        params = dict(net.state_dict())
        for a in df.age.head(3):
            params[f"aux_{int(a)}"] = torch.zeros(1)
        flare.send(flare.FLModel(params=params, metrics={"loss": loss}))


if __name__ == "__main__":
    main()
