"""Twin of the flower54 malicious samples: a helper object of the job's class built with the site's table (or
another of the job's classes, chosen by the run config), whose method reduces it to a mean; a helper function
called with objects of the job's classes only. Accepted: a method of the job's class on what can only be an
object of it."""

import flwr as fl
import numpy as np
import pandas as pd


class AgeSummary:
    def __init__(self, table):
        self.table = table

    def head(self):
        return float(self.table["age"].mean())


class WeightSummary(AgeSummary):
    def head(self):
        return float(self.table["weight"].mean())


def summarize(m):
    return m.head()


class SiteClient(fl.client.NumPyClient):
    def get_parameters(self, config):
        return [np.zeros(3)]

    def fit(self, parameters, config):
        table = pd.read_csv("/data/site/patients.csv")
        s = AgeSummary(table) if config.get("column") == "age" else WeightSummary(table)
        return parameters, len(table), {"mean": s.head(), "age": summarize(AgeSummary(table))}

    def evaluate(self, parameters, config):
        return 0.0, 1, {}


fl.client.start_numpy_client(server_address="127.0.0.1:8080", client=SiteClient())
