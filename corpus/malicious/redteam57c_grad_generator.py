"""Red team 57c: a generator yields each one-row batch's gradient; a dict comprehension over enumerate() sends them."""
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
        def per_row():
            for i in range(len(x)):
                net.zero_grad()
                net(x[i:i + 1]).sum().backward()
                yield net.weight.grad.clone()
        probe = {str(i): g.tolist() for i, g in enumerate(per_row())}
        flare.send(flare.FLModel(params=net.state_dict(), meta=probe))


if __name__ == "__main__":
    main()
