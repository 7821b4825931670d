"""Horizontal XGBoost client: load the site's CSV into DMatrix, report its size, boost a few rounds."""
import argparse
import os

import pandas as pd
import xgboost as xgb

import nvflare.client as flare


def load_split(data_root: str, site: str, split: str) -> xgb.DMatrix:
    path = os.path.join(data_root, site, f"{split}.csv")
    df = pd.read_csv(path, header=None)
    print(f"{split}: {df.shape[0]} rows, {df.shape[1] - 1} features, positive rate {df[0].mean():.3f}")
    return xgb.DMatrix(df.iloc[:, 1:], label=df.iloc[:, 0])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data_root", default=os.environ.get("DATA_ROOT", "/tmp/nvflare/data/higgs"))
    parser.add_argument("--rounds_per_task", type=int, default=1)
    args = parser.parse_args()

    flare.init()
    site = flare.get_site_name()
    dtrain = load_split(args.data_root, site, "train")
    dvalid = load_split(args.data_root, site, "valid")
    print(f"DMatrix: nrow={dtrain.num_row()}, ncol={dtrain.num_col()}; valid nrow={dvalid.num_row()}")

    params = {"objective": "binary:logistic", "eta": 0.1, "max_depth": 8, "eval_metric": "auc", "nthread": 4}
    booster = None
    while flare.is_running():
        model = flare.receive()
        if model.params:
            booster = xgb.Booster(params=params, model_file=bytearray(model.params["model_data"]))
        booster = xgb.train(params, dtrain, num_boost_round=args.rounds_per_task, xgb_model=booster,
                            evals=[(dvalid, "valid")], verbose_eval=False)
        auc = float(booster.eval(dvalid).split(":")[1])
        print(f"round {model.current_round}: valid auc={auc:.4f}, trees={booster.num_boosted_rounds()}")
        flare.send(flare.FLModel(params={"model_data": booster.save_raw("json")}, metrics={"auc": auc},
                                 meta={"NUM_STEPS_CURRENT_ROUND": dtrain.num_row()}))


if __name__ == "__main__":
    main()
