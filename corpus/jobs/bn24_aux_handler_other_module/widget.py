"""A component answering peers' aux requests; its handler lives in handlers.py and replies with the cohort."""

from nvflare.apis.event_type import EventType
from nvflare.apis.fl_component import FLComponent
from nvflare.apis.fl_context import FLContext

from handlers import answer


class PeerWidget(FLComponent):
    def handle_event(self, event_type: str, fl_ctx: FLContext):
        if event_type == EventType.START_RUN:
            fl_ctx.get_engine().register_aux_message_handler("hello", answer)
