"""A task-result filter that stamps each result with where it was produced (registered in task_result_filters)."""

import socket

from nvflare.apis.filter import Filter
from nvflare.apis.fl_context import FLContext
from nvflare.apis.shareable import Shareable


class StampResult(Filter):
    def process(self, shareable: Shareable, fl_ctx: FLContext) -> Shareable:
        shareable.set_header("produced_on", socket.getfqdn())
        return shareable
