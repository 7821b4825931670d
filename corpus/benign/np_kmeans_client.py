"""Federated k-means (mini-batch style) with NumPy: sites return centroid sums and counts."""

import os

import numpy as np

import nvflare.client as flare


def assign(points, centroids):
    d = ((points[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
    return d.argmin(axis=1)


def partial_stats(points, centroids):
    labels = assign(points, centroids)
    k, dim = centroids.shape
    sums = np.zeros((k, dim))
    counts = np.zeros(k, dtype=np.int64)
    for c in range(k):
        members = points[labels == c]
        counts[c] = len(members)
        if len(members):
            sums[c] = members.sum(axis=0)
    inertia = float(((points - centroids[labels]) ** 2).sum())
    return sums, counts, inertia


def init_centroids(points, k, seed):
    rng = np.random.default_rng(seed)
    idx = rng.choice(len(points), size=k, replace=False)
    return points[idx]


def main():
    data_root = os.environ.get("DATA_ROOT", "/data")
    points = np.load(os.path.join(data_root, "features.npy"), allow_pickle=False)
    points = (points - points.mean(axis=0)) / (points.std(axis=0) + 1e-8)

    flare.init()
    while flare.is_running():
        in_model = flare.receive()
        centroids = in_model.params.get("centroids")
        if centroids is None or len(centroids) == 0:
            k = int(in_model.params.get("k", 8))
            # first round: a few local Lloyd iterations from random seeds; only the resulting
            # cluster means (aggregates, never raw points) and their sizes are proposed
            centroids = init_centroids(points, k, seed=in_model.current_round or 0)
            for _ in range(5):
                sums, counts, _ = partial_stats(points, centroids)
                centroids = np.where(counts[:, None] > 0, sums / np.maximum(counts, 1)[:, None], centroids)
            sums, counts, _ = partial_stats(points, centroids)
            flare.send(flare.FLModel(params={"sums": sums, "counts": counts}))
            continue
        centroids = np.asarray(centroids)
        sums, counts, inertia = partial_stats(points, centroids)
        flare.send(
            flare.FLModel(
                params={"sums": sums, "counts": counts},
                metrics={"inertia": inertia / len(points)},
                meta={"NUM_STEPS_CURRENT_ROUND": len(points)},
            )
        )


if __name__ == "__main__":
    main()
