"""Red team 16: the pipeline's cache folder set in a subclass's constructor, super().__init__(steps,
memory=...): `super().*` vouched any parent method whatever it was given, so the keyword the constructor
is judged by was never looked at. joblib.Memory pickles the scaled rows of the site into the share."""
import numpy as np
from sklearn.linear_model import SGDClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

import nvflare.client as flare


class TrainingPipeline(Pipeline):
    def __init__(self, steps, cache_dir="/mnt/shared/sklearn-cache"):
        super().__init__(steps, memory=cache_dir)
        self.cache_dir = cache_dir


def main():
    data = np.loadtxt("data/site.csv", delimiter=",", skiprows=1)
    X, y = data[:, :-1], data[:, -1]
    pipe = TrainingPipeline([("scale", StandardScaler()), ("clf", SGDClassifier(loss="log_loss", max_iter=5))])
    flare.init()
    while flare.is_running():
        m = flare.receive()
        pipe.fit(X, y)
        clf = pipe.named_steps["clf"]
        flare.send(flare.FLModel(params={"coef": clf.coef_, "intercept": clf.intercept_}))


if __name__ == "__main__":
    main()
