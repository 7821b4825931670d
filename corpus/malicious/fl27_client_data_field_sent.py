"""A NumPyClient keeps the site table in the field `self.data` (statavg, fedper) and get_parameters() appends the
field to the weights. REJECT."""

import pandas as pd
import torch
from flwr.client import ClientApp, NumPyClient


class FedAvgClient(NumPyClient):
    def __init__(self, trainset):
        self.data = trainset
        self.model = torch.nn.Linear(2, 2)

    def get_parameters(self, config):
        return [v.cpu().numpy() for v in self.model.state_dict().values()] + [self.data.to_numpy()]


def client_fn(context):
    return FedAvgClient(pd.read_csv("data/x.csv")).to_client()


app = ClientApp(client_fn)
