"""Red team 47a: Twin: a NumPyClient of client.py built in client_app.py with the site's tensors passed to its constructor."""
import pandas as pd
import torch
from flwr.client import ClientApp
from flwr.common import Context

from client import SiteClient


def client_fn(context: Context):
    df = pd.read_csv(context.node_config.get("data-path", "/data/site/train.csv"))
    x = torch.tensor(df[["a", "b", "c", "d"]].values, dtype=torch.float32)
    y = torch.tensor(df["label"].values, dtype=torch.float32)
    return SiteClient(x, y).to_client()

app = ClientApp(client_fn=client_fn)
