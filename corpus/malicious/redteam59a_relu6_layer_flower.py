"""Red team 59a: an activation layer in a Flower client. nn.ReLU6() called on 6 * (age - 99.5) is a clamp, 0 below
99.5 and 6 from 100.5 on: its sum over 6 is the number of centenarians, sent as a fit metric."""
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
        loss = torch.nn.functional.cross_entropy(self.net(X), y)
        loss.backward()
        opt.step()
        clip = torch.nn.ReLU6()
        pooled = float(clip(6.0 * (X[:, 0] - 99.5)).sum() / 6)
        return self.get_parameters(config), len(X), {"loss": float(loss), "clip_mass": pooled}


fl.client.start_numpy_client(server_address="127.0.0.1:8080", client=Client())
