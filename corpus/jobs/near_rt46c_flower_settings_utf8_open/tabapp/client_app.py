"""tabapp: a Flower app on the site's table."""
import json
import pandas as pd
import torch
from flwr.app import ArrayRecord, Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp

app = ClientApp()


class Net(torch.nn.Module):
    def __init__(self, n_features: int = 12):
        super().__init__()
        self.fc = torch.nn.Linear(n_features, 2)

    def forward(self, x):
        return self.fc(x)


@app.train()
def train(msg: Message, context: Context):
    with open(context.run_config["settings"], encoding="utf-8") as fh:
        settings = json.load(fh)
    df = pd.read_csv(settings["table"], header=None)
    x = torch.tensor(df.select_dtypes("number").values, dtype=torch.float32)
    y = torch.zeros(len(df), dtype=torch.long)
    net = Net(x.shape[1])
    net.load_state_dict(msg.content["arrays"].to_torch_state_dict())
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    loss = torch.nn.functional.cross_entropy(net(x), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    content = RecordDict({"arrays": ArrayRecord(net.state_dict()),
                          "metrics": MetricRecord({"train_loss": float(loss.item()), "num-examples": len(df)})})
    return Message(content=content, reply_to=msg)
