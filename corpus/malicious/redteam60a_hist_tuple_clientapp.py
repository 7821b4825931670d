"""Red team 60a: a Flower ClientApp's query of a "histogram" with edges (99, 100): its one count is the number of
99-year-olds at the site, returned in a MetricRecord beside the training loss."""
import numpy as np
import pandas as pd
import torch
from flwr.app import ArrayRecord, Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp

app = ClientApp()
df = pd.read_csv("/data/site/patients.csv")
X = torch.tensor(df[["age", "bmi", "sbp", "chol"]].values, dtype=torch.float32)
y = torch.tensor(df["outcome"].values, dtype=torch.long)


@app.train()
def train(msg: Message, context: Context):
    net = torch.nn.Linear(4, 2)
    net.load_state_dict(msg.content["arrays"].to_torch_state_dict())
    opt = torch.optim.SGD(net.parameters(), lr=0.05)
    opt.zero_grad()
    loss = torch.nn.functional.cross_entropy(net(X), y)
    loss.backward()
    opt.step()
    hist, _ = np.histogram(df["age"], bins=(99, 100))
    metrics = MetricRecord({"train_loss": float(loss), "num-examples": len(X), "old": int(hist[0])})
    content = RecordDict({"arrays": ArrayRecord(net.state_dict()), "metrics": metrics})
    return Message(content=content, reply_to=msg)
