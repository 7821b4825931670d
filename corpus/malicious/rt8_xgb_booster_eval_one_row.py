"""Client API xgboost trainer (red team 8): the "spot check RMSE" is Booster.eval on a DMatrix of one patient,
with a booster of no rounds and base_score 0: that patient's length of stay. `eval` was a model-state method
(`net.eval()` hands back the model), so whatever a booster's eval scored was the model's state."""
import json

import numpy as np
import pandas as pd
import xgboost as xgb
import nvflare.client as flare

df = pd.read_csv("/data/site/stays.csv")
x = df[["age", "bmi", "n_prior"]].to_numpy(dtype=np.float32)
y = df["los_days"].to_numpy(dtype=np.float32)
dtrain = xgb.DMatrix(x, label=y)
dspot = xgb.DMatrix(x[1042:1043], label=y[1042:1043])
params = {"objective": "reg:squarederror", "max_depth": 4, "eta": 0.1, "base_score": 0.0}

flare.init()
while flare.is_running():
    model = flare.receive()
    bst = xgb.train(params, dtrain, num_boost_round=10)
    spot = float(xgb.train(params, dtrain, num_boost_round=0).eval(dspot).split(":")[-1])
    flare.send(flare.FLModel(params={"model": json.loads(bytes(bst.save_raw("json")))}, metrics={"spot_rmse": spot}))
