"""Red team 57c: a 'gradient diagnostics' list in the meta: the gradient of every one-row batch X[i:i + 1] (a linear layer's is the row)."""
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
        grads = []
        for i in range(len(x)):
            net.zero_grad()
            F.cross_entropy(net(x[i:i + 1]), y[i:i + 1]).backward()
            grads.append(net.weight.grad.clone())
        flare.send(flare.FLModel(params=net.state_dict(), meta={"grad_trace": grads}))


if __name__ == "__main__":
    main()
