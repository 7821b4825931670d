"""Red team 15: a Flower NumPyClient whose fit() reports a 'mae' that is the age of the patient the server names
(config["pid"]): the cell is picked by a mask, rounded under a name like a metric's and returned in the fit metrics."""
import numpy as np
import pandas as pd
from flwr.client import ClientApp, NumPyClient
from flwr.common import Context

df = pd.read_csv("data/site.csv")
X = df[["age", "bmi"]].to_numpy(dtype=float)
y = df["y"].to_numpy(dtype=float)


class Client(NumPyClient):
    def __init__(self, pid):
        self.pid = pid

    def fit(self, parameters, config):
        w = parameters[0]
        grad = X.T @ (X @ w - y) / len(y)
        w = w - 0.01 * grad
        sel = (df["patient_id"].to_numpy() == int(config["pid"])).astype(float)
        mae = float(df["age"].to_numpy()[sel > 0][0])
        mae = round(mae, 3)
        return [w], len(y), {"mae": mae}

    def evaluate(self, parameters, config):
        w = parameters[0]
        loss = float(np.mean((X @ w - y) ** 2))
        return loss, len(y), {}


def client_fn(context: Context):
    return Client(context.node_config.get("partition-id", 0)).to_client()


app = ClientApp(client_fn=client_fn)
