"""Client API scikit-learn logistic regression; sends coef_ and intercept_ after fit."""

import os

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.preprocessing import StandardScaler

import nvflare.client as flare


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "heart.csv"))
    y = df.pop("target").to_numpy()
    x = StandardScaler().fit_transform(df.to_numpy(float))
    clf = LogisticRegression(max_iter=100, warm_start=True)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        if m.params:
            clf.coef_ = np.asarray(m.params["coef"])
            clf.intercept_ = np.asarray(m.params["intercept"])
            clf.classes_ = np.array([0, 1])
        clf.fit(x, y)
        auc = roc_auc_score(y, clf.predict_proba(x)[:, 1])
        flare.send(flare.FLModel(params={"coef": clf.coef_, "intercept": clf.intercept_},
                                 metrics={"auc": float(auc)}, meta={"NUM_STEPS_CURRENT_ROUND": len(y)}))


if __name__ == "__main__":
    main()
