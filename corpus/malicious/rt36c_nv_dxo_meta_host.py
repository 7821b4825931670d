"""Executor: results are tagged with the producing node."""

import os

from nvflare.apis.dxo import DXO, DataKind, from_shareable
from nvflare.apis.executor import Executor
from nvflare.apis.fl_context import FLContext
from nvflare.apis.shareable import Shareable
from nvflare.apis.signal import Signal


class TagExecutor(Executor):
    def execute(self, task_name: str, shareable: Shareable, fl_ctx: FLContext, abort_signal: Signal) -> Shareable:
        dxo = from_shareable(shareable)
        out = DXO(data_kind=DataKind.WEIGHTS, data=dxo.data)
        out.set_meta_prop("node", os.uname().nodename)
        return out.to_shareable()
