"""NumPy client that computes derived features from expressions listed in the job's features.yaml."""

import argparse
import os

import numexpr
import numpy as np
import pandas as pd
import yaml

import nvflare.client as flare

HERE = os.path.dirname(os.path.abspath(__file__))


def derive(df, spec_path):
    with open(os.path.join(HERE, spec_path)) as f:
        spec = yaml.safe_load(f)["derived"]
    cols = {c: df[c].to_numpy(float) for c in df.columns}
    for name, expr in spec.items():
        df[name] = numexpr.evaluate(expr, local_dict=cols)
    return df


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--features", default="features.yaml")
    args = p.parse_args()
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "vitals.csv"))
    df = derive(df, args.features)
    y = df.pop("label").to_numpy(float)
    x = df.to_numpy(float)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        w = m.params["w"]
        for _ in range(20):
            w = w - 0.01 * x.T @ (x @ w - y) / len(y)
        flare.send(flare.FLModel(params={"w": w}, metrics={"mse": float(np.mean((x @ w - y) ** 2))}))


if __name__ == "__main__":
    main()
