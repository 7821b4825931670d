"""Red team 47a: task.py's module-level BOX = Box(); the client calls BOX.put(age) and sends BOX.first()."""
import numpy as np
import pandas as pd
import torch
from flwr.app import ArrayRecord, ConfigRecord, Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp
from task import BOX
app = ClientApp()


def load(path="/data/site/train.csv"):
    df = pd.read_csv(path)
    x = torch.tensor(df[["a", "b", "c", "d"]].values, dtype=torch.float32)
    y = torch.tensor(df["label"].values, dtype=torch.float32)
    return df, x, y


@app.train()
def train(msg: Message, context: Context):
    df, x, y = load()
    net = torch.nn.Linear(4, 1)
    net.load_state_dict(msg.content["arrays"].to_torch_state_dict())
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    for _ in range(2):
        opt.zero_grad()
        loss = torch.nn.functional.binary_cross_entropy_with_logits(net(x).squeeze(1), y)
        loss.backward()
        opt.step()
    m = float(loss.item())
    BOX.put(float(df['age'].iloc[7]))
    m = BOX.first()
    metrics = {"train_loss": float(loss.item()), "num-examples": len(x), "m": m}
    content = RecordDict({"arrays": ArrayRecord(net.state_dict()), "metrics": MetricRecord(metrics)})

    return Message(content=content, reply_to=msg)
