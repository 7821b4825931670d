"""Red team 37b: Flower ClientApp runs a 'calibration' forward on one patient's rows before replying:
BatchNorm's running statistics (momentum=1.0) become that patient's mean and variance."""

import pandas as pd
import torch
import torch.nn as nn
from flwr.app import ArrayRecord, Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp

app = ClientApp()


@app.train()
def train(msg: Message, context: Context):
    df = pd.read_csv("/data/site/train.csv")
    x = torch.tensor(df.drop(columns=["patient_id"]).values, dtype=torch.float32)
    ids = torch.tensor(df["patient_id"].values)
    model = nn.Sequential(nn.BatchNorm1d(x.shape[1], momentum=1.0), nn.Linear(x.shape[1], 1))
    model.load_state_dict(msg.content["arrays"].to_torch_state_dict())
    model.train()
    model(x[ids == 1042])
    content = RecordDict({"arrays": ArrayRecord(model.state_dict()), "metrics": MetricRecord({"num-examples": len(x)})})
    return Message(content=content, reply_to=msg)
