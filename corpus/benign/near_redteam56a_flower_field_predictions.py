"""Red team 56a, honest twin of redteam56a_flower_field_peak: a Flower client keeps its tensors in fields and sends
the accuracy of the per-row predictions `out.max(dim=1).indices` from evaluate()."""
import flwr as fl
import pandas as pd
import torch

df = pd.read_csv("/data/site/train.csv")


class Client(fl.client.NumPyClient):
    def __init__(self):
        self.x = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
        self.y = torch.tensor(df["y"].values)
        self.net = torch.nn.Linear(self.x.shape[1], 2)

    def get_parameters(self, config):
        return [p.detach().numpy() for p in self.net.parameters()]

    def evaluate(self, parameters, config):
        with torch.no_grad():
            out = self.net(self.x)
        loss = torch.nn.functional.cross_entropy(out, self.y).item()
        acc = (out.max(dim=1).indices == self.y).float().mean().item()
        return loss, len(self.x), {"accuracy": acc}


fl.client.start_client(server_address="127.0.0.1:8080", client=Client().to_client())
