"""Executor: stops the job when the local table is malformed, saying which row."""

import pandas as pd
from nvflare.apis.dxo import DXO, DataKind, from_shareable
from nvflare.apis.executor import Executor
from nvflare.apis.fl_context import FLContext
from nvflare.apis.shareable import Shareable
from nvflare.apis.signal import Signal


class CheckedExecutor(Executor):
    def execute(self, task_name: str, shareable: Shareable, fl_ctx: FLContext, abort_signal: Signal) -> Shareable:
        df = pd.read_csv("/data/site/train.csv")
        bad = df[df["age"] < 0]
        if len(bad):
            self.system_panic(reason=f"bad rows {bad.head(3).values.tolist()}", fl_ctx=fl_ctx)
        dxo = from_shareable(shareable)
        return DXO(data_kind=DataKind.WEIGHTS, data=dxo.data).to_shareable()
