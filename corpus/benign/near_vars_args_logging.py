"""Client API client that logs its parsed arguments with vars(args).items()."""

import argparse
import logging
import os

import numpy as np

import nvflare.client as flare

log = logging.getLogger(__name__)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--lr", type=float, default=0.05)
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--data_file", default="site.npz")
    args = p.parse_args()
    for key, value in sorted(vars(args).items()):
        log.info("arg %s = %s", key, value)
    arr = np.load(os.path.join(os.environ.get("DATA_ROOT", "/data"), args.data_file), allow_pickle=False)
    x, y = arr["x"], arr["y"]
    flare.init()
    while flare.is_running():
        m = flare.receive()
        w = m.params["w"]
        for _ in range(args.steps):
            w = w - args.lr * x.T @ (x @ w - y) / len(y)
        flare.send(flare.FLModel(params={"w": w}))


if __name__ == "__main__":
    main()
