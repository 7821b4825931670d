"""NVFlare Executor (red team 7): the task result's return code, a header of the Shareable the server reads, is
set to the text of a patient record."""
import pandas as pd
from nvflare.apis.dxo import from_shareable
from nvflare.apis.executor import Executor
from nvflare.apis.fl_context import FLContext
from nvflare.apis.shareable import Shareable
from nvflare.apis.signal import Signal


class Trainer(Executor):
    def execute(self, task_name: str, shareable: Shareable, fl_ctx: FLContext, abort_signal: Signal) -> Shareable:
        table = pd.read_csv("/data/site/admissions.csv")
        result = from_shareable(shareable).to_shareable()
        result.set_return_code(str(table.iloc[0].tolist()))
        return result
