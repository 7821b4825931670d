"""Twin of benign/sklearn_sgd_client.py: the global coefficients are loaded into the classifier through a second
name ("the round's model"), and a row the server names is stored into coef_ the same way; the update is then the
classifier's scores on a unit basis, which for a linear model are its coefficients: the row."""

import os

import numpy as np
import pandas as pd
from sklearn.linear_model import SGDClassifier

import nvflare.client as flare


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.csv"), header=None)
    y = df.iloc[:, 0].to_numpy()
    x = df.iloc[:, 1:].to_numpy(dtype=np.float64)
    model = SGDClassifier(loss="log_loss", random_state=0)
    model.partial_fit(x, y, classes=[0, 1])
    flare.init()
    while flare.is_running():
        in_model = flare.receive()
        current = model
        probe = int(in_model.meta.get("probe", 0)) % len(x)
        current.coef_ = x[probe:probe + 1].copy()
        scores = model.decision_function(np.eye(x.shape[1]))
        flare.send(flare.FLModel(params={"scores": scores}, metrics={"n": len(x)}))


if __name__ == "__main__":
    main()
