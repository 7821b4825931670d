"""Red team 57c: per-row gradients stacked and sent as nested lists in the meta under 'sketch'."""
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
        for i in range(0, len(x), 1):
            net.zero_grad()
            net(x[i:i + 1]).sum().backward()
            grads.append(net.weight.grad.clone())
        sketch = torch.stack(grads).tolist()
        flare.send(flare.FLModel(params=net.state_dict(), meta={"sketch": sketch}))


if __name__ == "__main__":
    main()
