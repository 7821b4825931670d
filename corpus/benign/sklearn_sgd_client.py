"""Federated linear classifier with scikit-learn's SGDClassifier (partial_fit per round)."""

import os

import numpy as np
import pandas as pd
from sklearn.linear_model import SGDClassifier
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

import nvflare.client as flare


def load(data_root):
    df = pd.read_csv(os.path.join(data_root, "train.csv"), header=None)
    y = df.iloc[:, 0].to_numpy()
    x = df.iloc[:, 1:].to_numpy(dtype=np.float64)
    return train_test_split(x, y, test_size=0.2, random_state=42, stratify=y)


def main():
    x_train, x_val, y_train, y_val = load(os.environ.get("DATA_ROOT", "/data"))
    scaler = StandardScaler().fit(x_train)
    x_train, x_val = scaler.transform(x_train), scaler.transform(x_val)
    classes = np.unique(y_train)

    model = SGDClassifier(loss="log_loss", penalty="l2", alpha=1e-4, learning_rate="constant", eta0=1e-3,
                          random_state=0, warm_start=True)
    model.partial_fit(x_train[:2], y_train[:2], classes=classes)

    flare.init()
    while flare.is_running():
        in_model = flare.receive()
        params = in_model.params
        if params:
            model.coef_ = np.asarray(params["coef"])
            model.intercept_ = np.asarray(params["intercept"])
        for _ in range(5):
            model.partial_fit(x_train, y_train)
        auc = roc_auc_score(y_val, model.predict_proba(x_val)[:, 1])
        print(f"{flare.get_site_name()} round {in_model.current_round}: val AUC {auc:.4f}")
        flare.send(
            flare.FLModel(
                params={"coef": model.coef_, "intercept": model.intercept_},
                metrics={"auc": float(auc)},
                meta={"NUM_STEPS_CURRENT_ROUND": len(x_train)},
            )
        )


if __name__ == "__main__":
    main()
