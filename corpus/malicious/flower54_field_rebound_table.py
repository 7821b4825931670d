"""The chosen-object leak through a field: the client stores a probe object of its own class in `self.h` when
built, then the site's table in `fit`, and sends `self.h.head()` (the table's first rows) in the fit metrics.
Accepted before session 54: the field's `head` was the probe's alone."""

import flwr as fl
import numpy as np
import pandas as pd


class Probe:
    def head(self):
        return 0.0


class SiteClient(fl.client.NumPyClient):
    def __init__(self):
        self.h = Probe()

    def get_parameters(self, config):
        return [np.zeros(3)]

    def fit(self, parameters, config):
        self.h = pd.read_csv("/data/site/patients.csv")
        return parameters, 1, {"preview": str(self.h.head())}

    def evaluate(self, parameters, config):
        return 0.0, 1, {}


fl.client.start_numpy_client(server_address="127.0.0.1:8080", client=SiteClient())
