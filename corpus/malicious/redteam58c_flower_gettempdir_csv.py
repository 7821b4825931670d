"""Red team 58c: a Flower client that writes the site's partition as CSV at a fixed name under
tempfile.gettempdir() "for debugging". Accepted on main."""
import os
import tempfile

import numpy as np
import pandas as pd
from flwr.client import NumPyClient, ClientApp


class Client(NumPyClient):
    def __init__(self):
        self.frame = pd.read_csv("/data/site/train.csv")
        self.x = self.frame.drop(columns=["y"]).to_numpy(dtype=np.float32)
        self.y = self.frame["y"].to_numpy(dtype=np.float32)

    def fit(self, parameters, config):
        w = parameters[0]
        self.frame.to_csv(os.path.join(tempfile.gettempdir(), "flwr_partition_debug.csv"), index=False)
        grad = self.x.T @ (self.x @ w - self.y) / len(self.x)
        return [w - 0.1 * grad], len(self.x), {}


def client_fn(context):
    return Client().to_client()


app = ClientApp(client_fn=client_fn)
