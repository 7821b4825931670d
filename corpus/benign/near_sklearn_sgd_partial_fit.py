"""Client API SGDRegressor client using partial_fit on mini-batches of the local table."""

import os

import numpy as np
import pandas as pd
from sklearn.linear_model import SGDRegressor
from sklearn.metrics import mean_absolute_error

import nvflare.client as flare


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "energy.csv"))
    y = df.pop("load_kw").to_numpy(float)
    x = df.to_numpy(float)
    reg = SGDRegressor(learning_rate="constant", eta0=1e-3, random_state=0)
    reg.partial_fit(x[:1], y[:1])
    flare.init()
    while flare.is_running():
        m = flare.receive()
        if m.params:
            reg.coef_ = np.asarray(m.params["coef"], dtype=float)
            reg.intercept_ = np.asarray(m.params["intercept"], dtype=float)
        for i in range(0, len(y), 256):
            reg.partial_fit(x[i:i + 256], y[i:i + 256])
        mae = mean_absolute_error(y, reg.predict(x))
        flare.send(flare.FLModel(params={"coef": reg.coef_, "intercept": reg.intercept_}, metrics={"mae": mae}))


if __name__ == "__main__":
    main()
