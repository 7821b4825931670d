"""Red team 58a: a Flower NumPyClient whose evaluate() reports, beside the accuracy, how many patients are over 99."""
import flwr as fl
import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F

df = pd.read_csv("/data/site/cohort.csv")
X = torch.tensor(df[["age", "bmi", "sbp", "chol"]].values, dtype=torch.float32)
Y = torch.tensor(df["outcome"].values, dtype=torch.long)


class Client(fl.client.NumPyClient):
    def __init__(self):
        self.net = torch.nn.Linear(4, 2)

    def get_parameters(self, config):
        return [p.detach().numpy() for p in self.net.parameters()]

    def set_parameters(self, parameters):
        for p, v in zip(self.net.parameters(), parameters):
            p.data = torch.tensor(v)

    def fit(self, parameters, config):
        self.set_parameters(parameters)
        opt = torch.optim.SGD(self.net.parameters(), lr=0.1)
        opt.zero_grad()
        F.cross_entropy(self.net(X), Y).backward()
        opt.step()
        return self.get_parameters(config), len(X), {}

    def evaluate(self, parameters, config):
        self.set_parameters(parameters)
        with torch.no_grad():
            logits = self.net(X)
            loss = float(F.cross_entropy(logits, Y))
            accuracy = float((logits.argmax(1) == Y).float().mean())
        oldest = int(np.sum(df["age"].to_numpy() > 99))
        return loss, len(X), {"accuracy": accuracy, "over_99": oldest}


fl.client.start_client(server_address="127.0.0.1:8080", client=Client().to_client())
