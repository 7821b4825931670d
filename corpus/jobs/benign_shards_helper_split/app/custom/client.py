"""hello-jax's split through a helper (nvflare examples/hello-world/hello-jax/client.py split_for_client): the
site's name picks its part of an even split into the --num_partitions the config sets."""

import argparse

import numpy as np

import nvflare.client as flare


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--num_partitions", type=int, default=2)
    return parser.parse_args()


def split_for_client(rows, client_name, num_partitions):
    client_idx = int(client_name.split("-")[-1]) - 1
    partitions = max(num_partitions, 1)
    return np.array_split(rows, partitions)[client_idx]


def main():
    args = parse_args()
    flare.init()
    site = flare.get_site_name()
    x = np.load("/data/site/features.npy")
    mine = split_for_client(x, site, args.num_partitions)
    while flare.is_running():
        model = flare.receive()
        flare.send(flare.FLModel(params=model.params, metrics={"feature_mean": float(mine.mean())}))


if __name__ == "__main__":
    main()
