"""scikit-learn MiniBatchKMeans client: the server aggregates centers weighted by counts."""

import logging
import os

import numpy as np
from sklearn.cluster import MiniBatchKMeans
from sklearn.metrics import homogeneity_score

import nvflare.client as flare

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
logger = logging.getLogger("kmeans-client")


def main():
    data_root = os.environ.get("DATA_ROOT", "/data")
    data = np.loadtxt(os.path.join(data_root, "iris.csv"), delimiter=",", skiprows=1)
    x, y = data[:, :-1], data[:, -1].astype(int)
    n_clusters = 3

    flare.init()
    while flare.is_running():
        in_model = flare.receive()
        global_centers = in_model.params.get("center")
        if global_centers is None:
            model = MiniBatchKMeans(n_clusters=n_clusters, batch_size=32, n_init=3, random_state=0)
        else:
            model = MiniBatchKMeans(n_clusters=n_clusters, batch_size=32, n_init=1, init=np.asarray(global_centers))
        model.fit(x)
        counts = np.bincount(model.labels_, minlength=n_clusters)
        score = homogeneity_score(y, model.predict(x))
        logger.info("round %s: homogeneity %.3f, counts %s", in_model.current_round, score, counts.tolist())
        flare.send(
            flare.FLModel(params={"center": model.cluster_centers_, "count": counts},
                          metrics={"homogeneity": float(score)})
        )


if __name__ == "__main__":
    main()
