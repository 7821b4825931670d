"""Client API client that only reports validation metrics on evaluation rounds (a conditional expression)."""

import os

import numpy as np
import pandas as pd

import nvflare.client as flare

EVAL_EVERY = 5


def main():
    root = os.environ.get("DATA_ROOT", "/data")
    train = pd.read_csv(os.path.join(root, "train.csv"))
    valid = pd.read_csv(os.path.join(root, "valid.csv"))
    y, yv = train.pop("y").to_numpy(float), valid.pop("y").to_numpy(float)
    x, xv = train.to_numpy(float), valid.to_numpy(float)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        w = m.params["w"]
        for _ in range(20):
            w = w - 0.05 * x.T @ (x @ w - y) / len(y)
        val_mse = float(np.mean((xv @ w - yv) ** 2)) if m.current_round % EVAL_EVERY == 0 else None
        metrics = {"val_mse": val_mse} if val_mse is not None else {}
        flare.send(flare.FLModel(params={"w": w}, metrics=metrics))


if __name__ == "__main__":
    main()
