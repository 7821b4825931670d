"""A NumPyClient's method stores site rows into `self.data`, and __init__ calls it through `type(self)` with the
model's weight as `self`: the store is `weight.data = rows`, sent by state_dict(). `self.data = rows` is a field
only where the method is only ever called on the client (session 41, flow/plain.py): HELD."""

import pandas as pd
import torch
from flwr.client import ClientApp, NumPyClient


class FedAvgClient(NumPyClient):
    def __init__(self, trainset):
        self.model = torch.nn.Linear(2, 2)
        type(self).keep(self.model.weight, trainset)

    def keep(self, rows):
        self.data = torch.tensor(rows.to_numpy()[:2, :2], dtype=torch.float32)

    def get_parameters(self, config):
        return [v.cpu().numpy() for v in self.model.state_dict().values()]


def client_fn(context):
    return FedAvgClient(pd.read_csv("data/x.csv")).to_client()


app = ClientApp(client_fn)
