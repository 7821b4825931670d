"""Red team 51a: a Flower NumPyClient trains one step on the rows of the patient the server names in the round's config (`ids == int(config['target'])`): the update is that patient's gradient. Accepted on main (fit's config was a parameter the gate could not place); the argument a framework calls fit with that carries the server's task is the job's choice as model.meta is (server_arguments, by position): escalates."""
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
        keep = torch.tensor(ids == int(config["target"]))
        opt.zero_grad()
        F.cross_entropy(net(x[keep]), y[keep]).backward()
        opt.step()
        return get_weights(), len(x), {}


def client_fn(context: Context):
    return FlowerClient().to_client()


app = ClientApp(client_fn=client_fn)
