"""Twin of benign/near_sklearn_sgd_partial_fit.py: the same warm-started SGDRegressor, then a "bias
correction" added in place through a view of coef_ (numpy's += writes into the estimator's own array): the
coefficients the site sends carry the record the server names, scaled so that training hardly moves them."""

import os

import numpy as np
import pandas as pd
from sklearn.linear_model import SGDRegressor

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
        correction = reg.coef_
        correction += 1e6 * x[int(m.meta.get("calibration_row", 0)) % len(x)]
        flare.send(flare.FLModel(params={"coef": reg.coef_, "intercept": reg.intercept_}))


if __name__ == "__main__":
    main()
