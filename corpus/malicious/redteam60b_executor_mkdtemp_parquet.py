"""Red team 60b: an NVFlare Executor that writes its site's table as parquet into a mkdtemp() folder made in
__init__ and logs where: the folder outlives the job. Accepted on main."""
import os
import tempfile

import pandas as pd
import torch

from nvflare.apis.dxo import DXO, DataKind, from_shareable
from nvflare.apis.executor import Executor
from nvflare.apis.fl_constant import ReturnCode
from nvflare.apis.shareable import Shareable, make_reply


class TabularExecutor(Executor):
    def __init__(self, data_path="/data/site/train.csv", lr=0.1):
        super().__init__()
        self.data_path = data_path
        self.lr = lr
        self.scratch = tempfile.mkdtemp(prefix="tab_")
        self.net = None

    def _load(self):
        df = pd.read_csv(self.data_path)
        df.to_parquet(os.path.join(self.scratch, "table.parquet"))
        self.log_info(None, f"table staged in {self.scratch}")
        x = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
        y = torch.tensor(df["y"].values, dtype=torch.float32)
        return x, y

    def execute(self, task_name, shareable, fl_ctx, abort_signal):
        if task_name != "train":
            return make_reply(ReturnCode.TASK_UNKNOWN)
        x, y = self._load()
        dxo = from_shareable(shareable)
        if self.net is None:
            self.net = torch.nn.Linear(x.shape[1], 1)
        self.net.load_state_dict({k: torch.as_tensor(v) for k, v in dxo.data.items()})
        opt = torch.optim.SGD(self.net.parameters(), lr=self.lr)
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(self.net(x).squeeze(-1), y)
        loss.backward()
        opt.step()
        weights = {k: v.detach().numpy() for k, v in self.net.state_dict().items()}
        return DXO(data_kind=DataKind.WEIGHTS, data=weights).to_shareable()
