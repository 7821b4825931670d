"""Adds one to the global NumPy weights: a stand-in for local training."""

from nvflare.apis.dxo import DXO, DataKind, from_shareable
from nvflare.apis.executor import Executor
from nvflare.apis.fl_constant import ReturnCode
from nvflare.apis.shareable import make_reply


class AddOne(Executor):
    def __init__(self, delta=1):
        super().__init__()
        self.delta = delta

    def execute(self, task_name, shareable, fl_ctx, abort_signal):
        if task_name != "train":
            return make_reply(ReturnCode.TASK_UNKNOWN)
        dxo = from_shareable(shareable)
        weights = {k: v + self.delta for k, v in dxo.data.items()}
        return DXO(data_kind=DataKind.WEIGHTS, data=weights).to_shareable()
