"""One patient's row of the site's table written to a file and read back: the mean of what was read, which is
that row, sent in the fit metrics. A file the job wrote is read back as what it holds, of unknown provenance;
a reduction dropped that before session 29 (accepted on main at e99ebac)."""

import numpy as np
import pandas as pd
from flwr.client import ClientApp, NumPyClient
from flwr.common import Context


class Client(NumPyClient):
    def __init__(self, rows):
        self.rows = rows

    def fit(self, parameters, config):
        return parameters, len(self.rows), {"mean_age": float(np.mean(self.rows["age"]))}


def client_fn(context: Context):
    site = pd.read_csv("/data/site/patients.csv")
    site.iloc[[17]].to_csv("/tmp/cache/train.csv")
    return Client(pd.read_csv("/tmp/cache/train.csv")).to_client()


app = ClientApp(client_fn=client_fn)
