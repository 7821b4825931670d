"""The site's gate: one decision per job, whichever NVFlare route asked for it.

Both routes (validator.py at deploy time in the client's parent process,
component.py in the job process) call `SiteGate`. Its configuration comes only
from the site (the arguments NVFlare reads from the site's startup kit or
`local/`), never from the job. Every failure blocks the job (in enforce mode)
and is logged with its traceback on the site only; the submitter gets one line.
"""

from __future__ import annotations

import json
import logging
import os
import re
import stat
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import audit, integrity, snapshot

log = logging.getLogger("jobgate")

MODES = ("enforce", "audit")
# Written by the deploy route beside NVFlare's meta.json in the job's run dir
# (outside the app folder, so no job can ship one) and read by the job route.
RECORD_NAME = "jobgate_deploy.json"
# NVFlare's SiteLogStreamer (in resources.json.default) rewrites this file of
# every job between deploy and launch, adding or removing its JobLogStreamer
# (app_common/logging/site_log_streamer.py: _on_before_job_launch).
CLIENT_CONFIG = "config/config_fed_client.json"
# The job's meta in its run dir (nvflare/apis/workspace.py get_job_meta_path), written by the deployer
# after the deploy route and checked against START_JOB's before launch (client_executor.py start_app).
JOB_META = "meta.json"
LOG_STREAMER = "nvflare.app_common.logging.job_log_streamer.JobLogStreamer"
_SEVERITY_RANK = {"critical": 4, "high": 3, "medium": 2, "low": 1, "info": 0}
_SAFE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]*$")
_MAX_MESSAGE = 500


# What judging a job loads in the site's process (never the analysis itself:
# libcst, the rule packs and the detectors load only in the worker).
_JUDGE_MODULES = ("api", "model", "policy", "trust.review", "engine.isolate", "commands.site_check")
# Imported inside api.gate when a job needs it (the allowlist, the accept record; the judge of a job's
# launcher settings, which reads rules/lists: 0.1 s, paid at client start, not by the first job).
_LAZY_MODULES = ("trust.allowlist", "engine.launchers")


@dataclass(frozen=True)
class Job:
    """Where a job's app lies at the site, and labels for the audit log (never
    inputs to the decision)."""

    job_id: str
    site: str
    app_folder: Path
    app_name: str
    name: str = ""
    submitter: str = ""

    @property
    def run_dir(self) -> Path:
        return self.app_folder.parent

    @property
    def label(self) -> str:
        return f"job {one_line(self.name or self.app_name)!r} ({self.job_id}) at {self.site}"


@dataclass
class Outcome:
    decision: str  # accept | reject | escalate | error
    reason: str
    basis: str  # allowlist | analysis | deploy-record | integrity | site-setup | error
    digest: str = ""
    score: int | None = None
    findings: list[str] = field(default_factory=list)
    approved_by: list[str] = field(default_factory=list)
    queue_id: str = ""
    # {path in the app folder: sha256} of exactly the bytes that were judged.
    judged: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Verdict:
    allow: bool
    message: str  # one line for the submitter; empty when the job runs quietly


def one_line(text: str) -> str:
    """No control characters from job-chosen names (file names, job names) in
    a log line or in the message sent back."""
    out = "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(text))
    return out if len(out) <= _MAX_MESSAGE else out[: _MAX_MESSAGE - 1] + "…"


def _site_path(value: str | os.PathLike | None) -> Path | None:
    # NVFlare starts a client's processes in the site's workspace root, so a
    # relative path in the site's config means a path under that root.
    return None if value in (None, "") else Path(value).expanduser().resolve()


class SiteGate:
    def __init__(self, policy=None, allowlist=None, review_queue=None, audit_log=None, gate_key=None,
                 mode: str = "enforce"):
        if mode not in MODES:
            raise ValueError(f"jobgate: mode must be one of {MODES}, got {mode!r}")
        if not review_queue or not audit_log:
            raise ValueError("jobgate: review_queue and audit_log are required")
        self.mode = mode
        self.policy = _site_path(policy)
        self.allowlist = _site_path(allowlist)
        self.review_queue = _site_path(review_queue)
        self.audit_log = _site_path(audit_log)
        self.gate_key = _site_path(gate_key)
        # Analysis runs in a forked, resource-limited child of this fork server
        # (analyzer/engine/isolate.py), never in NVFlare's own process.
        self.isolated = True
        self._server = None
        self._server_lock = threading.Lock()  # jobs of several deployments may arrive at once

    def start_worker(self) -> None:
        """Load every module a job's judgement imports in this process and start
        the analysis worker, now (at client start), not with the first job:
        the first job then costs what any later one does."""
        names = _JUDGE_MODULES + _LAZY_MODULES
        loaded = dict(zip(names, integrity.load_engine(names)))
        self._worker(loaded["engine.isolate"]).start()

    def _worker(self, isolate):
        with self._server_lock:
            if self._server is None:
                self._server = isolate.ForkServer()
            return self._server

    # ------------------------------------------------------------- routes
    def check_deployed_app(self, app_folder: str | os.PathLike, job_meta: dict | None = None) -> Verdict:
        """Deploy time (client parent process): the app NVFlare just unpacked, with the job's meta as
        NVFlare's deployer holds it (validator.py; None: not found, and the job is blocked)."""
        t0 = time.perf_counter()
        job = None
        try:
            job = job_at(Path(app_folder), job_meta or {})
            outcome = self._judge(job, job_meta, "NVFlare's deployer (validator.py _deploying_job_meta)")
            self._write_record(job, outcome)
        except Exception as err:
            outcome = self._failure(err, job)
        return self._finish(job, "deploy", outcome, t0)

    def check_job_process(self, workspace_root: str, site: str, job_id: str, labels: dict | None = None,
                          setup_ms: float | None = None) -> Verdict:
        """Job process, before its first component is built. `setup_ms`: what
        loading the component cost this process, for the audit log."""
        t0 = time.perf_counter()
        job = None
        try:
            job = job_at(Path(workspace_root) / job_id / f"app_{site}", labels or {})
            with integrity.without_job_paths(job.run_dir):
                record = read_record(job.run_dir)
                if record is not None and record.get("decision") != "error":
                    outcome = self._verify_record(job, record)
                elif early := integrity.job_modules(job.app_folder):
                    # Unchecked job code already ran in this process (sitecustomize.py,
                    # NVFlare's custom decomposers): too late to prevent, not too late to stop.
                    outcome = Outcome("reject", f"rejected {job.label}: job code ran before the gate "
                                      f"(modules {', '.join(early)})", "integrity")
                else:
                    outcome = self._judge(job, _json_or_none(_read(job.run_dir / JOB_META)),
                                          f"{JOB_META} beside the app, which NVFlare's deployer writes")
        except Exception as err:
            outcome = self._failure(err, job)
        return self._finish(job, "job", outcome, t0, setup_ms)

    # ------------------------------------------------------------ deciding
    def _judge(self, job: Job, job_meta: dict | None, meta_source: str) -> Outcome:
        """`job_meta`: the meta NVFlare launches the job with; its launcher settings (the image, the
        interpreter) are judged as this site's launcher reads them and enter the digest."""
        if not isinstance(job_meta, dict):
            return Outcome("error", f"blocked {job.label}: the job's meta NVFlare launches it with was not found "
                           f"(from {meta_source}), so its launcher settings cannot be judged; check that the "
                           "gate is installed as docs/site-admin.md says", "site-setup")
        api, model, policy_mod, review, isolate, site_check = integrity.load_engine(_JUDGE_MODULES, (job.run_dir,))
        policy = policy_mod.load_policy(self.policy)
        content, report = api.gate(job.app_folder, policy, allowlist=self.allowlist, gate_key=self.gate_key,
                                   app_name=job.app_name, server=self._worker(isolate) if self.isolated else None,
                                   job_meta=job_meta, site=job.site)
        if report.decision is model.Decision.ACCEPT and policy.runtime_guard:
            missing = site_check.guard_missing(job.run_dir.parent)
            if missing:
                return Outcome("error", f"blocked {job.label}: the gate's policy leaves write destinations and "
                               f"torch.load to the process guard (runtime_guard: true), but {missing}; configure "
                               "it (docs/site-admin.md) or set runtime_guard: false", "site-setup",
                               digest=report.digest, score=report.score)
        prefix = job.app_name + "/"
        out = Outcome(report.decision.value, "", "allowlist" if report.allowlisted else "analysis",
                      digest=report.digest, score=report.score, findings=top_findings(report.findings),
                      approved_by=[a.signer or a.key_id for a in report.approvals],
                      judged={f.path.removeprefix(prefix): f.sha256 for f in report.files})
        what, scored = job.label, f"({report.digest[:19]}…, score {report.score})"
        if report.decision is model.Decision.ACCEPT:
            how = f"approved by {', '.join(out.approved_by)}" if report.allowlisted else "analysis"
            out.reason = f"accepted {what} {scored}: {how}"
        elif report.decision is model.Decision.REJECT:
            out.reason = f"rejected {what} {scored}: {_why(out, report)}"
        else:
            out.queue_id, held = self._queued(job, review, content, report)
            # The queue id first: a long list of findings may be cut short, the id never.
            out.reason = f"escalated {what} {scored}, {held}: {_why(out, report)}"
        return out

    def _queued(self, job: Job, review, content, report) -> tuple[str, str]:
        """(queue id, what the submitter is told). A queue that cannot take the job (a full or read-only
        disk, a damaged item) leaves it escalated, blocked, with its findings in the audit log: the failure
        must not turn the analysis' decision into an internal error that hides what was found."""
        try:
            qid = review.enqueue(self.review_queue, content, report)
        except Exception as err:
            log.warning("jobgate: cannot queue %s for review in %s", job.label, self.review_queue, exc_info=True)
            return "", f"not held for review: the site's review queue failed ({type(err).__name__}, see its log)"
        return qid, f"held for review as {qid} (`jobgate review approve {qid}`, then resubmit)"

    def _verify_record(self, job: Job, record: dict) -> Outcome:
        """The job route after a deploy-time decision: same bytes -> same decision,
        without judging the job a second time (and without loading the engine)."""
        recorded = record.get("listing") or {}
        changed = snapshot.differences(recorded, snapshot.listing(job.app_folder, recorded))
        config_now = _read(job.app_folder / CLIENT_CONFIG)
        if CLIENT_CONFIG in changed and same_config(record.get("client_config"), config_now):
            changed.remove(CLIENT_CONFIG)  # only NVFlare's own log-streamer edit
        if changed:
            more = f" +{len(changed) - 3} more" if len(changed) > 3 else ""
            what = ", ".join(one_line(p) for p in changed[:3]) + more
            return Outcome("reject", f"rejected {job.label}: changed since it was checked at deploy ({what})",
                           "deploy-record")
        return Outcome(str(record.get("decision")), f"{record.get('reason')} (decided at deploy; content unchanged)",
                       "deploy-record", digest=str(record.get("digest")), score=record.get("score"),
                       findings=list(record.get("findings") or []), approved_by=list(record.get("approved_by") or []),
                       queue_id=str(record.get("queue_id") or ""))

    def _failure(self, err: Exception, job: Job | None) -> Outcome:
        where = job.label if job else "a job"
        # WARNING, not ERROR: NVFlare's log streamers send error_log.txt (ERROR and
        # above) to the server; a traceback stays in the site's log.txt.
        log.warning("jobgate: internal error while checking %s", where, exc_info=True)
        if isinstance(err, integrity.IntegrityError):
            return Outcome("error", f"jobgate's installation is not intact; {where} blocked", "integrity")
        return Outcome("error", f"internal error ({type(err).__name__}) while checking {where}; "
                       "blocked (details in the site's log)", "error")

    # ---------------------------------------------------------- recording
    def _finish(self, job: Job | None, route: str, out: Outcome, t0: float, setup_ms: float | None = None) -> Verdict:
        accepted = out.decision == "accept"
        allow = accepted or self.mode == "audit"
        elapsed_ms = round((time.perf_counter() - t0) * 1000, 1)
        record = {
            "time": audit.now(), "route": route, "mode": self.mode, "site": job.site if job else "",
            "job_id": job.job_id if job else "", "job_name": job.name if job else "",
            "submitter": job.submitter if job else "", "app": job.app_name if job else "",
            "digest": out.digest, "decision": out.decision, "basis": out.basis, "score": out.score,
            "findings": out.findings, "approved_by": out.approved_by, "queue_id": out.queue_id,
            "allowed": allow, "reason": out.reason, "elapsed_ms": elapsed_ms,
        }
        if setup_ms is not None:
            record["setup_ms"] = setup_ms
        try:
            audit.append(self.audit_log, record)
        except Exception:
            log.warning("jobgate: cannot write the audit log %s", self.audit_log, exc_info=True)
            if self.mode == "enforce":
                allow, out.reason = False, f"cannot write the site's audit log; {out.reason}"
        message = one_line(f"jobgate: {out.reason}")
        if accepted and allow:
            log.info("%s [%s route, %.0f ms]", message, route, elapsed_ms)
            return Verdict(True, "")
        if allow:  # audit mode: what enforce mode would have done, and run anyway
            log.warning("jobgate (audit mode, job runs): would block: %s [%s route]", message, route)
            return Verdict(True, "")
        log.error("%s [%s route]", message, route)
        return Verdict(False, message)

    def _write_record(self, job: Job, out: Outcome) -> None:
        doc = {"format": 1, "job_id": job.job_id, "app_name": job.app_name, "digest": out.digest,
               "decision": out.decision, "reason": out.reason, "basis": out.basis, "score": out.score,
               "findings": out.findings, "approved_by": out.approved_by, "queue_id": out.queue_id,
               "listing": snapshot.judged_listing(job.app_folder, out.judged),
               "client_config": _json_or_none(_read(job.app_folder / CLIENT_CONFIG)), "time": audit.now()}
        tmp = job.run_dir / f".{RECORD_NAME}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(doc, indent=1, sort_keys=True))
        os.replace(tmp, job.run_dir / RECORD_NAME)


# ------------------------------------------------------------------ helpers
def job_at(app_folder: Path, labels: dict) -> Job:
    """A job from its deployed app folder `<workspace>/<job_id>/app_<site>` and
    `fl_app.txt`, where NVFlare writes the app's original name before it calls
    the validator (private/fed/utils/app_deployer.py)."""
    app_folder = app_folder.resolve()
    if not app_folder.name.startswith("app_") or not app_folder.is_dir():
        raise ValueError(f"{app_folder} is not a deployed NVFlare app folder")
    app_name = (app_folder.parent / "fl_app.txt").read_text().strip()
    if not _SAFE_NAME.fullmatch(app_name):
        raise ValueError(f"unusable app name {app_name!r} in fl_app.txt")
    return Job(job_id=app_folder.parent.name, site=app_folder.name[len("app_"):], app_folder=app_folder,
               app_name=app_name, name=one_line(labels.get("name") or ""),
               submitter=one_line(labels.get("submitter_name") or ""))


def read_record(run_dir: Path) -> dict | None:
    path = run_dir / RECORD_NAME
    if not path.exists():
        return None
    doc = json.loads(path.read_text())
    if not isinstance(doc, dict) or doc.get("job_id") != run_dir.name:
        raise ValueError(f"{path}: not a deploy record of job {run_dir.name}")
    return doc


def top_findings(findings, n: int = 3) -> list[str]:
    ranked = sorted(findings, key=lambda f: (-_SEVERITY_RANK.get(f.severity, 0), f.path, f.line))
    return [one_line(f"{f.rule} ({f.severity}) " + (f"at {f.path}:{f.line}" if f.path else f"in the job: {f.message}"))
            for f in ranked[:n]]


def _why(out: Outcome, report) -> str:
    if out.findings:
        more = len(report.findings) - len(out.findings)
        return "; ".join(out.findings) + (f"; +{more} more" if more > 0 else "")
    return "; ".join(one_line(r) for r in report.reasons[:2]) or "no reason given"


# A client config larger than this is not NVFlare's (and is judged by analysis anyway).
_MAX_CONFIG_BYTES = 4_000_000


def _read(path: Path) -> bytes | None:
    """A regular file's bytes, or None: never follows a link (to /dev/zero...),
    never blocks on a FIFO, never reads past _MAX_CONFIG_BYTES."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        data = os.read(fd, _MAX_CONFIG_BYTES + 1)
        return data if len(data) <= _MAX_CONFIG_BYTES else None
    finally:
        os.close(fd)


def _json_or_none(data: bytes | None):
    """The config's JSON, or None when it is none NVFlare could load either (nested past Python's reader too)."""
    try:
        return json.loads(data) if data is not None else None
    except (ValueError, RecursionError):
        return None


def _without_log_streamer(cfg):
    if not isinstance(cfg, dict):
        return cfg
    cfg = dict(cfg)
    comps = cfg.get("components") or []
    cfg["components"] = [c for c in comps if not (isinstance(c, dict) and c.get("path") == LOG_STREAMER)]
    return cfg


def same_config(deployed, current: bytes | None) -> bool:
    """The job's client config equals the deployed one up to NVFlare's JobLogStreamer."""
    now = _json_or_none(current)
    return deployed is not None and now is not None and _without_log_streamer(deployed) == _without_log_streamer(now)
