"""Red team 59a: the soft threshold through an activation layer in an NVFlare Executor. act = nn.ReLU() called on
age - 99 is torch.relu(age - 99); the layer call read as a model's prediction, which dropped the shift. The sum goes
back in the DXO's meta."""
import pandas as pd
import torch

from nvflare.apis.dxo import DXO, DataKind, from_shareable
from nvflare.apis.executor import Executor

df = pd.read_csv("/data/site/cohort.csv")
X = torch.tensor(df[["age", "bmi", "sbp", "chol"]].values, dtype=torch.float32)
Y = torch.tensor(df["outcome"].values, dtype=torch.long)


class Trainer(Executor):
    def __init__(self):
        super().__init__()
        self.net = torch.nn.Linear(4, 2)
        self.act = torch.nn.ReLU()

    def execute(self, task_name, shareable, fl_ctx, abort_signal):
        incoming = from_shareable(shareable)
        self.net.load_state_dict({k: torch.as_tensor(v) for k, v in incoming.data.items()})
        opt = torch.optim.SGD(self.net.parameters(), lr=0.1)
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(self.net(X), Y)
        loss.backward()
        opt.step()
        excess = float(self.act(X[:, 0] - 99.0).sum())
        weights = {k: v.numpy() for k, v in self.net.state_dict().items()}
        return DXO(data_kind=DataKind.WEIGHTS, data=weights, meta={"loss": float(loss), "excess": excess}).to_shareable()
