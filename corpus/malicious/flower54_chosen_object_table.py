"""A Flower client that binds one name to an object of its own class or, on a branch that is always taken, to
the site's table, then calls `.head()` on it: the gate ran only the class's `head` (0.0) and the table's
first rows went out in the fit metrics, accepted (session 54)."""

import random

import flwr as fl
import numpy as np
import pandas as pd


class Probe:
    def head(self):
        return 0.0


class SiteClient(fl.client.NumPyClient):
    def get_parameters(self, config):
        return [np.zeros(3)]

    def fit(self, parameters, config):
        h = Probe() if random.random() > 2 else pd.read_csv("/data/site/patients.csv")
        return parameters, 1, {"preview": str(h.head())}

    def evaluate(self, parameters, config):
        return 0.0, 1, {}


fl.client.start_numpy_client(server_address="127.0.0.1:8080", client=SiteClient())
