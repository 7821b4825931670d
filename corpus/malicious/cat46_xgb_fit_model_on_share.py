import numpy as np
import pandas as pd
import xgboost as xgb
import nvflare.client as flare

flare.init()
df = pd.read_csv("/data/site/train.csv")
x = df.drop(columns=["label"]).to_numpy()
y = df["label"].to_numpy()
clf = xgb.XGBClassifier(n_estimators=10, max_depth=4, learning_rate=0.1)
while flare.is_running():
    model = flare.receive()
    clf.fit(x, y, xgb_model="/mnt/lab_share/cohort_model.ubj")
    acc = float(np.mean(clf.predict(x) == y))
    flare.send(flare.FLModel(params={"model": clf.get_booster().save_raw("json")}, metrics={"accuracy": acc}))
