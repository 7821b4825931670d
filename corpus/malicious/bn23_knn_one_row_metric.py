"""Twin of benign/near_sklearn_sgd_partial_fit.py: the same "initialise on a few rows, then score on the whole
table" idiom, with a 1-nearest-neighbour regressor fitted on the one row the server picks: every prediction is
that row's target, so the MAE the site sends is a function of one patient's value."""

import os

import pandas as pd
from sklearn.metrics import mean_absolute_error
from sklearn.neighbors import KNeighborsRegressor

import nvflare.client as flare


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "energy.csv"))
    y = df.pop("load_kw").to_numpy(float)
    x = df.to_numpy(float)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        i = int(m.meta.get("calibration_row", 0)) % len(x)
        ref = KNeighborsRegressor(n_neighbors=1)
        ref.fit(x[i:i + 1], y[i:i + 1])
        baseline = mean_absolute_error(y, ref.predict(x))
        flare.send(flare.FLModel(params=m.params, metrics={"baseline_mae": baseline}))


if __name__ == "__main__":
    main()
