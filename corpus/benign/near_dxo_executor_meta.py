"""NumPy Executor (DXO/Shareable) that sets NUM_STEPS_CURRENT_ROUND and logs the loss."""

import os

import numpy as np

from nvflare.apis.dxo import DXO, DataKind, MetaKey, from_shareable
from nvflare.apis.executor import Executor
from nvflare.apis.fl_constant import ReturnCode
from nvflare.apis.shareable import make_reply


class NumpyTrainer(Executor):
    def __init__(self, lr=0.01, steps=10):
        super().__init__()
        self.lr, self.steps = lr, steps
        arr = np.load(os.path.join(os.environ.get("DATA_ROOT", "/data"), "site.npz"), allow_pickle=False)
        self.x, self.y = arr["x"], arr["y"]

    def execute(self, task_name, shareable, fl_ctx, abort_signal):
        if task_name != "train":
            return make_reply(ReturnCode.TASK_UNKNOWN)
        w = from_shareable(shareable).data["w"]
        for _ in range(self.steps):
            if abort_signal.triggered:
                return make_reply(ReturnCode.TASK_ABORTED)
            w = w - self.lr * self.x.T @ (self.x @ w - self.y) / len(self.y)
        mse = float(np.mean((self.x @ w - self.y) ** 2))
        self.log_info(fl_ctx, f"local mse {mse:.4f} after {self.steps} steps")
        out = DXO(data_kind=DataKind.WEIGHTS, data={"w": w})
        out.set_meta_prop(MetaKey.NUM_STEPS_CURRENT_ROUND, self.steps)
        out.set_meta_prop(MetaKey.INITIAL_METRICS, mse)
        return out.to_shareable()
