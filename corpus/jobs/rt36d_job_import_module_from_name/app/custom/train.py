import os

import numpy as np
import pandas as pd

import nvflare.client as flare

import helpers


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
        info = helpers.sibling().describe(df)
        flare.send(flare.FLModel(params={"w": w}, meta={"info": info}))


if __name__ == "__main__":
    main()
