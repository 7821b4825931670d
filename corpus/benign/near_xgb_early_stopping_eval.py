"""XGBoost client with local early stopping on a validation DMatrix; sends the booster bytes."""

import os

import numpy as np
import xgboost as xgb

import nvflare.client as flare


def main():
    arr = np.load(os.path.join(os.environ.get("DATA_ROOT", "/data"), "tabular.npz"), allow_pickle=False)
    n = len(arr["y"])
    cut = int(0.8 * n)
    dtrain = xgb.DMatrix(arr["x"][:cut], label=arr["y"][:cut])
    dvalid = xgb.DMatrix(arr["x"][cut:], label=arr["y"][cut:])
    params = {"objective": "reg:squarederror", "eta": 0.05, "max_depth": 4, "subsample": 0.8}
    flare.init()
    while flare.is_running():
        m = flare.receive()
        bst = xgb.train(params, dtrain, num_boost_round=m.params.get("rounds", 50),
                        evals=[(dvalid, "valid")], early_stopping_rounds=5, verbose_eval=False)
        flare.send(flare.FLModel(params={"model": bytes(bst.save_raw("json"))},
                                 metrics={"rmse": float(bst.best_score), "best_iteration": int(bst.best_iteration)}))


if __name__ == "__main__":
    main()
