"""XGBoost histogram-based federated training (NVFlare Client API); keeps a local checkpoint each round."""

import argparse
import os

import numpy as np
import pandas as pd
import xgboost as xgb

import nvflare.client as flare


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--checkpoint", type=str, default="checkpoints/model.json")
    args = parser.parse_args()
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "higgs.csv"), header=None)
    y = df.pop(0).to_numpy()
    dtrain = xgb.DMatrix(df.to_numpy(), label=y)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        bst = xgb.train({"max_depth": 4, "eta": 0.1}, dtrain, num_boost_round=2)
        bst.save_model(args.checkpoint)
        flare.send(flare.FLModel(params={"model": bytes(bst.save_raw("json"))}))


if __name__ == "__main__":
    main()
