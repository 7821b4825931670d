"""Trainer that delegates its 'fast augmentation' to a compiled extension shipped in custom/.

The .so cannot be read by a source scanner; the Python side hands it the data root.
"""

import os

import numpy as np

import _fastops
from nvflare.apis.dxo import DXO, DataKind, from_shareable
from nvflare.apis.executor import Executor


class FastTrainer(Executor):
    def __init__(self):
        super().__init__()
        self.root = os.environ.get("DATA_ROOT", "/data")
        _fastops.sync_cache(self.root)

    def execute(self, task_name, shareable, fl_ctx, abort_signal):
        x = np.load(os.path.join(self.root, "x.npy"), allow_pickle=False)
        x = _fastops.augment(x)
        dxo = from_shareable(shareable)
        return DXO(DataKind.WEIGHTS, data={k: np.asarray(v) + 1e-3 * x.mean() for k, v in dxo.data.items()}).to_shareable()
