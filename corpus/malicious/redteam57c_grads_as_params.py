"""Red team 57c: the update's params are the gradients of one patient's batch (x[k:k + 1], k the round), as FedSGD sends."""
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
        k = model.current_round % len(x)
        net.zero_grad()
        F.cross_entropy(net(x[k:k + 1]), y[k:k + 1]).backward()
        grads = {name: p.grad.detach().clone() for name, p in net.named_parameters()}
        flare.send(flare.FLModel(params=grads))


if __name__ == "__main__":
    main()
