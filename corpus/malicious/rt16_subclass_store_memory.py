"""Red team 16: the cache folder stored on self in a Pipeline subclass's method (self.memory = ...), and an
OPTICS subclass with no __init__ of its own built with memory=...: both hand the folder to joblib.Memory,
which pickles the site's rows into the share. A store on the job's own instance, and a call of the job's
own class, were the job's code; their library base's conditions were never applied."""
import numpy as np
from sklearn.cluster import OPTICS
from sklearn.linear_model import SGDClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

import nvflare.client as flare

CACHE = "/mnt/shared/sklearn-cache"


class TrainingPipeline(Pipeline):
    def warm(self):
        self.memory = CACHE
        return self


class SiteClusters(OPTICS):
    pass


def main():
    data = np.loadtxt("data/site.csv", delimiter=",", skiprows=1)
    X, y = data[:, :-1], data[:, -1]
    pipe = TrainingPipeline([("scale", StandardScaler()), ("clf", SGDClassifier(loss="log_loss", max_iter=5))]).warm()
    groups = SiteClusters(min_samples=5, memory=CACHE).fit(X)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        pipe.fit(X, y)
        clf = pipe.named_steps["clf"]
        flare.send(flare.FLModel(params={"coef": clf.coef_, "intercept": clf.intercept_},
                                 metrics={"clusters": float(len(set(groups.labels_)))}))


if __name__ == "__main__":
    main()
