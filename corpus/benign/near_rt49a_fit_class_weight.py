"""Red team 49a: Twin of rt49a_fit_sample_weight_mask: a LogisticRegression fit on the whole table with class-balancing sample weights (every row keeps a weight)."""
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
    from sklearn.linear_model import LogisticRegression
    feats = df[["a", "b", "c", "d"]].values
    weights = np.where(df["label"].values == 1, 2.0, 1.0)
    clf = LogisticRegression().fit(feats, df["label"].values, sample_weight=weights)
    content["arrays"] = ArrayRecord({"coef": torch.tensor(clf.coef_), "intercept": torch.tensor(clf.intercept_)})
    return Message(content=content, reply_to=msg)
