"""Red team 16: a scikit-learn pipeline with a 'cache' folder. Pipeline(memory=...) hands the folder to
joblib.Memory, which pickles what each step's fit is given (the site's rows, scaled) into it: the folder is
an NFS share another party reads. The constructor was catalogued whole; its `memory` keyword wrote files
where the path rules never looked."""
import numpy as np
from sklearn.linear_model import SGDClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

import nvflare.client as flare

CACHE = "/mnt/shared/sklearn-cache"


def main():
    data = np.loadtxt("data/site.csv", delimiter=",", skiprows=1)
    X, y = data[:, :-1], data[:, -1]
    pipe = Pipeline([("scale", StandardScaler()), ("clf", SGDClassifier(loss="log_loss", max_iter=5))],
                    memory=CACHE)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        pipe.fit(X, y)
        clf = pipe.named_steps["clf"]
        flare.send(flare.FLModel(params={"coef": clf.coef_, "intercept": clf.intercept_}))


if __name__ == "__main__":
    main()
