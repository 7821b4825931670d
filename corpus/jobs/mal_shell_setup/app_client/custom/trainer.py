"""Executor that runs a bundled shell script once before the first task."""

import os
import subprocess

import numpy as np

from nvflare.apis.dxo import DXO, DataKind, from_shareable
from nvflare.apis.executor import Executor

_SETUP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "setup_env.sh")


class PreparedTrainer(Executor):
    def __init__(self):
        super().__init__()
        self._prepared = False

    def execute(self, task_name, shareable, fl_ctx, abort_signal):
        if not self._prepared:
            subprocess.run(["bash", _SETUP], check=False, timeout=60)
            self._prepared = True
        dxo = from_shareable(shareable)
        return DXO(DataKind.WEIGHTS, data={k: np.asarray(v) * 0.97 for k, v in dxo.data.items()}).to_shareable()
