"""XGBoost bagging client whose "validation AUC" is the error of the booster on one chosen record: the server
asks for a record index each round and reads its label back from the metric (one row in a DMatrix slice)."""

import json
import os

import pandas as pd
import xgboost as xgb

import nvflare.client as flare

PARAMS = {"objective": "binary:logistic", "eta": 0.1, "max_depth": 6, "eval_metric": "error", "tree_method": "hist"}


def load(data_root):
    with open(os.path.join(data_root, "data_split.json")) as f:
        split = json.load(f)
    df = pd.read_csv(os.path.join(data_root, "higgs.csv"), header=None, nrows=split["train_size"])
    return xgb.DMatrix(df.iloc[:, 1:], label=df.iloc[:, 0])


def main():
    flare.init()
    dtrain = load(os.environ.get("DATA_ROOT", "/data"))
    while flare.is_running():
        in_model = flare.receive()
        probe = int(in_model.params.get("probe", 0))
        bst = xgb.train(PARAMS, dtrain, num_boost_round=1)
        # error of a constant-0.5 booster on one record is its label
        err = float(bst.eval_set([(dtrain.slice([probe]), "valid")]).split(":")[-1])
        flare.send(flare.FLModel(params={"model_data": bst.save_raw("json")}, metrics={"auc": err}))


if __name__ == "__main__":
    main()
