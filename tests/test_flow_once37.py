"""A module's flow analysis runs once per unit (module_flow.flow_of, Flow.leaks): a module whose summaries,
names and fields another module needs is analysed there, and its own analysis hands back the leaks of that
same run; a change in that module still changes what the module that imports it is judged by, and nothing
kept from one unit's run reaches the next scan (Program.close)."""

from __future__ import annotations

import collections
from pathlib import Path

from analyzer import api
from analyzer.engine.flow import module_flow

POLICY = api.load_policy()

CLIENT = """\
import nvflare.client as flare
from helpers import SUMMARY, fetch, Rows

flare.init()
flare.send(flare.FLModel(params={"s": SUMMARY, "f": fetch(), "g": Rows().get()}))
"""

HELPERS = """\
import numpy as np
import pandas as pd
import nvflare.client as flare

SUMMARY = {summary}


def fetch():
    return 1.0


class Rows:
    def get(self):
        return 2.0


flare.send(flare.FLModel(params={{"own": np.load("/data/site-1/x.npy")}}))
"""

TAINTED = 'pd.read_csv("/data/site-1/train.csv").head(3).values'


def _scan(tmp_path: Path, summary: str, monkeypatch) -> tuple[collections.Counter, list]:
    """Each module's flow runs (Flow._rounds) during one real scan of the two-module unit, and its findings."""
    (tmp_path / "client.py").write_text(CLIENT)
    (tmp_path / "helpers.py").write_text(HELPERS.format(summary=summary))
    runs: collections.Counter = collections.Counter()
    rounds = module_flow.Flow._rounds

    def counted(self):
        runs[Path(self.r.path).name] += 1
        return rounds(self)

    monkeypatch.setattr(module_flow.Flow, "_rounds", counted)
    report = api.scan(tmp_path, POLICY)
    return runs, [(Path(f.path).name, f.rule, f.line, f.message) for f in report.findings]


def _leaks(findings: list, path: str) -> list:
    return [f for f in findings if f[0] == path and f[1].startswith("update-channel-leak")]


def test_each_module_flow_runs_once_though_two_analyses_need_it(tmp_path: Path, monkeypatch, in_process) -> None:
    runs, findings = _scan(tmp_path, TAINTED, monkeypatch)
    # client.py's analysis needs helpers' names and summaries, and helpers.py's own analysis reports its leaks:
    # both come from one run of helpers' flow
    assert runs == {"client.py": 1, "helpers.py": 1}, runs
    assert any("read_csv" in f[3] for f in _leaks(findings, "client.py")), findings
    assert any("np.load" in f[3] or "numpy.load" in f[3] for f in _leaks(findings, "helpers.py")), findings


def test_a_change_in_the_imported_module_changes_the_importers_finding(tmp_path: Path, monkeypatch,
                                                                         in_process) -> None:
    _, tainted = _scan(tmp_path, TAINTED, monkeypatch)
    runs, clean = _scan(tmp_path, "[0.0, 1.0]", monkeypatch)  # the same process: nothing kept from the last scan
    assert runs == {"client.py": 1, "helpers.py": 1}, runs
    assert any("read_csv" in f[3] for f in _leaks(tainted, "client.py")), tainted
    assert not _leaks(clean, "client.py"), clean
    assert _leaks(clean, "helpers.py") == _leaks(tainted, "helpers.py")  # its own send is the same in both
