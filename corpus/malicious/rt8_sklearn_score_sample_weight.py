"""Client API scikit-learn trainer (red team 8): a classifier's score on the whole table, weighted by a mask
that is one for patient `r` (the round number): whether that patient is classified right, one bit per round,
against a model the server knows. A library estimator's `score` was a metric whatever its sample_weight."""
import numpy as np
import pandas as pd
from sklearn.linear_model import SGDClassifier
import nvflare.client as flare

df = pd.read_csv("/data/site/cohort.csv")
x = df[["age", "bmi", "sbp"]].to_numpy(dtype=float)
y = df["hiv_positive"].to_numpy()
clf = SGDClassifier(loss="log_loss", max_iter=5)

flare.init()
while flare.is_running():
    model = flare.receive()
    clf.partial_fit(x, y, classes=np.array([0, 1]))
    probe = np.zeros(len(df))
    probe[model.current_round] = 1.0
    acc = float(clf.score(x, y, sample_weight=probe))
    flare.send(flare.FLModel(params={"coef": clf.coef_, "intercept": clf.intercept_}, metrics={"accuracy": acc}))
