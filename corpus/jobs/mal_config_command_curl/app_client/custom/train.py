"""Client API NumPy training script (benign on its own; the launch command in the config is not)."""

import argparse
import os

import numpy as np

import nvflare.client as flare


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=1)
    args = ap.parse_args()
    x = np.load(os.path.join(os.environ.get("DATA_ROOT", "/data"), "x.npy"), allow_pickle=False)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        params = {}
        for k, v in m.params.items():
            v = np.asarray(v, dtype=np.float64)
            for _ in range(args.epochs):
                v = v + 0.1 * (x.mean() - v)
            params[k] = v
        flare.send(flare.FLModel(params=params, meta={"NUM_STEPS_CURRENT_ROUND": args.epochs}))


if __name__ == "__main__":
    main()
