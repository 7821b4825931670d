"""Federated logistic regression in plain NumPy (Newton-free, full-batch gradient descent)."""

import os

import numpy as np
import pandas as pd

import nvflare.client as flare
from nvflare.app_common.abstract.fl_model import ParamsType


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


def load_site_data(data_root):
    df = pd.read_csv(os.path.join(data_root, "train.csv"))
    y = df.pop("label").to_numpy(dtype=np.float64)
    x = df.to_numpy(dtype=np.float64)
    x = np.hstack([np.ones((x.shape[0], 1)), x])  # bias column
    return x, y


def local_steps(w, x, y, lr, steps, l2):
    n = x.shape[0]
    for _ in range(steps):
        p = sigmoid(x @ w)
        grad = x.T @ (p - y) / n + l2 * w
        w = w - lr * grad
    return w


def log_loss(w, x, y):
    p = np.clip(sigmoid(x @ w), 1e-9, 1 - 1e-9)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def main():
    data_root = os.environ.get("DATA_ROOT", "/data")
    x, y = load_site_data(data_root)
    lr, steps, l2 = 0.1, 20, 1e-4

    flare.init()
    site = flare.get_site_name()
    while flare.is_running():
        in_model = flare.receive()
        w_global = np.asarray(in_model.params["w"], dtype=np.float64)
        if w_global.shape[0] != x.shape[1]:
            raise ValueError(f"{site}: model has {w_global.shape[0]} weights, data has {x.shape[1]} columns")
        w_local = local_steps(w_global.copy(), x, y, lr, steps, l2)
        acc = float(np.mean((sigmoid(x @ w_local) > 0.5) == (y > 0.5)))
        flare.send(
            flare.FLModel(
                params={"w": w_local - w_global},
                params_type=ParamsType.DIFF,
                metrics={"accuracy": acc, "loss": log_loss(w_local, x, y)},
                meta={"NUM_STEPS_CURRENT_ROUND": steps},
            )
        )


if __name__ == "__main__":
    main()
