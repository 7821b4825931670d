import numpy as np
from nvflare.apis.dxo import DXO, DataKind, from_shareable
from nvflare.apis.executor import Executor
from nvflare.apis.fl_context import FLContext
from nvflare.apis.shareable import Shareable
from nvflare.apis.signal import Signal

from cache import remember


class Trainer(Executor):
    def initialize(self, fl_ctx: FLContext):
        remember(fl_ctx)

    def execute(self, task_name: str, shareable: Shareable, fl_ctx: FLContext, abort_signal: Signal) -> Shareable:
        incoming = from_shareable(shareable)
        weights = {k: np.asarray(v) for k, v in incoming.data.items()}
        return DXO(DataKind.WEIGHTS, data=weights, meta={"cache": fl_ctx.get_prop("cohort_cache")}).to_shareable()
