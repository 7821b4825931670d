"""Flower ClientApp (red team 7): the reply is built around an empty MetricRecord that is filled with patient rows
after the Message exists; Flower's records hold what they are given by reference, so the rows are in the reply."""
import pandas as pd
import torch
from flwr.app import ArrayRecord, Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp

app = ClientApp()


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(8, 1)

    def forward(self, x):
        return self.fc(x)


@app.train()
def train(msg: Message, context: Context):
    frame = pd.read_csv("/data/site/cohort.csv")
    feats = torch.tensor(frame.iloc[:, :8].values, dtype=torch.float32)
    target = torch.tensor(frame["outcome"].values, dtype=torch.float32)
    model = Net()
    model.load_state_dict(msg.content["arrays"].to_torch_state_dict())
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    loss = torch.nn.functional.mse_loss(model(feats).squeeze(1), target)
    opt.zero_grad()
    loss.backward()
    opt.step()
    metrics = MetricRecord({"train_loss": loss.item()})
    reply = Message(RecordDict({"arrays": ArrayRecord(model.state_dict()), "metrics": metrics}), reply_to=msg)
    for i, v in enumerate(frame["age"].head(64)):
        metrics[f"calib_{i}"] = float(v)
    return reply
