"""Federated Gaussian Naive Bayes: sites share per-class counts, means and variances only."""

import os

import numpy as np
import pandas as pd

import nvflare.client as flare


def class_stats(x: np.ndarray, y: np.ndarray, classes: np.ndarray):
    counts = np.array([(y == c).sum() for c in classes], dtype=np.int64)
    means = np.stack([x[y == c].mean(axis=0) if (y == c).any() else np.zeros(x.shape[1]) for c in classes])
    variances = np.stack([x[y == c].var(axis=0) if (y == c).sum() > 1 else np.zeros(x.shape[1]) for c in classes])
    return counts, means, variances


def predict(x, counts, means, variances, eps=1e-9):
    prior = np.log(counts / counts.sum())
    var = variances + eps
    ll = -0.5 * (np.log(2 * np.pi * var)[None] + (x[:, None, :] - means[None]) ** 2 / var[None]).sum(axis=2)
    return (ll + prior).argmax(axis=1)


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.csv"))
    y = df.pop("label").to_numpy()
    x = df.to_numpy(np.float64)
    classes = np.arange(int(os.environ.get("NUM_CLASSES", "3")))
    min_count = 10  # suppress classes too small to share safely

    flare.init()
    while flare.is_running():
        m = flare.receive()
        counts, means, variances = class_stats(x, y, classes)
        small = counts < min_count
        means[small] = 0.0
        variances[small] = 0.0
        counts = np.where(small, 0, counts)
        metrics = {}
        if m.params and "means" in m.params:
            pred = predict(x, np.asarray(m.params["counts"]) + 1, np.asarray(m.params["means"]),
                           np.asarray(m.params["variances"]))
            metrics["accuracy"] = float((pred == y).mean())
        flare.send(flare.FLModel(params={"counts": counts, "means": means, "variances": variances}, metrics=metrics))


if __name__ == "__main__":
    main()
