"""semgrep as an extra engine: a subprocess over the unit's private copy.

Runs jobgate's own semgrep rules (semgrep_rules.yaml beside this file: taint
rules for data sent out, which semgrep expresses well) with `--disable-nosem`
so `# nosemgrep` in the job is not honoured, metrics and version checks off
(a site's gate makes no outbound calls), and a time limit: TIMEOUT_S, and
never more than half of what the analysis that starts it has left, so that
semgrep's limit comes first, is named as semgrep's, and jobgate's own rules
still run after it.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from . import failed
from ..isolate import Budget, _within_outer
from ...model import CATEGORIES, Finding
from ...policy import Policy

RULES = Path(__file__).with_name("semgrep_rules.yaml")
TIMEOUT_S = 120
_SEVERITY = {"ERROR": "high", "WARNING": "medium", "INFO": "low"}


def _semgrep() -> str:
    beside = Path(sys.executable).with_name("semgrep")
    found = str(beside) if beside.exists() else shutil.which("semgrep")
    if found is None:
        raise RuntimeError("semgrep is not installed (pip install 'jobgate[semgrep]')")
    return found


# semgrep starts with the address-space limit lifted to its hard value: the analysis that starts it runs under a
# soft limit (isolate._lower_memory) that semgrep's core would not start under; `--max-memory` bounds it instead.
_UNLIMITED = ("import os, resource, sys; hard = resource.getrlimit(resource.RLIMIT_AS)[1]; "
              "resource.setrlimit(resource.RLIMIT_AS, (hard, hard)); os.execv(sys.argv[1], sys.argv[1:])")


def _kill_tree(pid: int) -> None:
    """semgrep and every process under it: killing semgrep alone left its core running on, at a site's
    long-lived worker, until the core's own limits. Each is stopped before its children are listed, so
    none starts another while the tree is read."""
    found, todo = [], [pid]
    while todo:
        one = todo.pop()
        try:
            os.kill(one, signal.SIGSTOP)
        except ProcessLookupError:
            continue
        found.append(one)
        todo.extend(_children(one))
    for one in found:
        try:
            os.kill(one, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (Linux's /proc; elsewhere none: semgrep alone is killed)."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile
        if parent == pid:
            children.append(int(stat.parent.name))
    return children


def run(root: Path, paths: list[str], policy: Policy) -> list[Finding]:
    cmd = [sys.executable, "-c", _UNLIMITED, _semgrep(), "scan", "--config", str(RULES), "--json", "--metrics=off",
           "--disable-nosem", "--disable-version-check", "--quiet", "--timeout", "30",
           "--max-memory", str(policy.limits.max_worker_memory_mb),
           "--", *paths]  # the job names its files: `-ox.py` would be semgrep's `-o x.py`, its output sent away
    env = {**os.environ, "SEMGREP_SEND_METRICS": "off", "SEMGREP_ENABLE_VERSION_CHECK": "0"}
    seconds = _within_outer(Budget(TIMEOUT_S, None)).seconds
    with subprocess.Popen(cmd, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) as proc:
        try:
            stdout, stderr = proc.communicate(timeout=seconds)
        except subprocess.TimeoutExpired:
            _kill_tree(proc.pid)
            proc.wait()  # not communicate(): a process that left the tree may hold the pipes open
            stdout = stderr = None
    if stdout is None:
        return [failed("semgrep", f"it gave no result within its time limit ({seconds:.0f} s: at most {TIMEOUT_S} s, "
                       "and half of what the policy's limits.max_analysis_seconds leaves the analysis)",
                       fix="The site's reviewer reads the job. A gate whose semgrep needs longer gets a larger "
                           "limits.max_analysis_seconds in its policy, or runs without semgrep (no --engines semgrep; "
                           "a site removes it from its policy's `engines`).")]
    try:
        doc = json.loads(stdout)
    except json.JSONDecodeError:
        raise RuntimeError(f"semgrep exited {proc.returncode}: {stderr.strip()[-300:]}") from None
    # An error (a rule timed out on one file) is semgrep's failure beside what it found elsewhere: one file
    # that slows a rule down must not take the engine's findings on the other files with it.
    errors = doc.get("errors") or []
    findings = [failed("semgrep", f"reported {len(errors)} error(s), first: {errors[0].get('message', errors[0])}")
                ] if errors else []
    for result in doc.get("results", []):
        extra = result.get("extra", {})
        category = extra.get("metadata", {}).get("category")
        findings.append(Finding(
            rule="semgrep." + result["check_id"].rsplit(".", 1)[-1],
            category=category if category in CATEGORIES else "dynamic-code",
            severity=_SEVERITY.get(extra.get("severity", ""), "low"), confidence="medium",
            path=Path(result["path"]).as_posix(), line=result["start"]["line"], column=result["start"]["col"] - 1,
            message=extra.get("message", "").strip(), engine="semgrep",
            why="semgrep, run as a second opinion (--engines or the policy's `engines`).",
            fix="Rewrite the code without what semgrep reports, or ask the site's reviewer to approve the job.",
        ))
    return findings
