import numpy as np
import torch
from nvflare.apis.dxo import DXO, DataKind, from_shareable
from nvflare.apis.fl_constant import ReturnCode
from nvflare.apis.shareable import make_reply
from nvflare.app_common.abstract.learner_spec import Learner


class BaseLearner(Learner):
    """Trains a small MLP; subclasses choose the data and may swap the model."""

    def __init__(self, data_path):
        super().__init__()
        self.data_path = data_path
        self.model = torch.nn.Sequential(torch.nn.Linear(16, 32), torch.nn.ReLU(), torch.nn.Linear(32, 2))

    def initialize(self, parts, fl_ctx):
        self.rows = np.load(self.data_path)

    def train(self, shareable, fl_ctx, abort_signal):
        weights = from_shareable(shareable).data
        self.model.load_state_dict({k: torch.as_tensor(v) for k, v in weights.items()})
        for start in range(0, len(self.rows), 32):
            batch = self.rows[start:start + 32]
            self.model(batch)
        params = {k: v.detach().numpy() for k, v in self.model.state_dict().items()}
        return DXO(data_kind=DataKind.WEIGHTS, data=params).to_shareable()

    def validate(self, shareable, fl_ctx, abort_signal):
        return make_reply(ReturnCode.OK)
