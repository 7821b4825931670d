"""Federated Newton-Raphson logistic regression: sends the gradient and the d x d Hessian (X.T @ W @ X)."""

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
        gradient = x.T @ (y - p)
        hessian = -(x.T * (p * (1 - p))) @ x
        loss = float(-np.sum(y * np.log(p + 1e-12) + (1 - y) * np.log(1 - p + 1e-12)))
        flare.send(flare.FLModel(params={"gradient": gradient, "hessian": hessian},
                                 metrics={"loss": loss}, meta={"sample_size": len(y)}))


if __name__ == "__main__":
    main()
