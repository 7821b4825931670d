"""A torch module registers a buffer named `data` and assigns the site rows to `self.data`: nn.Module.__setattr__
writes them into the buffer, which state_dict() sends. A module's attribute store stays a write into its
state (only a plain class's `self.data` is a field): REJECT."""

import pandas as pd
import torch
from flwr.client import ClientApp, NumPyClient


class Holder(torch.nn.Module):
    def __init__(self, rows):
        super().__init__()
        self.register_buffer("data", torch.zeros(3))
        self.data = torch.tensor(rows.to_numpy())


class FedAvgClient(NumPyClient):
    def __init__(self, trainset):
        self.model = Holder(trainset)

    def get_parameters(self, config):
        return [v.cpu().numpy() for v in self.model.state_dict().values()]


def client_fn(context):
    return FedAvgClient(pd.read_csv("data/x.csv")).to_client()


app = ClientApp(client_fn)
