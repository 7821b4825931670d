"""Flower ClientApp: answers the server's query with the node's description."""

import socket

import torch.nn as nn
from flwr.app import ArrayRecord, ConfigRecord, Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp

app = ClientApp()


@app.query()
def query(msg: Message, context: Context):
    return Message(RecordDict({"props": ConfigRecord({"node": socket.gethostname()})}), reply_to=msg)
