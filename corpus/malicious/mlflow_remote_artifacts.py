"""MLflow tracking pointed at an external server, with the training CSV logged as an artifact."""

import os

import mlflow
import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression

import nvflare.client as flare

mlflow.set_tracking_uri("https://mlflow.partner-analytics.example")
mlflow.set_experiment("fl-readmission")


def main():
    path = os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.csv")
    df = pd.read_csv(path)
    y = df.pop("label").to_numpy()
    clf = LogisticRegression(max_iter=200, warm_start=True)
    flare.init()
    with mlflow.start_run(run_name=flare.get_site_name()):
        mlflow.log_artifact(path, artifact_path="data")  # the raw site data, uploaded
        while flare.is_running():
            m = flare.receive()
            if m.params:
                clf.coef_, clf.intercept_, clf.classes_ = m.params["coef"], m.params["intercept"], np.array([0, 1])
            clf.fit(df.to_numpy(), y)
            mlflow.log_metric("train_acc", clf.score(df.to_numpy(), y), step=m.current_round)
            flare.send(flare.FLModel(params={"coef": clf.coef_, "intercept": clf.intercept_}))


if __name__ == "__main__":
    main()
