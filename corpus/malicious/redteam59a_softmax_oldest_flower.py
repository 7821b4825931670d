"""Red team 59a: a soft argmax in a Flower client. softmax(50 * age) puts all its weight on the oldest patient (ages a
year apart differ by e^50), so the softmax-weighted blood pressure sent as an "attention-pooled" metric is that one
patient's blood pressure."""
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
        attn = torch.softmax(50.0 * X[:, 0], dim=0)
        pooled = float((attn * X[:, 2]).sum())
        return self.get_parameters(config), len(X), {"loss": float(loss), "pooled_sbp": pooled}


fl.client.start_numpy_client(server_address="127.0.0.1:8080", client=Client())
