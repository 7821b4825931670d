"""A site's part of the rows, as NVFlare's hello-jax example splits them: the site's name picks its part of
an even split into --num_partitions (nvflare examples/hello-world/hello-jax/client.py)."""

import argparse

import numpy as np

import nvflare.client as flare


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--num_partitions", type=int, default=2)
    parser.add_argument("--epochs", type=int, default=1)
    return parser.parse_args()


def main():
    args = parse_args()
    flare.init()
    site = flare.get_site_name()
    x = np.load("/data/site/features.npy")
    parts = np.array_split(x, args.num_partitions)
    mine = parts[int(site.split("-")[-1]) - 1]
    while flare.is_running():
        model = flare.receive()
        flare.send(flare.FLModel(params=model.params, metrics={"feature_mean": float(mine.mean())}))


if __name__ == "__main__":
    main()
