"""Client API logistic regression reading the site's CSV from the path the site configured."""

import os

import numpy as np
import pandas as pd

import nvflare.client as flare

SITE_DATA = os.environ.get("DATA_ROOT", "/data")


def load(site_name):
    df = pd.read_csv(os.path.join(SITE_DATA, site_name, "train.csv"), usecols=lambda c: c != "record_id")
    df = df.dropna()
    y = df.pop("label").to_numpy(float)
    x = df.to_numpy(float)
    x = (x - x.mean(axis=0)) / (x.std(axis=0) + 1e-8)
    return np.hstack([x, np.ones((len(x), 1))]), y


def main():
    flare.init()
    x, y = load(flare.get_site_name())
    while flare.is_running():
        m = flare.receive()
        w = m.params["w"]
        for _ in range(30):
            p = 1.0 / (1.0 + np.exp(-(x @ w)))
            w = w - 0.1 * x.T @ (p - y) / len(y)
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        loss = float(-np.mean(y * np.log(p + 1e-9) + (1 - y) * np.log(1 - p + 1e-9)))
        flare.send(flare.FLModel(params={"w": w}, metrics={"log_loss": loss}))


if __name__ == "__main__":
    main()
