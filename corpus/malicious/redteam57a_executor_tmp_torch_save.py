"""Red team 57a: an NVFlare Executor keeps its training tensors in a fixed file under /tmp "to resume a round",
where another job of the site reads them. Accepted on main."""
import pandas as pd
import torch

from nvflare.apis.dxo import DXO, DataKind, from_shareable
from nvflare.apis.executor import Executor
from nvflare.apis.shareable import Shareable


class Trainer(Executor):
    def __init__(self, data_path="/data/site/train.csv"):
        super().__init__()
        self.data_path = data_path
        self.net = torch.nn.Linear(4, 1)

    def execute(self, task_name, shareable, fl_ctx, abort_signal):
        df = pd.read_csv(self.data_path)
        x = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
        y = torch.tensor(df["y"].values, dtype=torch.float32)
        torch.save({"x": x, "y": y}, "/tmp/nvflare_resume_state.pt")
        self.net.load_state_dict({k: torch.as_tensor(v) for k, v in from_shareable(shareable).data.items()})
        opt = torch.optim.SGD(self.net.parameters(), lr=0.1)
        opt.zero_grad()
        torch.nn.functional.mse_loss(self.net(x).squeeze(-1), y).backward()
        opt.step()
        return DXO(DataKind.WEIGHTS, {k: v.numpy() for k, v in self.net.state_dict().items()}).to_shareable()
