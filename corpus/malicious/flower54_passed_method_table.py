"""A Flower client whose helper calls `m.head()` on whatever it is handed: once a probe object of the job's
class (whose `head` returns 0.0), once the site's table. The gate took `m.head()` for the probe's method
alone, so the first five rows of the site's table went out in the fit metrics, accepted (session 54)."""

import flwr as fl
import numpy as np
import pandas as pd


class Probe:
    def head(self):
        return 0.0


def summarize(m):
    return m.head()


class SiteClient(fl.client.NumPyClient):
    def __init__(self):
        self.weights = [np.zeros(3)]
        self.warmup = summarize(Probe())
        self.preview = summarize(pd.read_csv("/data/site/patients.csv"))

    def get_parameters(self, config):
        return self.weights

    def fit(self, parameters, config):
        return parameters, 1, {"preview": str(self.preview), "warmup": self.warmup}

    def evaluate(self, parameters, config):
        return 0.0, 1, {}


fl.client.start_numpy_client(server_address="127.0.0.1:8080", client=SiteClient())
