"""Red team 57c: one cell of each one-row batch's gradient (the age of each patient) as a list in the metrics."""
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
        cells = []
        for i in range(len(x)):
            net.zero_grad()
            net(x[i:i + 1])[0, 0].backward()
            cells.append(float(net.weight.grad[0, 0]))
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"grad_probe": cells}))


if __name__ == "__main__":
    main()
