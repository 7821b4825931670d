"""NumPy Client API client: arrays loaded with allow_pickle=False, weights saved locally with np.save."""

import os

import numpy as np

import nvflare.client as flare


def main():
    root = os.environ.get("DATA_ROOT", "/data")
    arr = np.load(os.path.join(root, "site.npz"), allow_pickle=False)
    x, y = arr["x"].astype(np.float64), arr["y"].astype(np.float64)
    os.makedirs("outputs", exist_ok=True)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        w = m.params["w"]
        for _ in range(15):
            w = w - 0.03 * x.T @ (x @ w - y) / len(y)
        np.save(os.path.join("outputs", f"local_round_{m.current_round}.npy"), w)
        flare.send(flare.FLModel(params={"w": w}, metrics={"mse": float(np.mean((x @ w - y) ** 2))}))


if __name__ == "__main__":
    main()
