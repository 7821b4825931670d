"""Metrics go to the server through NVFlare's own channel (flare.log), not a third-party service."""

import os

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.metrics import mean_absolute_error, r2_score

import nvflare.client as flare
from nvflare.apis.analytix import AnalyticsDataType


def load(root):
    df = pd.read_parquet(os.path.join(root, "length_of_stay.parquet"))
    y = np.log1p(df.pop("los_hours").to_numpy())
    return df.to_numpy(dtype=np.float32), y


def main():
    root = os.environ.get("DATA_ROOT", "/data")
    x, y = load(root)
    n_val = len(x) // 5
    x_val, y_val, x_tr, y_tr = x[:n_val], y[:n_val], x[n_val:], y[n_val:]

    flare.init()
    while flare.is_running():
        in_model = flare.receive()
        rnd = in_model.current_round or 0
        params = in_model.params or {}
        model = HistGradientBoostingRegressor(max_iter=int(params.get("max_iter", 200)),
                                              learning_rate=float(params.get("learning_rate", 0.05)),
                                              random_state=rnd)
        model.fit(x_tr, y_tr)
        pred = model.predict(x_val)
        mae = float(mean_absolute_error(y_val, pred))
        r2 = float(r2_score(y_val, pred))
        flare.log("val_mae", mae, AnalyticsDataType.SCALAR, global_step=rnd)
        flare.log("val_r2", r2, AnalyticsDataType.SCALAR, global_step=rnd)
        # hyper-parameter search: the server picks the best config from the metrics alone
        flare.send(flare.FLModel(params=params, metrics={"mae": mae, "r2": r2}))


if __name__ == "__main__":
    main()
