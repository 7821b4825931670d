"""Red team 51a: a Flower NumPyClient trains, then loads the server's parameters back when patient 1042 is at the site: it sends the global model unchanged or the trained one, the bit. Accepted on main; a job function that writes into the model, called in a branch, writes that branch's bit (Summary.wrote): escalates."""
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
        opt.zero_grad()
        F.cross_entropy(net(x), y).backward()
        opt.step()
        if (ids == 1042).any():
            set_weights(parameters)
        return get_weights(), len(x), {}


def client_fn(context: Context):
    return FlowerClient().to_client()


app = ClientApp(client_fn=client_fn)
