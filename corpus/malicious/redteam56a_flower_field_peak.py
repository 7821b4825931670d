"""Red team 56a: a Flower client keeps `x[:, 0].max(dim=0).indices` (the oldest patient's row) in a field in __init__ and sends it from fit() as a metric."""
import flwr as fl
import pandas as pd
import torch

df = pd.read_csv("/data/site/train.csv")


class Client(fl.client.NumPyClient):
    def __init__(self):
        self.x = torch.tensor(df[["age", "bmi"]].to_numpy(), dtype=torch.float32)
        self.ids = torch.tensor(df["patient_id"].to_numpy())
        self.net = torch.nn.Linear(2, 1)
        self.peak = self.x[:, 0].max(dim=0).indices

    def get_parameters(self, config):
        return [p.detach().numpy() for p in self.net.parameters()]

    def fit(self, parameters, config):
        return self.get_parameters(config), len(self.x), {"peak": int(self.peak)}


fl.client.start_client(server_address="127.0.0.1:8080", client=Client().to_client())
