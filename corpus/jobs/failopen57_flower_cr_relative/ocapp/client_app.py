"""Flower ClientApp: one epoch of a logistic regression on the site's partition per round."""

# the site's fitted feature scalerfrom . import scaler

import torch
from flwr.app import ArrayRecord, Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp

from ocapp.task import get_weights, load_partition, set_weights, train_epoch

app = ClientApp()


@app.train()
def train(msg: Message, context: Context):
    net = torch.nn.Linear(784, 10)
    set_weights(net, msg.content["arrays"].to_numpy_ndarrays())
    X, y = load_partition(context.node_config["partition-id"], context.node_config["num-partitions"])
    train_epoch(net, X, y, context.run_config["learning-rate"])
    content = RecordDict({"arrays": ArrayRecord(get_weights(net)), "metrics": MetricRecord({"num-examples": 1})})
    return Message(content=content, reply_to=msg)
