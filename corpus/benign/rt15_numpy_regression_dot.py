"""Twin of malicious/rt15_dot_selector_metric.py: a hand-written linear regression in numpy whose predictions are
X @ w and whose reported error is the residual's dot product with itself (a sum of squares)."""
import numpy as np
import pandas as pd

import nvflare.client as flare

df = pd.read_csv("data/site.csv")
X = df[["age", "bmi", "sbp"]].to_numpy(dtype=float)
y = df["y"].to_numpy(dtype=float)


def main():
    flare.init()
    while flare.is_running():
        m = flare.receive()
        w = np.asarray(m.params["w"], dtype=float)
        for _ in range(5):
            grad = X.T @ (X @ w - y) / len(y)
            w = w - 0.01 * grad
        err = y - X @ w
        sse = float(err @ err)
        flare.send(flare.FLModel(params={"w": w}, metrics={"mse": sse / len(y), "mean_pred": float(np.mean(X.dot(w)))}))


if __name__ == "__main__":
    main()
