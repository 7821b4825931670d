"""Least-squares learner on synthetic site data (NVFlare Learner API, NumPy only)."""

import numpy as np

from nvflare.apis.dxo import DXO, DataKind, MetaKey, from_shareable
from nvflare.apis.fl_constant import ReturnCode
from nvflare.apis.fl_context import FLContext
from nvflare.apis.shareable import Shareable, make_reply
from nvflare.apis.signal import Signal
from nvflare.app_common.abstract.learner_spec import Learner

KEY = "numpy_key"


class LeastSquaresLearner(Learner):
    def __init__(self, lr: float = 0.05, local_steps: int = 20, n_samples: int = 256):
        super().__init__()
        self.lr = lr
        self.local_steps = local_steps
        self.n_samples = n_samples
        self.x = None
        self.y = None

    def initialize(self, parts: dict, fl_ctx: FLContext):
        site = fl_ctx.get_identity_name()
        rng = np.random.default_rng(sum(map(ord, site)))
        self.x = rng.normal(size=(self.n_samples, 3))
        true_w = np.array([0.5, -1.0, 2.0])
        self.y = self.x @ true_w + rng.normal(scale=0.1, size=self.n_samples)
        self.log_info(fl_ctx, f"{site}: generated {self.n_samples} synthetic samples")

    def train(self, data: Shareable, fl_ctx: FLContext, abort_signal: Signal) -> Shareable:
        dxo = from_shareable(data)
        weights = np.asarray(dxo.data[KEY], dtype=np.float64)
        # the default NPModelPersistor model is a 3x3 matrix: fit each column to the same target
        w = weights.reshape(3, -1)
        for _ in range(self.local_steps):
            if abort_signal.triggered:
                return make_reply(ReturnCode.TASK_ABORTED)
            residual = self.x @ w - self.y[:, None]
            w = w - self.lr * self.x.T @ residual / self.n_samples
        mse = float(np.mean((self.x @ w - self.y[:, None]) ** 2))
        self.log_info(fl_ctx, f"local mse {mse:.4f}")
        out = DXO(DataKind.WEIGHTS, data={KEY: w.reshape(weights.shape)},
                  meta={MetaKey.NUM_STEPS_CURRENT_ROUND: self.local_steps})
        return out.to_shareable()

    def finalize(self, fl_ctx: FLContext):
        self.x = self.y = None
