import os

import numpy as np
import pandas as pd

import nvflare.client as flare

from cache import Cache


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.csv"))
    y = df.pop("label").to_numpy(float)
    x = df.to_numpy(float)
    flare.init()
    while flare.is_running():
        model = flare.receive()
        w = np.asarray(model.params["w"])
        for _ in range(5):
            w = w - 0.01 * x.T @ (x @ w - y) / len(y)
        c = Cache(df)
        del c
        flare.send(flare.FLModel(params={"w": w}, meta={}))


if __name__ == "__main__":
    main()
