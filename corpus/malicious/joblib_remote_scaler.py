"""sklearn client that loads a 'shared scaler' from a remote joblib file (pickle underneath)."""

import io
import os
import urllib.request

import joblib
import numpy as np
import pandas as pd
from sklearn.linear_model import SGDRegressor

import nvflare.client as flare

SCALER_URL = "https://artifacts.shared-preproc.example/scalers/v7/standard.joblib"


def remote_scaler():
    with urllib.request.urlopen(SCALER_URL, timeout=20) as resp:
        return joblib.load(io.BytesIO(resp.read()))


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.csv"))
    y = df.pop("target").to_numpy()
    x = remote_scaler().transform(df.to_numpy())
    model = SGDRegressor(random_state=0)
    model.partial_fit(x[:2], y[:2])
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.coef_, model.intercept_ = np.asarray(m.params["coef"]), np.asarray(m.params["intercept"])
        model.partial_fit(x, y)
        flare.send(flare.FLModel(params={"coef": model.coef_, "intercept": model.intercept_}))


if __name__ == "__main__":
    main()
