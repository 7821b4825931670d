"""Client API client configured by non-secret environment variables (data root, threads, seed, site)."""

import os
import random

import numpy as np
import pandas as pd

import nvflare.client as flare

DATA_ROOT = os.environ.get("DATA_ROOT", "/data")
SEED = int(os.environ.get("FL_SEED", "0"))
N_THREADS = int(os.getenv("OMP_NUM_THREADS", "2"))
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")


def main():
    random.seed(SEED)
    np.random.seed(SEED)
    df = pd.read_csv(os.path.join(DATA_ROOT, "train.csv"))
    y = df.pop("y").to_numpy(float)
    x = df.to_numpy(float)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        w = m.params["w"]
        idx = np.random.permutation(len(y))[:256]
        for _ in range(10):
            w = w - 0.05 * x[idx].T @ (x[idx] @ w - y[idx]) / len(idx)
        flare.send(flare.FLModel(params={"w": w}, metrics={"mse": float(np.mean((x @ w - y) ** 2))}))


if __name__ == "__main__":
    main()
