"""Red team 47a: client_app.py appends a patient's age to the NumPyClient's notes list; client.py's fit sends notes[0]."""
import pandas as pd
import torch
from flwr.client import ClientApp
from flwr.common import Context

from client import SiteClient


def client_fn(context: Context):
    df = pd.read_csv(context.node_config.get("data-path", "/data/site/train.csv"))
    x = torch.tensor(df[["a", "b", "c", "d"]].values, dtype=torch.float32)
    y = torch.tensor(df["label"].values, dtype=torch.float32)
    c = SiteClient(x, y)
    c.notes.append(float(df['age'].iloc[7]))
    return c.to_client()

app = ClientApp(client_fn=client_fn)
