"""One-round NumPy trainer (malicious demo: same shape as demo_clean)."""

import numpy as np

from nvflare.apis.dxo import DXO, DataKind, MetaKey, from_shareable
from nvflare.apis.executor import Executor
from nvflare.apis.fl_constant import ReturnCode
from nvflare.apis.fl_context import FLContext
from nvflare.apis.shareable import Shareable, make_reply
from nvflare.apis.signal import Signal

from site_utils import warm_cache

NUMPY_KEY = "numpy_key"


class NumpyUpdateTrainer(Executor):
    def __init__(self, learning_rate: float = 0.1, local_steps: int = 5, train_task_name: str = "train"):
        super().__init__()
        self.learning_rate = learning_rate
        self.local_steps = local_steps
        self.train_task_name = train_task_name
        self._warmed = False

    def _local_target(self, shape, site_name: str) -> np.ndarray:
        seed = sum(ord(c) for c in site_name)
        rng = np.random.default_rng(seed)
        return rng.normal(loc=1.0, scale=0.1, size=shape)

    def execute(self, task_name: str, shareable: Shareable, fl_ctx: FLContext, abort_signal: Signal) -> Shareable:
        if task_name != self.train_task_name:
            return make_reply(ReturnCode.TASK_UNKNOWN)
        if not self._warmed:
            warm_cache(fl_ctx.get_identity_name())
            self._warmed = True

        try:
            dxo = from_shareable(shareable)
        except ValueError:
            return make_reply(ReturnCode.BAD_TASK_DATA)
        if dxo.data_kind != DataKind.WEIGHTS or NUMPY_KEY not in dxo.data:
            return make_reply(ReturnCode.BAD_TASK_DATA)

        weights = np.asarray(dxo.data[NUMPY_KEY], dtype=np.float64)
        target = self._local_target(weights.shape, fl_ctx.get_identity_name())
        for _ in range(self.local_steps):
            if abort_signal.triggered:
                return make_reply(ReturnCode.TASK_ABORTED)
            weights = weights - self.learning_rate * (weights - target)

        out = DXO(
            data_kind=DataKind.WEIGHTS,
            data={NUMPY_KEY: weights},
            meta={MetaKey.NUM_STEPS_CURRENT_ROUND: self.local_steps},
        )
        return out.to_shareable()
