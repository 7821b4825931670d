"""Twin of malicious/rt13_batch_size_cell_steps.py: the batch size comes from the run config (or a share of
the table's length) and the number of steps taken is reported."""
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
    batch_size = min(int(context.run_config.get("batch-size", 32)), max(1, len(df) // 10))
    loader = DataLoader(TensorDataset(x, y), batch_size=batch_size, shuffle=True)
    steps = 0
    for xb, yb in loader:
        opt.zero_grad()
        loss = torch.nn.functional.binary_cross_entropy_with_logits(net(xb).squeeze(-1), yb)
        loss.backward()
        opt.step()
        steps += 1
    metrics = MetricRecord({"train_loss": loss.item(), "num-examples": len(x), "num-steps": steps,
                            "num-batches": len(loader)})
    return Message(RecordDict({"arrays": ArrayRecord(net.state_dict()), "metrics": metrics}), reply_to=msg)
