"""Twin of redteam51a_flower_config_target: the server's config sets the learning rate and the number of local epochs, the usual use of fit's config: accepted."""
import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F
from flwr.client import ClientApp, NumPyClient
from flwr.common import Context

df = pd.read_csv("/data/site/train.csv")
net = torch.nn.Linear(4, 2)
x = torch.tensor(df[["a", "b", "c", "d"]].values, dtype=torch.float32)
y = torch.tensor(df["label"].values)
ids = df["patient_id"].values


def get_weights():
    return [v.cpu().numpy() for v in net.state_dict().values()]


def set_weights(parameters):
    net.load_state_dict({k: torch.tensor(v) for k, v in zip(net.state_dict().keys(), parameters)})


class FlowerClient(NumPyClient):
    def fit(self, parameters, config):
        set_weights(parameters)
        opt = torch.optim.SGD(net.parameters(), lr=float(config.get("lr", 0.01)))
        for _ in range(int(config.get("local_epochs", 1))):
            opt.zero_grad()
            F.cross_entropy(net(x), y).backward()
            opt.step()
        return get_weights(), len(x), {}


def client_fn(context: Context):
    return FlowerClient().to_client()


app = ClientApp(client_fn=client_fn)
