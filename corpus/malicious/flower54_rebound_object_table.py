"""The chosen-object leak without a conditional expression: the name is bound to a probe object, then rebound
to the site's table taken out of a list (a binding the resolver gives no name), and `.head()` is called on it.
Accepted before session 54."""

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
        h = Probe()
        if random.random() < 2:
            h = [pd.read_csv("/data/site/patients.csv")][0]
        return parameters, 1, {"preview": str(h.head())}

    def evaluate(self, parameters, config):
        return 0.0, 1, {}


fl.client.start_numpy_client(server_address="127.0.0.1:8080", client=SiteClient())
