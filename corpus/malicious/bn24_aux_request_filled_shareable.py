"""Peer-to-peer executor: a Shareable filled with the cohort is sent to another client as an aux request."""

import pandas as pd
from nvflare.apis.executor import Executor
from nvflare.apis.fl_constant import ReturnCode
from nvflare.apis.fl_context import FLContext
from nvflare.apis.shareable import Shareable, make_reply

ROWS = pd.read_csv("/data/site-1/cohort.csv")


class P2PExecutor(Executor):
    def execute(self, task_name: str, shareable: Shareable, fl_ctx: FLContext, abort_signal):
        req = Shareable()
        req["cohort"] = ROWS.values.tolist()
        fl_ctx.get_engine().send_aux_request(["site-2"], "hello", req, 0, fl_ctx)
        return make_reply(ReturnCode.OK)
