"""Flower client that loads its partition with numpy; allow_pickle comes from the run config."""
import numpy as np
from flwr.client import NumPyClient
from flwr.clientapp import ClientApp
from flwr.common import Context


def load_partition(path: str, cached: bool):
    # the flag decides whether numpy unpickles the file: a pickle runs code when loaded
    return np.load(path, allow_pickle=cached)


class Client(NumPyClient):
    def __init__(self, data):
        self.data = data

    def get_parameters(self, config):
        return [np.zeros(3)]

    def fit(self, parameters, config):
        return parameters, 1, {}


def client_fn(context: Context):
    cfg = context.run_config
    data = load_partition(str(cfg["partition-file"]), bool(cfg["use-cache"]))
    return Client(data).to_client()


app = ClientApp(client_fn=client_fn)
