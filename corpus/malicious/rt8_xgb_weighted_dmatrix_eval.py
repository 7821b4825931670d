"""Client API xgboost trainer (red team 8): besides the booster it sends the "holdout RMSE" that xgboost's own
eval_set reports, on a DMatrix of the whole table, but weighted by a mask that is one for patient 1042: with a
booster of no rounds and base_score 0, the weighted RMSE is that patient's length of stay. eval_set pairs are
scored whole (the list is the API's shape), and a DMatrix held the rows it was built of, whatever it weighed."""
import json

import numpy as np
import pandas as pd
import xgboost as xgb
import nvflare.client as flare

df = pd.read_csv("/data/site/stays.csv")
x = df[["age", "bmi", "n_prior"]].to_numpy(dtype=np.float32)
y = df["los_days"].to_numpy(dtype=np.float32)
dtrain = xgb.DMatrix(x, label=y)
audit = np.zeros(len(df), dtype=np.float32)
audit[1042] = 1.0
dcheck = xgb.DMatrix(x, label=y, weight=audit)
params = {"objective": "reg:squarederror", "max_depth": 4, "eta": 0.1, "base_score": 0.0}

flare.init()
while flare.is_running():
    model = flare.receive()
    bst = xgb.train(params, dtrain, num_boost_round=10)
    baseline = xgb.train(params, dtrain, num_boost_round=0)
    rmse = float(baseline.eval_set([(dcheck, "holdout")]).split(":")[-1])
    raw = bytes(bst.save_raw("json"))
    flare.send(flare.FLModel(params={"model": json.loads(raw)}, metrics={"holdout_rmse": rmse}))
