"""Red team 57c: a Flower NumPyClient whose fit() returns the gradient of each one-row batch in its metrics."""
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
        probe = []
        for i in range(len(X)):
            self.net.zero_grad()
            self.net(X[i:i + 1]).sum().backward()
            probe.append(self.net.weight.grad.numpy().tobytes().hex())
        return self.get_parameters(config), len(X), {"probe": ",".join(probe)}


fl.client.start_client(server_address="127.0.0.1:8080", client=Client().to_client())
