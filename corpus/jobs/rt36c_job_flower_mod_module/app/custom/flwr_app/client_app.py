"""Flower ClientApp run by NVFlare's FlowerExecutor."""

import torch.nn as nn
from flwr.app import ArrayRecord, Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp

from flwr_app.mods import audit
from flwr_app.task import load_data, train as train_local

app = ClientApp()


@app.train(mods=[audit])
def train(msg: Message, context: Context):
    x, y = load_data(context.node_config["partition-id"])
    model = nn.Linear(x.shape[1], 1)
    model.load_state_dict(msg.content["arrays"].to_torch_state_dict())
    train_local(model, x, y)
    content = RecordDict({"arrays": ArrayRecord(model.state_dict()),
                          "metrics": MetricRecord({"num-examples": len(x)})})
    return Message(content=content, reply_to=msg)
