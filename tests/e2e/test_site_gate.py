"""The site gate without a deployment: decisions, messages, records, failures.

The engine (analyzer.api.gate, analyzer.trust.review.enqueue) is replaced by a
stand-in whose decision each test chooses; collect and policy are the real ones.
NVFlare is only imported for the two adapters at the end.
"""

from __future__ import annotations

import json
import logging
import sys
import types
from pathlib import Path

import pytest

from analyzer.engine import collect as collect_mod
from analyzer.engine import isolate
from analyzer import model, policy as policy_mod
from analyzer.commands import site_check
from conftest import site_workspace
from analyzer.model import Decision, Finding, Report
from handler import audit, integrity, site_gate
from handler.site_gate import SiteGate

CONFIG = {"format_version": 2, "executors": [{"tasks": ["train"], "executor": {"path": "np_exec.AddOne"}}],
          "components": []}


class FakeEngine:
    def __init__(self):
        self.decision = Decision.ACCEPT
        self.findings: list[Finding] = []
        self.raise_error: Exception | None = None
        self.calls = 0
        self.queued: list[str] = []

    def gate(self, target, policy, allowlist=None, gate_key=None, app_name=None, server=None, job_meta=None, site=None):
        self.calls += 1
        if self.raise_error:
            raise self.raise_error
        content = collect_mod.collect(target, policy.limits, app_name=app_name)
        score = {Decision.ACCEPT: 0, Decision.ESCALATE: 40, Decision.REJECT: 90}[self.decision]
        return content, Report(str(target), content.digest, self.decision, score, ["because"], content.files,
                               list(self.findings), name=content.name)

    def enqueue(self, queue_dir, content, report):
        self.queued.append(report.digest)
        return report.digest[7:23]

    def load_engine(self, names, job_dirs=()):
        api = types.SimpleNamespace(gate=self.gate)
        review = types.SimpleNamespace(enqueue=self.enqueue)
        table = {"api": api, "trust.review": review, "model": model, "policy": policy_mod,
                 "engine.collect": collect_mod, "engine.isolate": isolate, "commands.site_check": site_check}
        return [table[n] for n in names]


@pytest.fixture()
def engine(monkeypatch):
    fake = FakeEngine()
    monkeypatch.setattr(integrity, "load_engine", fake.load_engine)
    return fake


def deployed(tmp_path: Path, job_id="job-1", site="site-1", app="app_client", extra=None, guard="enforce") -> Path:
    """A job as NVFlare leaves it at a site: <ws>/<job_id>/app_<site>/ and fl_app.txt,
    at a site whose process guard is configured in `guard` mode (None: not at all)."""
    site_workspace(tmp_path / "ws", guard)
    app_dir = tmp_path / "ws" / job_id / f"app_{site}"
    (app_dir / "config").mkdir(parents=True)
    (app_dir / "custom").mkdir()
    (app_dir / "config" / "config_fed_client.json").write_text(json.dumps(CONFIG, indent=2))
    (app_dir / "custom" / "np_exec.py").write_text("x = 1\n")
    for rel, text in (extra or {}).items():
        (app_dir / rel).write_text(text)
    (app_dir.parent / "fl_app.txt").write_text(app)
    (app_dir.parent / "meta.json").write_text(json.dumps({"name": job_id}))  # NVFlare's deployer writes it
    return app_dir


def gate(tmp_path: Path, mode="enforce") -> SiteGate:
    return SiteGate(policy=None, allowlist=None, review_queue=tmp_path / "queue", audit_log=tmp_path / "audit.jsonl",
                    mode=mode)


def finding(rule="network.requests", severity="critical", path="app_client/custom/np_exec.py", line=3):
    return Finding(rule, rule.split(".")[0], severity, "high", path, line, 0, "msg")


def test_accept_runs_and_leaves_a_record_and_an_audit_line(tmp_path, engine):
    app = deployed(tmp_path)
    verdict = gate(tmp_path).check_deployed_app(app, {"name": "clean", "submitter_name": "admin@nvidia.com"})
    assert verdict.allow and verdict.message == ""
    [rec] = audit.read(tmp_path / "audit.jsonl")
    assert rec["decision"] == "accept" and rec["job_id"] == "job-1" and rec["job_name"] == "clean"
    assert rec["submitter"] == "admin@nvidia.com" and rec["digest"].startswith("sha256:") and rec["route"] == "deploy"
    record = json.loads((app.parent / site_gate.RECORD_NAME).read_text())
    assert record["decision"] == "accept" and "custom/np_exec.py" in record["listing"]


@pytest.mark.parametrize("guard", [None, "audit"])
def test_an_accept_that_relies_on_the_process_guard_is_blocked_where_it_does_not_enforce(tmp_path, engine, guard):
    app = deployed(tmp_path, guard=guard)
    verdict = gate(tmp_path).check_deployed_app(app, {})
    assert not verdict.allow and "runtime_guard: true" in verdict.message
    assert ("not configured" if guard is None else "audit mode") in verdict.message
    [rec] = audit.read(tmp_path / "audit.jsonl")
    assert rec["decision"] == "error" and rec["basis"] == "site-setup"


def test_a_policy_without_the_guard_accepts_at_a_site_without_it(tmp_path, engine):
    app = deployed(tmp_path, guard=None)
    (tmp_path / "policy.yaml").write_text("runtime_guard: false\n")
    verdict = SiteGate(policy=tmp_path / "policy.yaml", allowlist=None, review_queue=tmp_path / "queue",
                       audit_log=tmp_path / "audit.jsonl").check_deployed_app(app, {})
    assert verdict.allow


def test_reject_is_one_line_naming_the_top_findings(tmp_path, engine):
    engine.decision = Decision.REJECT
    engine.findings = [finding("style.x", "low"), finding(), finding("subprocess.run", "high", line=9),
                       finding("evil.name", "high", path="app_client/custom/a\nb.py")]
    verdict = gate(tmp_path).check_deployed_app(deployed(tmp_path), {"name": "bad"})
    assert not verdict.allow
    assert "\n" not in verdict.message and verdict.message.startswith("jobgate: rejected job 'bad'")
    assert "network.requests (critical) at app_client/custom/np_exec.py:3" in verdict.message
    assert "a\\nb.py" in verdict.message and "+1 more" in verdict.message and "style.x" not in verdict.message


def test_escalate_queues_and_names_the_queue_id(tmp_path, engine):
    engine.decision = Decision.ESCALATE
    verdict = gate(tmp_path).check_deployed_app(deployed(tmp_path), {})
    assert not verdict.allow and engine.queued
    qid = engine.queued[0][7:23]
    assert f"held for review as {qid}" in verdict.message
    assert audit.read(tmp_path / "audit.jsonl")[0]["queue_id"] == qid


def test_an_exception_blocks_with_the_traceback_only_in_the_site_log(tmp_path, engine, caplog):
    engine.raise_error = RuntimeError("secret detail /etc/site-path")
    with caplog.at_level(logging.INFO, logger="jobgate"):
        verdict = gate(tmp_path).check_deployed_app(deployed(tmp_path), {})
    assert not verdict.allow and "RuntimeError" in verdict.message and "secret detail" not in verdict.message
    tracebacks = [r for r in caplog.records if r.exc_info]
    assert tracebacks and all(r.levelno == logging.WARNING for r in tracebacks)
    assert audit.read(tmp_path / "audit.jsonl")[0]["decision"] == "error"


def test_audit_mode_lets_a_rejected_job_run_and_says_so(tmp_path, engine):
    engine.decision = Decision.REJECT
    verdict = gate(tmp_path, mode="audit").check_deployed_app(deployed(tmp_path), {})
    assert verdict.allow
    rec = audit.read(tmp_path / "audit.jsonl")[0]
    assert rec["decision"] == "reject" and rec["allowed"] is True and rec["mode"] == "audit"


def test_unwritable_audit_log_blocks_in_enforce_mode(tmp_path, engine):
    g = gate(tmp_path)
    g.audit_log = tmp_path  # a folder: cannot be appended to
    assert not g.check_deployed_app(deployed(tmp_path), {}).allow


def test_bad_mode_and_missing_paths_are_refused(tmp_path):
    with pytest.raises(ValueError):
        SiteGate(review_queue=tmp_path, audit_log=tmp_path / "a", mode="enforcing")
    with pytest.raises(ValueError):
        SiteGate(audit_log=tmp_path / "a")


# ------------------------------------------------------------------ job route
def _job_route(g: SiteGate, app: Path):
    return g.check_job_process(str(app.parent.parent), app.name[len("app_"):], app.parent.name, {})


def test_job_route_follows_the_deploy_decision_without_judging_again(tmp_path, engine):
    app = deployed(tmp_path)
    g = gate(tmp_path)
    assert g.check_deployed_app(app, {}).allow and engine.calls == 1
    # NVFlare's SiteLogStreamer rewrites the client config before the job starts.
    cfg = json.loads((app / site_gate.CLIENT_CONFIG).read_text())
    cfg["components"].append({"id": "auto_log_streamer", "path": site_gate.LOG_STREAMER, "args": {}})
    (app / site_gate.CLIENT_CONFIG).write_text(json.dumps(cfg, indent=2))
    assert _job_route(g, app).allow and engine.calls == 1
    job = [r for r in audit.read(tmp_path / "audit.jsonl") if r["route"] == "job"][0]
    assert job["basis"] == "deploy-record" and job["decision"] == "accept"


def test_job_route_blocks_content_changed_after_deploy(tmp_path, engine):
    app = deployed(tmp_path)
    g = gate(tmp_path)
    assert g.check_deployed_app(app, {}).allow
    (app / "custom" / "np_exec.py").write_text("x = 2\n")
    verdict = _job_route(g, app)
    assert not verdict.allow and "changed since it was checked at deploy" in verdict.message


def test_job_route_enforces_a_reject_recorded_in_audit_mode(tmp_path, engine):
    engine.decision = Decision.REJECT
    app = deployed(tmp_path)
    assert gate(tmp_path, mode="audit").check_deployed_app(app, {}).allow
    verdict = _job_route(gate(tmp_path), app)
    assert not verdict.allow and "decided at deploy" in verdict.message


def test_job_route_alone_judges_the_job(tmp_path, engine):
    engine.decision = Decision.REJECT
    assert not _job_route(gate(tmp_path), deployed(tmp_path)).allow and engine.calls == 1


def test_job_route_blocks_when_job_code_ran_first(tmp_path, engine, monkeypatch):
    app = deployed(tmp_path, extra={"custom/sitecustomize.py": "pass\n"})
    fake = types.ModuleType("sitecustomize")
    fake.__file__ = str(app / "custom" / "sitecustomize.py")
    monkeypatch.setitem(sys.modules, "sitecustomize", fake)
    verdict = _job_route(gate(tmp_path), app)
    assert not verdict.allow and "job code ran before the gate (modules sitecustomize)" in verdict.message
    assert engine.calls == 0


# ----------------------------------------------------------------- integrity
def test_a_look_alike_engine_module_is_refused(tmp_path, monkeypatch):
    app = deployed(tmp_path, extra={"custom/analyzer.py": ""})
    fake = types.ModuleType("analyzer.fake")
    fake.__file__ = str(app / "custom" / "analyzer.py")
    monkeypatch.setitem(sys.modules, "analyzer.fake", fake)
    with pytest.raises(integrity.IntegrityError):
        integrity.check_modules(integrity.install_root(), (app.parent,))
    stand_in = FakeEngine()

    def checked(names, job_dirs=()):  # the real check, the stand-in engine
        integrity.check_modules(integrity.install_root(), job_dirs)
        return stand_in.load_engine(names)

    monkeypatch.setattr(integrity, "load_engine", checked)
    verdict = gate(tmp_path).check_deployed_app(app, {})
    assert not verdict.allow and "not intact" in verdict.message


def test_jobgate_loaded_from_a_job_folder_is_refused(tmp_path):
    with pytest.raises(integrity.IntegrityError):
        integrity.check_modules(tmp_path / "ws" / "job-1" / "app_site-1" / "custom", (tmp_path / "ws" / "job-1",))


def test_the_real_engine_modules_pass_the_check():
    integrity.check_modules(integrity.install_root())


# ------------------------------------------------------------ NVFlare adapters
def test_validator_returns_nvflare_shaped_results(tmp_path, engine, monkeypatch):
    from handler import validator
    from handler.validator import JobGateValidator

    v = JobGateValidator(review_queue=str(tmp_path / "q"), audit_log=str(tmp_path / "audit.jsonl"))
    # Not called by NVFlare's deployer: no job meta to judge the launcher settings of, so blocked.
    err, props = v.validate(str(deployed(tmp_path, job_id="job-0")))
    assert "the job's meta NVFlare launches it with was not found" in err and props == {}
    monkeypatch.setattr(validator, "_deploying_job_meta", lambda: {"name": "j"})
    assert v.validate(str(deployed(tmp_path))) == ("", {})
    engine.decision = Decision.REJECT
    err, props = v.validate(str(deployed(tmp_path, job_id="job-2")))
    assert err.startswith("jobgate: rejected") and props == {}


def test_component_checks_once_per_job_and_raises_unsafe_component_error(tmp_path, engine):
    from nvflare.apis.event_type import EventType
    from nvflare.apis.fl_constant import FLContextKey
    from nvflare.apis.fl_context import FLContext
    from nvflare.apis.fl_exception import UnsafeComponentError
    from nvflare.apis.workspace import Workspace

    from handler.component import JobGate

    app = deployed(tmp_path, job_id="job-7")
    comp = JobGate(review_queue=str(tmp_path / "q"), audit_log=str(tmp_path / "audit.jsonl"))
    ctx = FLContext()
    ctx.set_prop(FLContextKey.WORKSPACE_OBJECT, Workspace(str(app.parent.parent), "site-1"), private=True)
    ctx.set_prop(FLContextKey.CURRENT_JOB_ID, "job-7", private=False)
    engine.decision = Decision.REJECT
    for _ in range(3):
        with pytest.raises(UnsafeComponentError, match="jobgate: rejected"):
            comp.handle_event(EventType.BEFORE_BUILD_COMPONENT, ctx)
    assert engine.calls == 1
    comp.handle_event(EventType.START_RUN, ctx)  # other events: nothing


def test_job_folders_are_off_sys_path_while_the_gate_runs(tmp_path):
    run_dir = tmp_path / "ws" / "job-1"
    custom = run_dir / "app_site-1" / "custom"
    custom.mkdir(parents=True)
    (custom / "jobgate_optional_dep.py").write_text("raise SystemExit('job code ran inside the gate')\n")
    sys.path.append(str(custom))
    try:
        with integrity.without_job_paths(run_dir):
            assert str(custom) not in sys.path
            with pytest.raises(ImportError):
                import jobgate_optional_dep  # noqa: F401
        assert sys.path[-1] == str(custom)
    finally:
        sys.path.remove(str(custom))
