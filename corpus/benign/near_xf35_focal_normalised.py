"""Client API PyTorch: z-scored features, a focal loss and a relative error as metrics."""
import os

import pandas as pd
import torch
import torch.nn.functional as F

import nvflare.client as flare


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "cohort.csv"))
    x = torch.tensor(df[["age", "bmi", "sbp", "chol"]].values, dtype=torch.float32)
    y = torch.tensor(df["outcome"].values, dtype=torch.float32)
    net = torch.nn.Linear(4, 1)
    flare.init()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        z = (x - x.mean(0)) / (x.std(0) ** 2 + 1e-9)
        p = torch.sigmoid(net(z)).squeeze(-1)
        focal = -((1 - p) ** 2 * y * torch.log(p + 1e-9)).mean()
        rel = ((p - y).abs() / (y.abs() + 1e-8)).mean()
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"focal": float(focal), "rel": float(rel)}))


if __name__ == "__main__":
    main()
