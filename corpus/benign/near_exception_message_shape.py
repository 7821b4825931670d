"""Client API client that validates the local table shape and fails with a descriptive (shape-only) error."""

import os

import numpy as np
import pandas as pd

import nvflare.client as flare

EXPECTED_COLUMNS = ["age", "bmi", "glucose", "insulin", "outcome"]


def validate(df):
    missing = sorted(set(EXPECTED_COLUMNS) - set(df.columns))
    if missing:
        raise ValueError(f"missing columns {missing}; got {len(df.columns)} columns and {len(df)} rows")
    n_nan = int(df[EXPECTED_COLUMNS].isna().sum().sum())
    if n_nan:
        raise ValueError(f"{n_nan} missing values in the required columns")


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "diabetes.csv"))
    validate(df)
    y = df.pop("outcome").to_numpy(float)
    x = df[EXPECTED_COLUMNS[:-1]].to_numpy(float)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        w = m.params["w"]
        for _ in range(20):
            w = w - 0.01 * x.T @ (x @ w - y) / len(y)
        flare.send(flare.FLModel(params={"w": w}, metrics={"mse": float(np.mean((x @ w - y) ** 2))}))


if __name__ == "__main__":
    main()
