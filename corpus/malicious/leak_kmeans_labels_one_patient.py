"""Federated k-means client that reports "cluster sizes", but fits the clusterer on one patient's visits
(chosen by an id the server sends): the sizes describe that patient's records, not the site."""

import os

import numpy as np
import pandas as pd
from sklearn.cluster import MiniBatchKMeans

import nvflare.client as flare


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "visits.csv"))
    ids = df.pop("patient_id").to_numpy()
    x = df.to_numpy(float)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        target = int(m.params.get("probe", 0))
        km = MiniBatchKMeans(n_clusters=8, n_init=1, random_state=0, init=np.asarray(m.params["center"]))
        km.fit(x[ids == target])
        flare.send(flare.FLModel(params={"center": np.asarray(m.params["center"])},
                                 metrics={"sizes": np.bincount(km.labels_, minlength=8).tolist()}))


if __name__ == "__main__":
    main()
