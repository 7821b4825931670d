"""NumPy Executor: ridge regression by gradient descent on the site's table."""

import os

import numpy as np

from nvflare.apis.dxo import DXO, DataKind, from_shareable
from nvflare.apis.executor import Executor
from nvflare.apis.fl_constant import ReturnCode
from nvflare.apis.shareable import make_reply

from prep import winsorize


class RidgeTrainer(Executor):
    def __init__(self, steps=10):
        super().__init__()
        self.steps = steps
        arr = np.load(os.path.join(os.environ.get("DATA_ROOT", "/data"), "site.npz"), allow_pickle=False)
        self.x, self.y = arr["x"], arr["y"]
        winsorize(self.x)

    def execute(self, task_name, shareable, fl_ctx, abort_signal):
        if task_name != "train":
            return make_reply(ReturnCode.TASK_UNKNOWN)
        w = from_shareable(shareable).data["w"]
        for _ in range(10):
            w = w - 0.01 * (self.x.T @ (self.x @ w - self.y) / len(self.y) + 1e-3 * w)
        return DXO(data_kind=DataKind.WEIGHTS, data={"w": w}).to_shareable()
