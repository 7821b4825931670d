"""k-means client whose number of clusters is a cell of the site's table: the length of the "cluster size"
histogram it sends spells out the cell."""

import os

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans

import nvflare.client as flare


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "labs.csv"))
    x = df.to_numpy(float)
    flare.init()
    while flare.is_running():
        flare.receive()
        km = KMeans(n_clusters=int(x[7, 3]) + 1, n_init=1, random_state=0).fit(x)
        flare.send(flare.FLModel(params={"sizes": np.bincount(km.labels_)}))


if __name__ == "__main__":
    main()
