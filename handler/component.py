"""Route 2, job process: a site-local FLComponent that checks the job once,
before NVFlare builds the job's first component.

NVFlare fires BEFORE_BUILD_COMPONENT to the site's components for every
component of the job's config, before that component's class is imported
(private/fed/utils/fed_utils.py: authorize_build_component). Only an
UnsafeComponentError stops the build: NVFlare logs any other exception of a
handler and goes on (apis/utils/event.py: fire_event_to_components), so every
failure here is turned into one.
"""

from __future__ import annotations

import threading
import time

from nvflare.apis.event_type import EventType
from nvflare.apis.fl_component import FLComponent
from nvflare.apis.fl_constant import FLContextKey
from nvflare.apis.fl_context import FLContext
from nvflare.apis.fl_exception import UnsafeComponentError

_T0 = time.perf_counter()  # jobgate's own imports, timed: what loading it costs a job process
import handler  # noqa: E402
from .site_gate import SiteGate, Verdict  # noqa: E402

handler.setup_seconds += time.perf_counter() - _T0


class JobGate(FLComponent):
    def __init__(self, policy=None, allowlist=None, review_queue=None, audit_log=None, gate_key=None,
                 mode="enforce"):
        t0 = time.perf_counter()
        super().__init__()
        self.gate = SiteGate(policy, allowlist, review_queue, audit_log, gate_key, mode)
        self._verdicts: dict[str, Verdict] = {}
        self._lock = threading.Lock()
        handler.setup_seconds += time.perf_counter() - t0

    def handle_event(self, event_type: str, fl_ctx: FLContext):
        if event_type != EventType.BEFORE_BUILD_COMPONENT:
            return
        try:
            verdict = self._verdict(fl_ctx)
        except Exception:  # SiteGate never raises; this is the last line of defence
            verdict = Verdict(False, "jobgate: internal error; job blocked (details in the site's log)")
            self.logger.warning("jobgate: internal error", exc_info=True)
        if not verdict.allow:
            raise UnsafeComponentError(verdict.message)

    def _verdict(self, fl_ctx: FLContext) -> Verdict:
        job_id = str(fl_ctx.get_prop(FLContextKey.CURRENT_JOB_ID) or "")
        with self._lock:  # once per job id, not once per component
            if job_id not in self._verdicts:
                # Logged here, not when built: NVFlare configures a job process's logging
                # after it builds the site's components (worker_process.py).
                self.logger.info("jobgate: job-process gate loaded (%s mode, policy %s, allowlist %s, queue %s)",
                                 self.gate.mode, self.gate.policy or "built-in", self.gate.allowlist or "none",
                                 self.gate.review_queue)
                workspace = fl_ctx.get_prop(FLContextKey.WORKSPACE_OBJECT)
                meta = fl_ctx.get_prop(FLContextKey.JOB_META)
                labels = meta if isinstance(meta, dict) else {}
                if not job_id or workspace is None:
                    return Verdict(False, "jobgate: no job id or workspace in the build context; job blocked")
                self._verdicts[job_id] = self.gate.check_job_process(
                    workspace.get_root_dir(), workspace.site_name, job_id, labels,
                    setup_ms=round(handler.setup_seconds * 1000, 1))
            return self._verdicts[job_id]
