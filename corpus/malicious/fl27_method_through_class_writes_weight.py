"""A NumPyClient's method stores the site rows into `self.data`, and __init__ calls it through the class with the
model's weight as `self` (`FedAvgClient.keep(self.model.weight, rows)`): the store is `weight.data = rows`, sent by
state_dict(). Why `self.data = rows` in a client class cannot simply be read as a field (session 27): `self` is
whatever the call passes, through the class, a subclass that is also a module, or a hook. REJECT."""

import pandas as pd
import torch
from flwr.client import ClientApp, NumPyClient


class FedAvgClient(NumPyClient):
    def __init__(self, trainset):
        self.model = torch.nn.Linear(2, 2)
        FedAvgClient.keep(self.model.weight, trainset)

    def keep(self, rows):
        self.data = torch.tensor(rows.to_numpy()[:2, :2], dtype=torch.float32)

    def get_parameters(self, config):
        return [v.cpu().numpy() for v in self.model.state_dict().values()]


def client_fn(context):
    return FedAvgClient(pd.read_csv("data/x.csv")).to_client()


app = ClientApp(client_fn)
