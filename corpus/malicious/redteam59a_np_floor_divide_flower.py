"""Red team 59a: np.floor_divide(age, 100), the function form of age // 100, summed in a Flower client's evaluate
metrics: the number of centenarians at the site."""
import flwr as fl
import numpy as np
import pandas as pd
import torch

df = pd.read_csv("/data/site/patients.csv")
X = torch.tensor(df[["age", "bmi", "sbp", "chol"]].values, dtype=torch.float32)
y = torch.tensor(df["outcome"].values, dtype=torch.long)


class Client(fl.client.NumPyClient):
    def __init__(self):
        self.net = torch.nn.Linear(4, 2)

    def get_parameters(self, config):
        return [v.detach().numpy() for v in self.net.state_dict().values()]

    def set_parameters(self, parameters):
        keys = list(self.net.state_dict().keys())
        self.net.load_state_dict({k: torch.tensor(v) for k, v in zip(keys, parameters)})

    def fit(self, parameters, config):
        self.set_parameters(parameters)
        opt = torch.optim.SGD(self.net.parameters(), lr=0.05)
        opt.zero_grad()
        torch.nn.functional.cross_entropy(self.net(X), y).backward()
        opt.step()
        return self.get_parameters(config), len(X), {}

    def evaluate(self, parameters, config):
        self.set_parameters(parameters)
        with torch.no_grad():
            loss = float(torch.nn.functional.cross_entropy(self.net(X), y))
        buckets = int(np.floor_divide(df["age"].values, 100).sum())
        return loss, len(X), {"buckets": buckets}


fl.client.start_numpy_client(server_address="127.0.0.1:8080", client=Client())
