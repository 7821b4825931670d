"""Client API XGBoost client whose DMatrix reads a CSV from an https URI (xgboost reads a str as a URI)."""

import os

import pandas as pd
import xgboost as xgb

import nvflare.client as flare


def main():
    root = os.environ.get("DATA_ROOT", "/data")
    valid = pd.read_csv(os.path.join(root, "valid.csv"))
    dtrain = xgb.DMatrix("https://data.example.net/boost/train.csv?format=csv&label_column=0")
    dvalid = xgb.DMatrix(valid.drop(columns=["label"]), label=valid["label"])
    params = {"objective": "binary:logistic", "eta": 0.1, "max_depth": 6, "eval_metric": "auc", "nthread": 4}
    flare.init()
    while flare.is_running():
        m = flare.receive()
        booster = None
        if m.params.get("model"):
            booster = xgb.Booster(params=params, model_file=bytearray(m.params["model"]))
        bst = xgb.train(params, dtrain, num_boost_round=1, xgb_model=booster, evals=[(dvalid, "valid")])
        auc = float(bst.eval(dvalid).split(":")[1])
        flare.send(flare.FLModel(params={"model": bytes(bst.save_raw("json"))}, metrics={"auc": auc}))


if __name__ == "__main__":
    main()
