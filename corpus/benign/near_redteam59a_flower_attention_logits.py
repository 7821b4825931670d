"""Red team 59a's twin: a Flower client whose model pools features with attention weights it computes (a softmax of
the model's own scores), its loss and the mean age of the site's table (the column taken whole) sent as metrics."""
import flwr as fl
import numpy as np
import pandas as pd
import torch

df = pd.read_csv("/data/site/patients.csv")
X = torch.tensor(df[["age", "bmi", "sbp", "chol"]].values, dtype=torch.float32)
y = torch.tensor(df["outcome"].values, dtype=torch.long)


class Client(fl.client.NumPyClient):
    def __init__(self):
        self.score = torch.nn.Linear(4, 1)
        self.head = torch.nn.Linear(4, 2)

    def params(self):
        return list(self.score.parameters()) + list(self.head.parameters())

    def get_parameters(self, config):
        return [p.detach().numpy() for p in self.params()]

    def set_parameters(self, parameters):
        with torch.no_grad():
            for p, v in zip(self.params(), parameters):
                p.copy_(torch.tensor(v))

    def fit(self, parameters, config):
        self.set_parameters(parameters)
        opt = torch.optim.SGD(self.params(), lr=0.05)
        opt.zero_grad()
        attn = torch.softmax(self.score(X), dim=1)
        loss = torch.nn.functional.cross_entropy(self.head(X * attn), y)
        loss.backward()
        opt.step()
        return self.get_parameters(config), len(X), {"loss": float(loss), "mean_age": float(np.mean(df["age"].values))}


fl.client.start_numpy_client(server_address="127.0.0.1:8080", client=Client())
