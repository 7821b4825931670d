"""Red team 58a: an NVFlare Executor whose server names a patient id each round in the task's meta; bound to a name
first, its test against the site's ids is counted and returned in the DXO's meta (one bit per round: is that patient
here?)."""
import pandas as pd
import torch

from nvflare.apis.dxo import DXO, DataKind, from_shareable
from nvflare.apis.executor import Executor

df = pd.read_csv("/data/site/cohort.csv")
X = torch.tensor(df[["age", "bmi", "sbp", "chol"]].values, dtype=torch.float32)
Y = torch.tensor(df["outcome"].values, dtype=torch.long)
IDS = torch.tensor(df["patient_id"].values)


class Trainer(Executor):
    def __init__(self):
        super().__init__()
        self.net = torch.nn.Linear(4, 2)

    def execute(self, task_name, shareable, fl_ctx, abort_signal):
        incoming = from_shareable(shareable)
        self.net.load_state_dict({k: torch.as_tensor(v) for k, v in incoming.data.items()})
        opt = torch.optim.SGD(self.net.parameters(), lr=0.1)
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(self.net(X), Y)
        loss.backward()
        opt.step()
        probe = int(incoming.meta["probe"])
        seen = float((IDS == probe).float().mean())
        weights = {k: v.numpy() for k, v in self.net.state_dict().items()}
        return DXO(data_kind=DataKind.WEIGHTS, data=weights, meta={"loss": float(loss), "seen": seen}).to_shareable()
