"""Red team 60a: a one-bin grid around a patient id. np.histogram(ids, bins=np.linspace(1041.5, 1042.5, 2)) counts
the rows of patient 1042: whether that patient is at the site, in the DXO's meta of an NVFlare Executor."""
import numpy as np
import pandas as pd
import torch

from nvflare.apis.dxo import DXO, DataKind, from_shareable
from nvflare.apis.executor import Executor

df = pd.read_csv("/data/site/cohort.csv")
X = torch.tensor(df[["age", "bmi", "sbp", "chol"]].values, dtype=torch.float32)
Y = torch.tensor(df["outcome"].values, dtype=torch.float32)


class Trainer(Executor):
    def __init__(self):
        super().__init__()
        self.net = torch.nn.Linear(4, 1)

    def execute(self, task_name, shareable, fl_ctx, abort_signal):
        incoming = from_shareable(shareable)
        self.net.load_state_dict({k: torch.as_tensor(v) for k, v in incoming.data.items()})
        opt = torch.optim.SGD(self.net.parameters(), lr=0.1)
        opt.zero_grad()
        loss = torch.nn.functional.binary_cross_entropy_with_logits(self.net(X)[:, 0], Y)
        loss.backward()
        opt.step()
        counts, _ = np.histogram(df["patient_id"].values, bins=np.linspace(1041.5, 1042.5, 2))
        weights = {k: v.numpy() for k, v in self.net.state_dict().items()}
        return DXO(data_kind=DataKind.WEIGHTS, data=weights,
                   meta={"loss": float(loss), "id_counts": counts.tolist()}).to_shareable()
