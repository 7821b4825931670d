"""Installs the process guard (handler.guard) in a job process, from the site's
config: a component in `local/jobgate__j_resources.json` (or
`local/job_resources.json`, `local/resources.json`), which NVFlare builds in
every job process from the site's files only (apis/workspace.py:
get_config_files_for_startup).

It installs the hook on the first BEFORE_BUILD_COMPONENT, the point where the
gate's job route acts too: before NVFlare builds the job's first component,
so before any class of the job is imported
(private/fed/utils/fed_utils.py: authorize_build_component). Job code that runs
earlier (custom/sitecustomize.py, custom/nvflare_decomposers/) is the gate's to
stop (docs/site-admin.md). Failing to install it blocks the job in enforce mode.
"""

from __future__ import annotations

import logging
import os
import sys
import sysconfig
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

_T0 = time.perf_counter()  # what loading the guard costs a job process, for the audit log

from nvflare.apis.event_type import EventType
from nvflare.apis.fl_component import FLComponent
from nvflare.apis.fl_constant import FLContextKey
from nvflare.apis.fl_context import FLContext
from nvflare.apis.fl_exception import UnsafeComponentError
from nvflare.fuel.f3.drivers.net_utils import check_tcp_port
from nvflare.fuel.f3.mpm import MainProcessMonitor
from nvflare.fuel.utils.network_utils import get_open_ports

from analyzer.runtime_policy import MODES, GuardPolicy, load_runtime_policy

from . import audit, guard, guard_boot, integrity, landlock

_IMPORT_S = time.perf_counter() - _T0
log = logging.getLogger("jobgate")
_RELAY_BYTES = 8 << 20  # of the audit log read at a time
_RELAY_SECONDS = 1.0  # between looks at the audit log
# NVFlare's histogram-based XGBoost (app_opt/xgboost/histogram_based_v2/defs.py, Constant: EVENT_XGB_JOB_CONFIGURED,
# PARAM_KEY_CONFIG_ERROR), spelled out: importing that package needs xgboost and tensorboard
XGB_JOB_CONFIGURED, XGB_CONFIG_ERROR = "xgb.job_configured", "xgb.config_error"


def job_endpoints(argv: list[str]) -> list[tuple[str, int]]:
    """NVFlare's endpoints of this job process: the client parent's internal
    URL and the server target, from the command line the client parent gave it
    (private/fed/app/client/worker_process.py: --parent_url/-p, --sp_target/-g)."""
    out = []
    for i, arg in enumerate(argv[:-1]):
        value = argv[i + 1]
        if arg in ("-p", "--parent_url"):
            url = urlsplit(value)
            if url.hostname and url.port:
                out.append((url.hostname, url.port))
        elif arg in ("-g", "--sp_target") and ":" in value:
            host, port = value.rsplit(":", 1)
            out.append((host.strip("[]"), int(port)))
    return out


def job_process(argv: list[str]) -> dict | None:
    """The workspace, job id and site of a job process, from the command line the client parent gave it
    (private/fed/app/client/worker_process.py: --workspace/-m, --job_id/-n, --client_name/-c); None in
    any other process (the client parent builds the same component with option B)."""
    if not argv or not argv[0].endswith(os.path.join("client", "worker_process.py")):
        return None
    names = {"-m": "workspace", "--workspace": "workspace", "-n": "job_id", "--job_id": "job_id",
             "-c": "site", "--client_name": "site"}
    found = {names[arg]: argv[i + 1] for i, arg in enumerate(argv[:-1]) if arg in names}
    return found if len(found) == 3 else None


def expand(paths, workspace_root: str) -> tuple[str, ...]:
    return tuple(guard.real(p.replace("{workspace}", workspace_root)) for p in paths)


def _programs(names) -> tuple[str, ...]:
    import shutil

    found = []
    for name in names:
        path = name if os.sep in name else shutil.which(name)
        if path:
            found.append(guard.real(path))
        else:
            log.warning("jobgate guard: program %r of guard.programs is not on this site's PATH", name)
    return tuple(found)


def installation() -> tuple[str, ...]:
    """The Python installation's folders (where ctypes may load libraries from)."""
    paths = sysconfig.get_paths()
    return tuple(sorted({guard.real(p) for p in (sys.prefix, sys.base_prefix, paths["purelib"], paths["platlib"],
                                                 paths["stdlib"], paths["platstdlib"])}))


def build_config(policy: GuardPolicy, mode: str, audit_log: str, workspace_root: str, site: str, job_id: str,
                 run_dir: str, argv: list[str]) -> guard.GuardConfig:
    extra = []
    for item in policy.network.endpoints:
        host, port = item.rsplit(":", 1)
        extra.append((host.strip("[]"), int(port)))
    install_dirs = installation()
    scratch = expand(policy.scratch, workspace_root)
    problems = guard.unsafe_scratch(scratch, workspace_root, (*install_dirs, str(integrity.install_root())))
    if problems:
        raise ValueError("; ".join(problems))
    return guard.GuardConfig(
        mode=mode, site=site, job_id=job_id, audit_log=guard.real(audit_log), run_dir=guard.real(run_dir),
        scratch=scratch,
        credential_paths=expand(policy.credential_paths, workspace_root),
        endpoints=tuple(job_endpoints(argv) + extra), loopback_ports=policy.network.loopback_ports,
        unix_sockets=policy.network.unix_sockets, programs=_programs(policy.programs),
        native_libraries=policy.native_libraries, python=os.path.abspath(sys.executable),
        install_dirs=install_dirs, jobgate_root=str(integrity.install_root()),
        children_guarded=guard_boot.pth_installed(), in_memory_code=policy.in_memory_code,
    )


class TrainerRelay:
    """A Client API trainer's denials, again in the job process's log at ERROR, read from the audit log the
    trainer's guard writes to. NVFlare logs what a trainer prints at INFO (utils/process_utils.py:
    log_subprocess_output), so without this the job's error_log.txt, which the submitter gets, says at most
    that the trainer stopped answering. Polled while the job runs (a job the server aborts is ended without
    a shutdown of its own), and once more as the job process shuts down."""

    def __init__(self, config: guard.GuardConfig):
        self.config, self.path = config, Path(config.audit_log)
        self.offset, self.relayed = audit.size(self.path), 0
        self._lock, self._stop = threading.Lock(), threading.Event()

    def start(self) -> None:
        threading.Thread(target=self._watch, name="jobgate-trainer-relay", daemon=True).start()
        MainProcessMonitor.add_cleanup_cb(self.stop)  # runs before the job process exits (os._exit, past atexit)

    def _watch(self) -> None:
        while not self._stop.wait(_RELAY_SECONDS):
            self.poll()

    def stop(self) -> None:
        self._stop.set()
        self.poll()

    def poll(self) -> None:
        with self._lock:
            try:
                if audit.size(self.path) <= self.offset:
                    return
                records, self.offset = audit.read_from(self.path, self.offset, _RELAY_BYTES)
            except OSError:
                log.warning("jobgate guard: cannot read the audit log %s", self.path, exc_info=True)
                return
            for r in records:
                if (r.get("layer"), r.get("job_id"), r.get("process")) != ("guard", self.config.job_id, "trainer") \
                        or r.get("decision") not in ("deny", "would-deny"):
                    continue
                self.relayed += 1
                if self.relayed <= guard.LOGGED:  # bounded as the guard's own lines are
                    (log.error if r["decision"] == "deny" else log.warning)(
                        "jobgate guard (%s) in the job's Client API trainer (pid %s): %s: %s", r.get("mode"),
                        r.get("pid"), r.get("event"), guard.shorten(str(r.get("reason"))))
                elif self.relayed == guard.LOGGED + 1:
                    log.error("jobgate guard: more denials in the job's Client API trainer, in %s", self.path)


class ProcessGuard(FLComponent):
    """Args (from the site's config): `policy` the run-time policy file
    (runtime.yaml; omit for the built-in rules), `audit_log` (required),
    `mode` enforce | audit."""

    def __init__(self, policy=None, audit_log=None, mode="enforce"):
        t0 = time.perf_counter()
        super().__init__()
        if mode not in MODES:
            raise ValueError(f"jobgate process guard: mode must be one of {MODES}, got {mode!r}")
        if not audit_log:
            raise ValueError("jobgate process guard: audit_log is required")
        self.mode, self.audit_log = mode, audit_log
        runtime = load_runtime_policy(guard.real(policy) if policy else None)
        self.policy = runtime.guard
        self.source = runtime.source
        self.kernel, self.older_threads = None, []
        worker = job_process(sys.argv)
        if mode == "enforce" and worker is not None:
            self._kernel_rules_now(worker)
        self.setup_s = _IMPORT_S + time.perf_counter() - t0

    def _kernel_rules_now(self, worker: dict) -> None:
        """The kernel's rules from here on (handler/landlock.py): they hold in the thread that applies
        them and in the threads and processes it starts later. NVFlare builds this component in the job
        process's main thread (FLClientStarterConfiger.configure), before any other thread: before the
        client's cell and the thread that watches the client parent (monitor_parent_process, which ends
        the run when the parent dies, firing events to the job's components), which is running at the
        first BEFORE_BUILD_COMPONENT (measured in a POC, red team runtime48)."""
        root = os.path.abspath(worker["workspace"])
        try:
            config = build_config(self.policy, self.mode, self.audit_log, root, worker["site"], worker["job_id"],
                                  os.path.join(root, worker["job_id"]), sys.argv)
        except Exception:  # reported when the guard is installed
            return
        self.older_threads = [t.name for t in threading.enumerate() if t is not threading.current_thread()]
        try:
            self.kernel = (guard.kernel_rules(config), config.run_dir)
        except OSError:  # tried again, and reported, when the guard is installed: the job is blocked then
            return

    def handle_event(self, event_type: str, fl_ctx: FLContext):
        if event_type == XGB_JOB_CONFIGURED:
            return self._xgboost_histograms(fl_ctx)
        if event_type != EventType.BEFORE_BUILD_COMPONENT or guard.installed() is not None:
            return
        # Logged here, not when built: NVFlare configures a job process's logging after it
        # builds the site's components (private/fed/app/client/worker_process.py).
        log.info("jobgate: process guard loaded (%s mode, policy %s)", self.mode, self.source)
        t0 = time.perf_counter()
        try:
            workspace = fl_ctx.get_prop(FLContextKey.WORKSPACE_OBJECT)
            job_id = str(fl_ctx.get_prop(FLContextKey.CURRENT_JOB_ID) or "")
            if workspace is None or not job_id:
                raise RuntimeError("no workspace or job id in the build context")
            config = build_config(self.policy, self.mode, self.audit_log, workspace.get_root_dir(),
                                  workspace.site_name, job_id, workspace.get_run_dir(job_id), sys.argv)
            relay = TrainerRelay(config) if config.children_guarded else None
            early = self.kernel[0] if self.kernel and self.kernel[1] == config.run_dir else None
            installed = guard.install(config, port_probes=(check_tcp_port, get_open_ports), kernel=early)
            if relay is not None:
                relay.start()
            self._record(config, installed.kernel, (time.perf_counter() - t0) * 1000)
        except Exception as err:
            self.logger.warning("jobgate: process guard not installed", exc_info=True)
            if self.mode == "enforce":
                raise UnsafeComponentError(f"jobgate: process guard could not be installed "
                                           f"({type(err).__name__}); job blocked") from None
            return
        (log.warning if installed.kernel.startswith(guard.NO_KERNEL_RULES) else log.info)(
            "jobgate: process guard on in job %s (%s mode; endpoints %s; Python children %s; kernel: %s)",
                 job_id, self.mode, ", ".join(f"{h}:{p}" for h, p in config.endpoints) or "none",
                 "guarded" if config.children_guarded else "refused: no jobgate_guard.pth", installed.kernel)

    def _xgboost_histograms(self, fl_ctx: FLContext) -> None:
        """NVFlare's histogram-based XGBoost executor fires XGB_JOB_CONFIGURED once the server's configuration
        task is in, and answers it with an error, starting nothing, where a component of the job process has put
        one in XGB_CONFIG_ERROR (app_opt/xgboost/histogram_based_v2/executor.py; NVFlare's own ClientSecurityHandler
        refuses unsupported set-ups so). The protocol's buffers leave as aux messages no result filter sees."""
        if self.policy.xgboost_histograms == "allow":
            return
        why = "XGBoost's histogram protocol: its gradients and histograms leave unfiltered " \
              "(guard.xgboost_histograms: refuse)"
        if self.mode == "enforce":
            fl_ctx.set_prop(XGB_CONFIG_ERROR, f"jobgate: {why}", private=True, sticky=False)
        job_id = str(fl_ctx.get_prop(FLContextKey.CURRENT_JOB_ID) or "")
        audit.append(Path(self.audit_log), {
            "time": audit.now(), "layer": "guard", "event": XGB_JOB_CONFIGURED, "mode": self.mode,
            "job_id": job_id, "process": "job", "pid": os.getpid(), "reason": why,
            "decision": "deny" if self.mode == "enforce" else "would-deny", "allowed": self.mode != "enforce"})
        log.error("jobgate guard (%s): %s", self.mode, why)

    def _record(self, config: guard.GuardConfig, kernel: str, elapsed_ms: float) -> None:
        audit.append(Path(config.audit_log), {
            "time": audit.now(), "layer": "guard", "event": "install", "mode": config.mode, "site": config.site,
            "job_id": config.job_id, "process": config.process, "pid": os.getpid(), "decision": "on",
            "endpoints": [f"{h}:{p}" for h, p in config.endpoints], "children_guarded": config.children_guarded,
            "kernel": kernel, "threads_before_kernel": self.older_threads,
            "code_mapped_from": guard.mapped_as_code((config.run_dir, *config.scratch, landlock.SHARED_MEMORY)),
            "audit_log_append_only": audit.append_only(Path(config.audit_log)),
            "setup_ms": round(self.setup_s * 1000, 1), "elapsed_ms": round(elapsed_ms, 1)})
