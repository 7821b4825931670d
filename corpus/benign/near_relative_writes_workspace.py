"""Client API client that writes its artefacts relative to the job's run folder (no chdir)."""

import json
import os

import numpy as np

import nvflare.client as flare

OUT = os.path.join(".", "artifacts")


def main():
    arr = np.load(os.path.join(os.environ.get("DATA_ROOT", "/data"), "site.npz"), allow_pickle=False)
    x, y = arr["x"], arr["y"]
    os.makedirs(OUT, exist_ok=True)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        w = m.params["w"]
        for _ in range(10):
            w = w - 0.02 * x.T @ (x @ w - y) / len(y)
        mse = float(np.mean((x @ w - y) ** 2))
        np.save(os.path.join(OUT, f"weights_round_{m.current_round}.npy"), w)
        with open(os.path.join(OUT, "history.json"), "a") as f:
            f.write(json.dumps({"round": m.current_round, "mse": mse}) + "\n")
        flare.send(flare.FLModel(params={"w": w}, metrics={"mse": mse}))


if __name__ == "__main__":
    main()
