"""NumPy trainer: nudges the received weights towards a site-local estimate."""

import os

import numpy as np

from nvflare.apis.dxo import DXO, DataKind, MetaKey, from_shareable
from nvflare.apis.executor import Executor
from nvflare.apis.fl_constant import ReturnCode
from nvflare.apis.shareable import make_reply


class SiteTrainer(Executor):
    def __init__(self, lr: float = 0.1):
        super().__init__()
        self.lr = lr

    def execute(self, task_name, shareable, fl_ctx, abort_signal):
        if task_name != "train":
            return make_reply(ReturnCode.TASK_UNKNOWN)
        dxo = from_shareable(shareable)
        x = np.load(os.path.join(os.environ.get("DATA_ROOT", "/data"), "x.npy"), allow_pickle=False)
        target = float(x.mean())
        data = {k: np.asarray(v) + self.lr * (target - np.asarray(v)) for k, v in dxo.data.items()}
        return DXO(DataKind.WEIGHTS, data=data, meta={MetaKey.NUM_STEPS_CURRENT_ROUND: 1}).to_shareable()
