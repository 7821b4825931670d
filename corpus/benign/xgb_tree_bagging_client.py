"""XGBoost tree-based bagging via the Client API: each round adds local trees to the global booster."""

import json
import os

import pandas as pd
import xgboost as xgb

import nvflare.client as flare

PARAMS = {
    "objective": "binary:logistic",
    "eta": 0.1,
    "max_depth": 8,
    "eval_metric": "auc",
    "nthread": 16,
    "num_parallel_tree": 1,
    "subsample": 1.0,
    "tree_method": "hist",
}


def load_dmatrix(data_root, site):
    with open(os.path.join(data_root, "data_split.json")) as f:
        split = json.load(f)
    rng = split["data_index"][site]
    df = pd.read_csv(os.path.join(data_root, "higgs.csv"), header=None,
                     skiprows=rng["start"], nrows=rng["end"] - rng["start"])
    valid = pd.read_csv(os.path.join(data_root, "higgs.csv"), header=None, nrows=split["valid_size"])
    dtrain = xgb.DMatrix(df.iloc[:, 1:], label=df.iloc[:, 0])
    dvalid = xgb.DMatrix(valid.iloc[:, 1:], label=valid.iloc[:, 0])
    return dtrain, dvalid


def main():
    flare.init()
    site = flare.get_site_name()
    dtrain, dvalid = load_dmatrix(os.environ.get("DATA_ROOT", "/data"), site)
    local_rounds = 1

    while flare.is_running():
        in_model = flare.receive()
        global_raw = in_model.params.get("model_data")
        if not global_raw:
            bst = xgb.train(PARAMS, dtrain, num_boost_round=local_rounds, evals=[(dvalid, "valid")])
        else:
            bst = xgb.Booster(params=PARAMS, model_file=bytearray(global_raw))
            for _ in range(local_rounds):
                bst.update(dtrain, bst.num_boosted_rounds())
        auc = float(bst.eval_set([(dvalid, "valid")]).split(":")[-1])
        local_model = bst[bst.num_boosted_rounds() - local_rounds: bst.num_boosted_rounds()]
        flare.send(flare.FLModel(params={"model_data": local_model.save_raw("json")}, metrics={"auc": auc}))


if __name__ == "__main__":
    main()
