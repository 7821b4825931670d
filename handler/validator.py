"""Route 1, deploy time: an NVFlare `app_validator` for the client's parent process.

NVFlare calls `validate(app_folder)` on every app it unpacks for this site,
before it writes the job's meta.json and long before a job process exists
(private/fed/utils/app_deployer.py: AppDeployer.deploy -> AppAuthzService.validate_app).
A non-empty error refuses the deployment; NVFlare sends it back to the server,
where the submitter reads it in the job's `job_deploy_detail`.
"""

from __future__ import annotations

import logging
import os
import sys
import time

from nvflare.apis.app_validation import AppValidator

_T0 = time.perf_counter()  # jobgate's own imports, timed: what loading it costs this process
import handler  # noqa: E402
from . import integrity  # noqa: E402
from .site_gate import SiteGate  # noqa: E402

handler.setup_seconds += time.perf_counter() - _T0

log = logging.getLogger("jobgate")

_DEPLOYER = os.path.join("private", "fed", "utils", "app_deployer.py")


def _deploying_job_meta() -> dict | None:
    """The job's meta as NVFlare's deployer holds it, None if there is no such
    caller (the gate then blocks the job): its launcher settings are judged
    (the deployer writes this meta beside the app once the validator passes it,
    and the client launches with it: client_executor.py start_app), its name
    and submitter label the audit log. NVFlare passes the validator nothing but
    the folder."""
    frame = sys._getframe(1)
    for _ in range(12):
        if frame is None:
            break
        if frame.f_code.co_name == "deploy" and frame.f_code.co_filename.endswith(_DEPLOYER):
            meta = frame.f_locals.get("job_meta")
            return meta if isinstance(meta, dict) else None
        frame = frame.f_back
    return None


def _in_job_process() -> bool:
    spec = getattr(sys.modules.get("__main__"), "__spec__", None)
    return getattr(spec, "name", "").endswith(".worker_process")


class JobGateValidator(AppValidator):
    def __init__(self, policy=None, allowlist=None, review_queue=None, audit_log=None, gate_key=None,
                 mode="enforce"):
        t0 = time.perf_counter()
        super().__init__()
        self.gate = SiteGate(policy, allowlist, review_queue, audit_log, gate_key, mode)
        handler.setup_seconds += time.perf_counter() - t0
        self._loaded_line = ""
        # NVFlare also builds a fed_client.json app_validator in every job process,
        # where it is never called: load nothing there.
        if not _in_job_process():
            self._warm_up()
            # NVFlare builds the validator before it configures logging (private/fed/app/client/
            # client_train.py: conf.configure(), then configure_logging): the client's console
            # gets the line now, its log.txt with the first deployment.
            self._loaded_line = (f"jobgate: deploy-time validator loaded ({mode} mode, policy "
                                 f"{self.gate.policy or 'built-in'}, allowlist {self.gate.allowlist or 'none'}, "
                                 f"queue {self.gate.review_queue})")
            sys.stderr.write(self._loaded_line + "\n")

    def _warm_up(self) -> None:
        """Load the engine and start its worker, at client start, while no job
        exists: the first deployment then pays only for its own analysis (the
        worker warms itself up), and every later import finds these modules in
        sys.modules (checked again per job)."""
        try:
            self.gate.start_worker()
            integrity.load_engine(("policy",))[0].load_policy(self.gate.policy)
        except Exception:
            log.warning("jobgate: engine not usable at start-up; every job will be blocked", exc_info=True)

    def validate(self, app_folder: str) -> tuple[str, dict]:
        if self._loaded_line:
            log.info("%s", self._loaded_line)
            self._loaded_line = ""
        verdict = self.gate.check_deployed_app(app_folder, _deploying_job_meta())
        return ("", {}) if verdict.allow else (verdict.message, {})
