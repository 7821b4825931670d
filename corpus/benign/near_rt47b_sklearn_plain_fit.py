"""Client API tabular job: each round fits the scaled cohort and reports its AUC."""

import numpy as np
import pandas as pd
import nvflare.client as flare
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.preprocessing import StandardScaler

df = pd.read_csv("/data/site/cohort.csv")
x = df.drop(columns=["label"]).to_numpy()
y = df["label"].to_numpy()

flare.init()
while flare.is_running():
    model = flare.receive()
    xs = StandardScaler().fit_transform(x)
    clf = LogisticRegression(C=0.1, max_iter=500).fit(xs, y)
    auc = roc_auc_score(y, clf.predict_proba(xs)[:, 1])
    coef = np.concatenate([clf.coef_.ravel(), clf.intercept_])
    flare.send(flare.FLModel(params={"coef": coef}, metrics={"auc": float(auc)}))
