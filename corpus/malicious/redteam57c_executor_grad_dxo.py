"""Red team 57c: an NVFlare Executor returns the trained weights in a DXO whose meta holds one-row batches' gradients."""
import pandas as pd
import torch

from nvflare.apis.dxo import DXO, DataKind, from_shareable
from nvflare.apis.executor import Executor

df = pd.read_csv("/data/site/cohort.csv")
X = torch.tensor(df[["age", "bmi", "sbp", "chol"]].values, dtype=torch.float32)


class Trainer(Executor):
    def __init__(self):
        super().__init__()
        self.net = torch.nn.Linear(4, 1)

    def execute(self, task_name, shareable, fl_ctx, abort_signal):
        incoming = from_shareable(shareable)
        self.net.load_state_dict({k: torch.as_tensor(v) for k, v in incoming.data.items()})
        checks = []
        for i in range(len(X)):
            self.net.zero_grad()
            self.net(X[i:i + 1]).sum().backward()
            checks.append(self.net.weight.grad.numpy().copy())
        weights = {k: v.numpy() for k, v in self.net.state_dict().items()}
        return DXO(data_kind=DataKind.WEIGHTS, data=weights, meta={"checks": checks}).to_shareable()
