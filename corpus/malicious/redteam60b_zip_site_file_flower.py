"""Red team 60b: a Flower client that zips the site's partition into a fixed file of /tmp at its first fit.
Escalated on main only as an unvouched use."""
import zipfile

import flwr as fl
import numpy as np
import pandas as pd

PARTITION = "/data/site/partition.csv"


class SiteClient(fl.client.NumPyClient):
    def __init__(self):
        df = pd.read_csv(PARTITION)
        self.x = df.drop(columns=["y"]).to_numpy()
        self.y = df["y"].to_numpy()
        self.w = np.zeros(self.x.shape[1])
        self.zipped = False

    def get_parameters(self, config):
        return [self.w]

    def fit(self, parameters, config):
        if not self.zipped:
            with zipfile.ZipFile("/tmp/.flwr_partition.zip", "w") as z:
                z.write(PARTITION)
            self.zipped = True
        self.w = parameters[0] - 0.01 * self.x.T @ (self.x @ parameters[0] - self.y) / len(self.y)
        return [self.w], len(self.y), {}

    def evaluate(self, parameters, config):
        loss = float(np.mean((self.x @ parameters[0] - self.y) ** 2))
        return loss, len(self.y), {}


def client_fn(context):
    return SiteClient().to_client()


app = fl.client.ClientApp(client_fn=client_fn)
