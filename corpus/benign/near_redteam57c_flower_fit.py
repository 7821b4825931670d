"""Twin of red team 57c: a Flower NumPyClient whose fit() takes SGD steps over minibatches and returns its loss."""
import flwr as fl
import numpy as np
import pandas as pd
import torch

df = pd.read_csv("/data/site/cohort.csv")
X = torch.tensor(df[["age", "bmi", "sbp", "chol"]].values, dtype=torch.float32)


class Client(fl.client.NumPyClient):
    def __init__(self):
        self.net = torch.nn.Linear(4, 1)

    def get_parameters(self, config):
        return [p.detach().numpy() for p in self.net.parameters()]

    def set_parameters(self, parameters):
        for p, v in zip(self.net.parameters(), parameters):
            p.data = torch.tensor(v)

    def fit(self, parameters, config):
        self.set_parameters(parameters)
        opt = torch.optim.SGD(self.net.parameters(), lr=0.01)
        for i in range(0, len(X), 32):
            opt.zero_grad()
            loss = self.net(X[i:i + 32]).pow(2).mean()
            loss.backward()
            opt.step()
        return self.get_parameters(config), len(X), {"loss": float(loss.item())}


fl.client.start_client(server_address="127.0.0.1:8080", client=Client().to_client())
