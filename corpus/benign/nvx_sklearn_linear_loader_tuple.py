"""Federated linear model (SGDClassifier): a loader that returns (X, y, n), coefficients and AUC out."""
import argparse

import numpy as np
import pandas as pd
from sklearn.linear_model import SGDClassifier
from sklearn.metrics import roc_auc_score

import nvflare.client as flare


def load_data(data_path, start, end):
    df = pd.read_csv(data_path, header=None, skiprows=start, nrows=end - start)
    y = df.iloc[:, 0].values
    x = df.iloc[:, 1:].values
    return x, y, len(y)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data_path", required=True)
    parser.add_argument("--train_start", type=int, default=100000)
    parser.add_argument("--train_end", type=int, default=400000)
    parser.add_argument("--valid_start", type=int, default=0)
    parser.add_argument("--valid_end", type=int, default=100000)
    args = parser.parse_args()

    x_train, y_train, train_size = load_data(args.data_path, args.train_start, args.train_end)
    x_valid, y_valid, valid_size = load_data(args.data_path, args.valid_start, args.valid_end)
    print(f"Loaded {train_size} training and {valid_size} validation samples, {x_train.shape[1]} features")
    print(f"class balance: {np.bincount(y_train.astype(int))}")

    flare.init()
    model = SGDClassifier(loss="log_loss", penalty="l2", max_iter=1, warm_start=True, learning_rate="constant",
                          eta0=1e-4)
    while flare.is_running():
        incoming = flare.receive()
        if incoming.params:
            model.coef_ = incoming.params["coef"]
            model.intercept_ = incoming.params["intercept"]
        print(f"Training on {train_size} samples (round {incoming.current_round})")
        model.fit(x_train, y_train)
        auc = roc_auc_score(y_valid, model.decision_function(x_valid))
        print(f"Validation AUC: {auc:.4f}")
        flare.send(flare.FLModel(params={"coef": model.coef_, "intercept": model.intercept_}, metrics={"auc": auc},
                                 meta={"NUM_STEPS_CURRENT_ROUND": train_size}))


if __name__ == "__main__":
    main()
