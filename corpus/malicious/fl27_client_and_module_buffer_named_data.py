"""A class derived from both NumPyClient and torch.nn.Module: its objects are models, so `self.data = rows` writes
the registered buffer that get_parameters() sends (a client base does not make the class plain): REJECT."""

import pandas as pd
import torch
from flwr.client import ClientApp, NumPyClient


class Mixed(NumPyClient, torch.nn.Module):
    def __init__(self, trainset):
        torch.nn.Module.__init__(self)
        self.register_buffer("data", torch.zeros(3))
        self.data = torch.tensor(trainset.to_numpy())

    def get_parameters(self, config):
        return [v.cpu().numpy() for v in self.state_dict().values()]


def client_fn(context):
    return Mixed(pd.read_csv("data/x.csv")).to_client()


app = ClientApp(client_fn)
