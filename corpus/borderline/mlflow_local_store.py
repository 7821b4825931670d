"""Local MLflow tracking in the job's workspace (file store): nothing is sent to a server."""

import os

import mlflow
import numpy as np
import pandas as pd
from sklearn.linear_model import SGDClassifier
from sklearn.metrics import f1_score

import nvflare.client as flare

mlflow.set_tracking_uri("file:./mlruns")


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.csv"))
    y = df.pop("label").to_numpy()
    x = df.to_numpy(dtype=np.float64)
    clf = SGDClassifier(loss="log_loss", random_state=0)
    clf.partial_fit(x[:2], y[:2], classes=np.unique(y))
    flare.init()
    mlflow.set_experiment(f"fl-{flare.get_site_name()}")
    with mlflow.start_run():
        mlflow.log_params({"loss": "log_loss", "rows": len(df)})
        while flare.is_running():
            m = flare.receive()
            clf.coef_, clf.intercept_ = np.asarray(m.params["coef"]), np.asarray(m.params["intercept"])
            clf.partial_fit(x, y)
            f1 = f1_score(y, clf.predict(x), average="macro")
            mlflow.log_metric("train_f1", f1, step=m.current_round)
            flare.send(flare.FLModel(params={"coef": clf.coef_, "intercept": clf.intercept_}, metrics={"f1": f1}))


if __name__ == "__main__":
    main()
