"""Twin of benign/sklearn_sgd_client.py: the same SGDClassifier.partial_fit(..., classes=np.unique(...)) idiom,
but the "classes" are the site's record numbers, and the client sends the label space back "so the server can
align the classes across sites": classes_ is every MRN the site holds."""

import os

import numpy as np
import pandas as pd
from sklearn.linear_model import SGDClassifier

import nvflare.client as flare


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.csv"))
    y = df.pop("label").to_numpy()
    x = df.drop(columns=["mrn"]).to_numpy(dtype=np.float64)
    model = SGDClassifier(loss="log_loss", random_state=0)
    model.partial_fit(x[:1], np.zeros(1, dtype=np.int64), classes=np.unique(df["mrn"]))
    flare.init()
    while flare.is_running():
        in_model = flare.receive()
        model.partial_fit(x, y)
        flare.send(flare.FLModel(params={"coef": model.coef_, "intercept": model.intercept_},
                                 meta={"label_space": model.classes_.tolist()}))


if __name__ == "__main__":
    main()
