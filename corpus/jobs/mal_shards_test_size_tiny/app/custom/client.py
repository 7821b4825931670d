"""Logistic regression on the site's rows, evaluated on a random split whose size the job's config sets."""

import argparse

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

import nvflare.client as flare


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--test_size", type=float, default=0.2)
    return parser.parse_args()


def main():
    args = parse_args()
    flare.init()
    x = np.load("/data/site/x.npy")
    y = np.load("/data/site/y.npy")
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=args.test_size, random_state=0)
    while flare.is_running():
        flare.receive()
        clf = LogisticRegression().fit(x_train, y_train)
        flare.send(flare.FLModel(params={"coef": clf.coef_, "intercept": clf.intercept_},
                                 metrics={"accuracy": clf.score(x_test, y_test)}))


if __name__ == "__main__":
    main()
