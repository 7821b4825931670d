"""Red team 47a: client_fn subclasses client.py's NumPyClient with a class attribute holding a patient's age; fit sends self.note."""
import pandas as pd
import torch
from flwr.client import ClientApp
from flwr.common import Context

from client import SiteClient


def client_fn(context: Context):
    df = pd.read_csv(context.node_config.get("data-path", "/data/site/train.csv"))
    x = torch.tensor(df[["a", "b", "c", "d"]].values, dtype=torch.float32)
    y = torch.tensor(df["label"].values, dtype=torch.float32)
    class Mine(SiteClient):
        note = float(df['age'].iloc[7])
    return Mine(x, y).to_client()

app = ClientApp(client_fn=client_fn)
