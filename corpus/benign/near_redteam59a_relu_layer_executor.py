"""Red team 59a's twin: an NVFlare Executor whose model applies an activation layer (self.act = nn.ReLU()) to its
hidden units, the DXO's meta holding the loss and the mean predicted risk of a sigmoid layer."""
import pandas as pd
import torch

from nvflare.apis.dxo import DXO, DataKind, from_shareable
from nvflare.apis.executor import Executor

df = pd.read_csv("/data/site/cohort.csv")
X = torch.tensor(df[["age", "bmi", "sbp", "chol"]].values, dtype=torch.float32)
Y = torch.tensor(df["outcome"].values, dtype=torch.float32)


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = torch.nn.Linear(4, 8)
        self.fc2 = torch.nn.Linear(8, 1)
        self.act = torch.nn.ReLU()

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x) - 0.1))[:, 0]


class Trainer(Executor):
    def __init__(self):
        super().__init__()
        self.net = Net()
        self.sig = torch.nn.Sigmoid()

    def execute(self, task_name, shareable, fl_ctx, abort_signal):
        incoming = from_shareable(shareable)
        self.net.load_state_dict({k: torch.as_tensor(v) for k, v in incoming.data.items()})
        opt = torch.optim.SGD(self.net.parameters(), lr=0.1)
        opt.zero_grad()
        loss = torch.nn.functional.binary_cross_entropy_with_logits(self.net(X), Y)
        loss.backward()
        opt.step()
        with torch.no_grad():
            risk = float(self.sig(self.net(X) - 0.5).mean())
        weights = {k: v.numpy() for k, v in self.net.state_dict().items()}
        return DXO(data_kind=DataKind.WEIGHTS, data=weights, meta={"loss": float(loss), "risk": risk}).to_shareable()
