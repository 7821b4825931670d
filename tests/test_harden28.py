"""Session 28's robustness attacks, through the CLI and the API as a job's author would send them: what
the gate cannot judge within the site's limits is a named finding that never accepts and hides nothing else."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from analyzer import api
from analyzer.model import Decision

# Asserts on wall time (its time budgets and limits): `make test` runs it alone, after the parallel run.
pytestmark = pytest.mark.serial

EXEC = 'import base64\nexec(base64.b64decode("cHJpbnQoMSk="))\n'
# 220 KB of plain functions: under the size the screen vouches for (parse.VOUCH_BYTES), so each file is
# analysed in the caller's process, and libcst's parse alone takes seconds.
PLAIN = "".join(f"def f{i}(a, b):\n    c = [a + b * {i}, (a, b), {{'k': a}}]\n    return c[0] if a else c[1]\n"
                for i in range(2500))


def _time_bomb(folder: Path, files: int = 8) -> Path:
    folder.mkdir()
    for i in range(files):
        (folder / f"m{i}.py").write_text(PLAIN)
    return folder


def _policy(tmp_path: Path, seconds: float) -> Path:
    path = tmp_path / "site-policy.yaml"
    path.write_text(f"limits:\n  max_analysis_seconds: {seconds}\n")
    return path


def _rules(report: dict) -> set[tuple[str, str]]:
    return {(f["path"], f["rule"]) for f in report["findings"]}


def test_a_unit_past_the_time_limit_in_the_cli_is_a_named_limit_that_keeps_its_reject(scan_json, tmp_path: Path) -> None:
    """Before: files the screen vouches for ran in the CLI's own process without a clock, so a job of files
    that each take seconds (or one the flow cannot bound) held `jobgate scan` (and a pre-commit hook) for as
    long as its author liked; now the unit runs in a child under limits.max_analysis_seconds, and what it
    found before the limit (the exec, in the smallest file, read first) stands beside the limit."""
    job = _time_bomb(tmp_path / "job")
    (job / "a.py").write_text(EXEC)
    t0 = time.monotonic()
    rc, doc = scan_json("--no-cache", "--policy", str(_policy(tmp_path, 2)), str(job))
    [report] = doc["reports"]
    # the unit's limit (the files it did not finish are named apart, each with its own path: session 51)
    [limit] = [f for f in report["findings"] if f["rule"] == "unanalyzable.time-limit" and not f["path"]]
    assert "limits.max_analysis_seconds" in limit["message"]
    assert ("a.py", "obfuscation.decoded-exec") in _rules(report)
    assert rc == 1 and report["decision"] == "reject" and time.monotonic() - t0 < 30


def test_a_unit_past_the_time_limit_through_the_api_escalates(tmp_path: Path) -> None:
    """The same clock for a library caller (api.scan, api.analyze, api.gate without a site's worker)."""
    policy = api.load_policy(_policy(tmp_path, 1))
    t0 = time.monotonic()
    report = api.scan(_time_bomb(tmp_path / "job"), policy)
    assert report.decision is Decision.ESCALATE and time.monotonic() - t0 < 30
    limits = [f.path for f in report.findings if f.rule == "unanalyzable.time-limit"]
    assert limits.count("") == 1, limits  # the unit's; the files it did not finish are named apart (session 51)


def test_a_detector_past_the_time_limit_keeps_what_the_detectors_before_it_found(tmp_path: Path, monkeypatch) -> None:
    """The flow's detector (the last one) stands for a time bomb in one file: before, the file's
    detector findings were sent on only when all its detectors were done, so a limit in the last one
    took back the credential read another detector had found (reject -> escalate); now each detector's
    findings reach the parent when it is done."""
    from analyzer.engine.detectors import PYTHON_DETECTORS

    def time_bomb(ctx):
        time.sleep(20)
        return iter(())

    monkeypatch.setitem(PYTHON_DETECTORS, "update-leak", time_bomb)
    (tmp_path / "train.py").write_text('import os\nkey = open(os.path.expanduser("~/.ssh/id_rsa")).read()\n')
    t0 = time.monotonic()
    report = api.scan(tmp_path / "train.py", api.load_policy(_policy(tmp_path, 2)))
    rules = {f.rule for f in report.findings}
    assert {"unanalyzable.time-limit", "credential-harvest.secret-file"} <= rules
    assert report.decision is Decision.REJECT and time.monotonic() - t0 < 15


def test_a_file_detector_past_the_time_limit_keeps_the_hits_it_made(tmp_path: Path, monkeypatch) -> None:
    """A file detector that runs into a time bomb in one file after reporting another (the stand-in: the
    build-configs detector, slowed after its hits): before, its hits were sent on when it finished, so the
    limit took back the build hook it had found (reject -> escalate); now each hit is sent as it is made."""
    from analyzer.engine.detectors import FILE_DETECTORS

    real = FILE_DETECTORS["build-configs"]

    def then_a_time_bomb(ctx):
        yield from real(ctx)
        time.sleep(20)

    monkeypatch.setitem(FILE_DETECTORS, "build-configs", then_a_time_bomb)
    (tmp_path / "train.py").write_text("x = 1\n")
    (tmp_path / "pyproject.toml").write_text('[tool.setuptools]\ncmdclass = {build_py = "hook.Build"}\n')
    t0 = time.monotonic()
    report = api.scan(tmp_path, api.load_policy(_policy(tmp_path, 2)))
    rules = {f.rule for f in report.findings}
    assert {"unanalyzable.time-limit", "supply-chain.build-hook-config"} <= rules
    assert report.decision is Decision.REJECT and time.monotonic() - t0 < 15


def _found_then_spin() -> None:
    from analyzer.engine import isolate
    from analyzer.engine.unjudged import unjudged

    isolate.partial([unjudged("test.partial", "x.py", "made before the limit")])
    while True:
        pass


def _file_worker_in_a_unit_child(seconds: float):
    from analyzer.engine.isolate import Budget, run_limited

    return run_limited(_found_then_spin, (), Budget(seconds, 2 << 30))


def test_a_limited_child_of_a_limited_child_keeps_its_findings_when_the_outer_limit_comes_first() -> None:
    """A file's worker inside a unit's child (or a site's job worker) with a longer budget than what is left
    of the unit's. Before: the inner child could not take a CPU limit above the outer one (setrlimit refused,
    the file was `worker-crashed`), and what it had found reached only its parent, which the outer limit
    killed first (reject -> escalate); now limits are capped at the inherited ones and findings are passed up
    as they come."""
    from analyzer.engine.isolate import Budget, Failure, run_limited

    result = run_limited(_file_worker_in_a_unit_child, (30,), Budget(2, 2 << 30))
    assert isinstance(result, Failure) and result.cause == "time-limit", result
    assert [f.path for f in result.found] == ["x.py"]
