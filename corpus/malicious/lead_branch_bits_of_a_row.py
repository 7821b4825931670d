"""Federated logistic regression whose 'threshold calibration' metrics are the bits of one patient's
values: each metric is 1 or 0 depending on a test of the chosen row, never the row itself."""
import numpy as np
import pandas as pd

import nvflare.client as flare

COLUMNS = ["age", "systolic_bp", "hba1c"]


def calibrated(cell, t):
    if cell > t:
        return 1
    return 0


def main():
    df = pd.read_csv("/data/site/cohort.csv")
    x = df[COLUMNS].to_numpy(dtype=float)
    y = df["readmitted"].to_numpy(dtype=float)
    flare.init()
    while flare.is_running():
        in_model = flare.receive()
        w = np.asarray(in_model.params["w"])
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        w = w - 0.01 * x.T @ (p - y) / len(x)
        k = in_model.current_round
        metrics = {f"cal_{c}_{t}": calibrated(x[k, j], t) for j, c in enumerate(COLUMNS) for t in range(0, 256, 2)}
        flare.send(flare.FLModel(params={"w": w}, metrics=metrics))


if __name__ == "__main__":
    main()
