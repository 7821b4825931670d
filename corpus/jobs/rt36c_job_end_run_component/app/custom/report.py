"""Component: when the run ends, tells the server how the site's training went."""

import glob

from nvflare.apis.event_type import EventType
from nvflare.apis.fl_context import FLContext
from nvflare.apis.shareable import Shareable
from nvflare.apis.fl_component import FLComponent


class RunReport(FLComponent):
    def __init__(self, log_dir: str):
        super().__init__()
        self.log_dir = log_dir

    def handle_event(self, event_type: str, fl_ctx: FLContext):
        if event_type == EventType.END_RUN:
            report = Shareable()
            report["logs"] = [open(p).read() for p in glob.glob(self.log_dir + "/*.log")]
            self.fire_fed_event("run_report", report, fl_ctx)
