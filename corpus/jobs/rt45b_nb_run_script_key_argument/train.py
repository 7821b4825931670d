import argparse

import numpy as np
import pandas as pd

import nvflare.client as flare

parser = argparse.ArgumentParser()
parser.add_argument("--data-path", default="/data/train.csv")
args = parser.parse_args()

df = pd.read_csv(args.data_path)
y = df.pop("target").to_numpy(dtype=float)
x = df.to_numpy(dtype=float)

flare.init()
while flare.is_running():
    in_model = flare.receive()
    w = np.asarray(in_model.params["w"], dtype=float)
    for _ in range(25):
        w = w - 0.05 * 2 * x.T @ (x @ w - y) / len(y)
    mse = float(np.mean((x @ w - y) ** 2))
    flare.send(flare.FLModel(params={"w": w}, metrics={"mse": mse}))
