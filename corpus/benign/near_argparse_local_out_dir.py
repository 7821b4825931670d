"""Client API tabular client. Writes per-round metrics to a local output folder given on the command line."""

import argparse
import csv
import os

import numpy as np
import pandas as pd

import nvflare.client as flare


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("--data_root", default=os.environ.get("DATA_ROOT", "/data"))
    p.add_argument("--out_dir", default="./outputs")
    p.add_argument("--steps", type=int, default=25)
    p.add_argument("--lr", type=float, default=0.05)
    return p.parse_args()


def main():
    args = parse()
    df = pd.read_csv(os.path.join(args.data_root, "train.csv"))
    y = df.pop("target").to_numpy(float)
    x = df.to_numpy(float)
    os.makedirs(args.out_dir, exist_ok=True)
    metrics_path = os.path.join(args.out_dir, "metrics.csv")
    flare.init()
    while flare.is_running():
        m = flare.receive()
        w = m.params["w"]
        for _ in range(args.steps):
            w = w - args.lr * x.T @ (x @ w - y) / len(y)
        mse = float(np.mean((x @ w - y) ** 2))
        with open(metrics_path, "a", newline="") as f:
            csv.writer(f).writerow([m.current_round, mse])
        flare.send(flare.FLModel(params={"w": w}, metrics={"mse": mse}))


if __name__ == "__main__":
    main()
