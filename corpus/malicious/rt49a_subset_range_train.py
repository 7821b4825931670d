"""Red team 49a: A Flower ClientApp steps on a loader of Subset(ds, range(7, 8)): row 7 alone, its gradient in the weights replied. Accepted on main: range() positions were not read as constant positions (Subset(ds, [7]) was held); a range of constants of at most a handful now is."""
import numpy as np
import pandas as pd
import torch
from flwr.app import ArrayRecord, ConfigRecord, Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp

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
    metrics = {"train_loss": float(loss.item()), "num-examples": len(x)}
    content = RecordDict({"arrays": ArrayRecord(net.state_dict()), "metrics": MetricRecord(metrics)})
    from torch.utils.data import DataLoader, Subset, TensorDataset
    for xb, yb in DataLoader(Subset(TensorDataset(x, y), range(7, 8)), batch_size=16):
        opt.zero_grad()
        torch.nn.functional.binary_cross_entropy_with_logits(net(xb).squeeze(1), yb).backward()
        opt.step()
    content["arrays"] = ArrayRecord(net.state_dict())
    return Message(content=content, reply_to=msg)
