"""A config's replays link each module they analyse to the job's same modules, one program after another; the
resolvers those programs build are kept and used again (analysis.linked_program, Resolver.start_over): what a
module binds (pass 1) is collected once per unit, what it evaluates (pass 2) is each program's own. Pass 2
must start anew: a module's option reads (paths.OptionReads) are recorded while its folds run, and a fold
memoised in an earlier program would hide the read from this one, so its replay would be skipped."""

from __future__ import annotations

import json
from pathlib import Path

import libcst as cst

from analyzer import api
from analyzer.engine import analysis, resolve
from analyzer.engine.collect import collect
from analyzer.engine.detectors.paths import PathFolder
from analyzer.engine.program import Program
from analyzer.engine.resolve import Resolver
from analyzer.model import Decision

POLICY = api.load_policy()
SHARE = "/gpfs/projects/shared/www"

OPTIONS = """\
import argparse


def get_parser():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--export_dir", default="./exports")
    return parser
"""
# Analysed (replayed) first: folding `dest` reads what train.py passes it, `out`, so the fold of train.py's
# `args.export_dir` is made (and its read recorded) in export.py's analysis.
EXPORT = '''\
"""Writes the summary where --export_dir says."""


def export(frame, dest):
    frame.describe().to_csv(dest + "/summary.csv")
'''
# Its own write of the same `out`: only its replay with the command line finds the share.
TRAIN = """\
import pandas as pd
import nvflare.client as flare
from export import export
from options import get_parser

args = get_parser().parse_args()
out = args.export_dir
flare.init()
rows = pd.read_csv("/data/site/train.csv")
while flare.is_running():
    model = flare.receive()
    flare.send(flare.FLModel(params=model.params, metrics={"n": len(rows)}))
export(rows, out)
rows.head().to_csv(out + "/head.csv")
"""


def scan(root: Path, arguments: str):
    (root / "app" / "config").mkdir(parents=True)
    config = {"format_version": 2, "app_script": "train.py", "app_config": arguments, "executors": []}
    (root / "app" / "config" / "config_fed_client.json").write_text(json.dumps(config))
    (root / "app" / "custom").mkdir()
    for name, text in (("options.py", OPTIONS), ("export.py", EXPORT), ("train.py", TRAIN)):
        (root / "app" / "custom" / name).write_text(text)
    (root / "meta.json").write_text(json.dumps({"name": "j", "deploy_map": {"app": ["@ALL"]}}))
    return api.analyze(collect(root, POLICY.limits), POLICY)


def test_a_module_whose_read_an_earlier_replay_folded_is_still_replayed(tmp_path: Path) -> None:
    """One program shared by the replays (pass 2 kept) loses this finding: train.py's replay is skipped."""
    report = scan(tmp_path, f"--epochs 3 --export_dir {SHARE}")
    replayed = [f for f in report.findings if f.path == "app/custom/train.py" and "config_fed_client.json" in f.message]
    assert any(f.rule == "file-exfiltration.write-network" and f.line == 14 for f in replayed), report.findings
    assert report.decision is Decision.REJECT


def test_the_replays_collect_each_module_once(tmp_path: Path, monkeypatch, in_process) -> None:
    """Two linked analyses (train.py, which declares no option, plain and with the command line; export.py's
    folder reads no option in the unit's own analysis, so no analysis of it is made to learn that: speed50) lead
    into options.py: its bindings are collected once for them all (and once for the unit's own analysis, once
    for its own replay's, which spells the option: not linked), not twice."""
    collected: list[str] = []
    plain = Resolver.__init__

    def counting(self, module, *args, **kwargs):
        plain(self, module, *args, **kwargs)
        collected.append(self.path)

    monkeypatch.setattr(Resolver, "__init__", counting)
    linked: list[str] = []
    analysed = analysis.python_findings

    def logged(path, data, rules, policy, vouch=True, program=None):
        if program is not None:
            linked.append(path)
        return analysed(path, data, rules, policy, vouch, program)

    monkeypatch.setattr(analysis, "python_findings", logged)
    scan(tmp_path, f"--export_dir {SHARE}")
    # the unit's own analyses, then train.py's replay, plain and with the command line
    assert linked == ["app/custom/export.py", "app/custom/options.py", "app/custom/train.py",
                      "app/custom/train.py", "app/custom/train.py"]
    assert collected.count("app/custom/options.py") == 3, collected


def test_replays_after_workers_parse_each_module_once(tmp_path: Path, monkeypatch) -> None:
    """Where the unit's modules were not analysed in this process (their findings all cached), it holds none
    of their parses when the file detectors run: the first replay's parse of options.py is kept for the next ones, so
    its bindings are collected once for the four linked analyses (and once for its own replay), and the
    replays find what they find after a serial analysis."""
    (tmp_path / "job").mkdir()
    scan(tmp_path / "job", f"--export_dir {SHARE}")  # writes the job
    content = collect(tmp_path / "job", POLICY.limits)
    collected: list[str] = []
    plain = Resolver.__init__

    def counting(self, module, *args, **kwargs):
        plain(self, module, *args, **kwargs)
        collected.append(self.path)

    monkeypatch.setattr(Resolver, "__init__", counting)
    assert not analysis._unit_parses
    found = analysis.unit_findings(content, POLICY)
    assert collected.count("app/custom/options.py") == 2, collected
    assert not analysis._unit_parses  # nothing kept past the unit
    python = [(p, d) for p, d in content.data.items() if p.endswith(".py")]
    analysis.python_files(python, POLICY)  # the serial way: the unit's own parses first
    assert sorted(map(repr, analysis.unit_findings(content, POLICY))) == sorted(map(repr, found))
    assert any(f.rule == "file-exfiltration.write-network" and f.path.endswith("train.py") for f in found)


def resolver_of(source: str, program: Program | None = None) -> Resolver:
    return Resolver(cst.parse_module(source), program=program, path="m.py")


def test_start_over_evaluates_anew_in_the_new_program() -> None:
    source = "import os\nout = os.path.join('/srv', 'x')\nprint(out)\n"
    first = Program({"m.py": source.encode()}, lambda *a: None)
    r = resolver_of(source, first)
    name = r.loads[-1]
    before = r.values(name.node, name.scope)
    folder = PathFolder.of(r)
    assert folder.fold(name.node, name.scope) == {"/srv/x"}
    second = Program({"m.py": source.encode()}, lambda *a: None)
    assert r.start_over(second) is r and r.program is second
    assert not r._memo and PathFolder.of(r) is not folder  # nothing of the first program's evaluation is left
    assert r.values(name.node, name.scope) == before
    assert r._cuts is second.resolve_cuts


def test_close_lets_the_values_go_and_keeps_the_bindings(tmp_path: Path) -> None:
    source = "import os\n\n\ndef keep(d):\n    return os.path.join(d, 'x')\n"
    program = Program({"m.py": source.encode()}, lambda path, data, p, name: resolver_of(data.decode(), p))
    r = program.resolver("m.py")
    use = r.calls[-1]
    assert r.names(use.node.func, use.scope) == {"os.path.join"}
    program.close()
    assert r.program is None and not r._memo and not r.derived
    assert "keep" in r.root.bindings and r.calls  # pass 1 stays, for another program over the same tree
    assert resolve.FuncRef in {type(v) for v in r.root.bindings["keep"]}
