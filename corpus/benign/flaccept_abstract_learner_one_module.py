"""A supervised learner base and its site learner in one module: the base's loop calls the model,
loss and optimizer that the subclass builds in train_config; only weights and a loss go out."""
from abc import abstractmethod

import pandas as pd
import torch
from torch.utils.data import DataLoader, TensorDataset

from nvflare.apis.dxo import DXO, DataKind, MetaKey, from_shareable
from nvflare.apis.fl_constant import ReturnCode
from nvflare.apis.shareable import make_reply
from nvflare.app_common.abstract.learner_spec import Learner


class BaseLearner(Learner):
    def initialize(self, parts, fl_ctx):
        self.train_config(fl_ctx)

    @abstractmethod
    def train_config(self, fl_ctx):
        raise NotImplementedError

    def train(self, data, fl_ctx, abort_signal):
        dxo = from_shareable(data)
        self.model.load_state_dict({k: torch.as_tensor(v) for k, v in dxo.data.items()})
        self.model.train()
        for inputs, labels in self.train_loader:
            self.optimizer.zero_grad()
            loss = self.criterion(self.model(inputs), labels)
            loss.backward()
            self.optimizer.step()
            if abort_signal.triggered:
                return make_reply(ReturnCode.TASK_ABORTED)
        self.log_info(fl_ctx, f"last batch loss {loss.item():.4f}")
        weights = {k: v.cpu().numpy() for k, v in self.model.state_dict().items()}
        return DXO(data_kind=DataKind.WEIGHTS, data=weights, meta={MetaKey.NUM_STEPS_CURRENT_ROUND: 1}).to_shareable()


class CsvLearner(BaseLearner):
    def __init__(self, data_path: str = "/data/site/train.csv", lr: float = 0.01):
        super().__init__()
        self.data_path = data_path
        self.lr = lr

    def train_config(self, fl_ctx):
        frame = pd.read_csv(self.data_path)
        x = torch.tensor(frame.drop(columns=["label"]).to_numpy(), dtype=torch.float32)
        y = torch.tensor(frame["label"].to_numpy())
        self.model = torch.nn.Sequential(torch.nn.Linear(x.shape[1], 16), torch.nn.ReLU(), torch.nn.Linear(16, 2))
        self.criterion = torch.nn.CrossEntropyLoss()
        self.optimizer = torch.optim.SGD(self.model.parameters(), lr=self.lr)
        self.train_loader = DataLoader(TensorDataset(x, y), batch_size=32, shuffle=True)
