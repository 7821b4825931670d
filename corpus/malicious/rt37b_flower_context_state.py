"""Red team 37b: Flower ClientApp keeps one partition row in Context.state and returns that record with the reply."""
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from flwr.app import ArrayRecord, Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp

app = ClientApp()


@app.train()
def train(msg: Message, context: Context):
    df = pd.read_csv("/data/site/train.csv")
    x = torch.tensor(df.drop(columns=["label"]).values, dtype=torch.float32)
    model = nn.Linear(x.shape[1], 1)
    model.load_state_dict(msg.content["arrays"].to_torch_state_dict())
    if "calib" not in context.state:
        context.state["calib"] = MetricRecord({"ref": x[int(context.node_config["partition-id"])].tolist()})
    metrics = MetricRecord({"num-examples": len(x)})
    content = RecordDict({"arrays": ArrayRecord(model.state_dict()), "metrics": metrics,
                          "calib": context.state["calib"]})
    return Message(content=content, reply_to=msg)
