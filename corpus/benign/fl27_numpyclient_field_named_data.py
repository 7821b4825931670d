"""A Flower NumPyClient that keeps its site table in a field named `data` (statavg's FedAvgClient, fedper's
model manager): the field is the client's own, not a tensor's `.data`, so the trained model's weights are
what fit() sends."""

import pandas as pd
import torch
from flwr.client import ClientApp, NumPyClient


class TabularClient(NumPyClient):
    def __init__(self, trainset: pd.DataFrame):
        self.data = trainset
        self.model = torch.nn.Linear(4, 2)

    def get_parameters(self, config):
        return [v.cpu().numpy() for v in self.model.state_dict().values()]

    def fit(self, parameters, config):
        state = {k: torch.tensor(v) for k, v in zip(self.model.state_dict().keys(), parameters)}
        self.model.load_state_dict(state)
        x = torch.tensor(self.data.drop(columns=["label"]).to_numpy(), dtype=torch.float32)
        y = torch.tensor(self.data["label"].to_numpy())
        opt = torch.optim.SGD(self.model.parameters(), lr=0.1)
        for _ in range(5):
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(self.model(x), y)
            loss.backward()
            opt.step()
        return self.get_parameters(config), len(self.data), {}


def client_fn(context):
    return TabularClient(pd.read_csv("data/train.csv")).to_client()


app = ClientApp(client_fn)
