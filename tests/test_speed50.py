"""A config's replay of a command line through a module that declares no option (a linked replay,
detectors/configs.py `_replayed`) takes what the module's folder read of a parsed command line from the unit's
own analysis (paths.UnitOptionReads), where that ran in this process over the same modules: no analysis of
the plain bytes is made to learn it. What the cut relies on: a read is the folder's whose module the folded
expression is in, whichever module's analysis asked the fold; the record is of these bytes, this unit's
modules and this unit only; without it (the modules' findings cached, analysed elsewhere) the replay learns
its reads as before."""

from __future__ import annotations

from pathlib import Path

from analyzer import api
from analyzer.engine import analysis
from analyzer.engine.collect import collect
from analyzer.engine.detectors.paths import unit_option_reads
from analyzer.model import Decision

from test_speedtree41 import SHARE, scan

POLICY = api.load_policy()
TRAIN = "app/custom/train.py"
EXPORT = "app/custom/export.py"


def linked_analyses(monkeypatch) -> list[str]:
    """The paths of the linked analyses made from now on (a program given), in order."""
    linked: list[str] = []
    analysed = analysis.python_findings

    def logged(path, data, rules, policy, vouch=True, program=None):
        if program is not None:
            linked.append(path)
        return analysed(path, data, rules, policy, vouch, program)

    monkeypatch.setattr(analysis, "python_findings", logged)
    return linked


def python_of(content) -> list[tuple[str, bytes]]:
    return [(e.path, content.data[e.path]) for e in content.files if e.kind == "python" and e.path in content.data]


def test_a_module_whose_folder_reads_no_given_option_is_not_analysed_to_learn_it(tmp_path: Path, monkeypatch,
                                                                                  in_process) -> None:
    """export.py writes where its parameter says and reads no option itself (train.py passes it
    `args.export_dir`, folded by train.py's folder): no linked analysis of it after the unit's own, while train.py,
    which reads the option the command line gives, is replayed (plain and with the command line) and its write to
    the share found."""
    linked = linked_analyses(monkeypatch)
    report = scan(tmp_path, f"--epochs 3 --export_dir {SHARE}")
    replays = linked[3:]  # after the unit's own analyses of its three modules
    assert replays == [TRAIN, TRAIN], linked
    replayed = [f for f in report.findings if f.path == TRAIN and "config_fed_client.json" in f.message]
    assert any(f.rule == "file-exfiltration.write-network" and f.line == 14 for f in replayed), report.findings
    assert report.decision is Decision.REJECT


def test_a_command_line_giving_no_option_read_replays_nothing(tmp_path: Path, monkeypatch, in_process) -> None:
    """`--epochs` is declared and given, and no module's folder looks it up on the way to a write: no replay
    analysis at all, and the write of the default folder is no finding of the config's."""
    linked = linked_analyses(monkeypatch)
    report = scan(tmp_path, "--epochs 3")
    assert linked[3:] == [], linked
    assert not [f for f in report.findings if "config_fed_client.json" in f.message]


def test_the_record_is_the_folders_of_these_bytes_and_modules(tmp_path: Path) -> None:
    """After the unit's own analysis: train.py's folder read `export_dir` (folded for export.py's parameter
    too), export.py's read nothing; other bytes, or the same bytes among other modules (another unit), are
    unknown; the record is gone when the unit's file detectors end."""
    scan(tmp_path, "--epochs 3")  # writes the job
    content = collect(tmp_path, POLICY.limits)
    sources = python_of(content)
    analysis.python_files(sources, POLICY)
    modules = dict(sources)
    train = unit_option_reads().of(TRAIN, modules[TRAIN], modules)
    assert train is not None and "export_dir" in train.options and train.given_by(["--export_dir", SHARE])
    assert not train.given_by(["--epochs", "3"])
    export = unit_option_reads().of(EXPORT, modules[EXPORT], modules)
    assert export is not None and not export.options
    assert unit_option_reads().of(TRAIN, modules[TRAIN] + b"\n", modules) is None
    assert unit_option_reads().of(TRAIN, modules[TRAIN], {**modules, "app/custom/extra.py": b"x = 1\n"}) is None
    analysis.unit_findings(content, POLICY)
    assert unit_option_reads().of(TRAIN, modules[TRAIN], modules) is None


def test_without_the_units_analysis_the_replay_learns_its_reads(tmp_path: Path, monkeypatch) -> None:
    """The modules' findings cached (the file detectors alone in this process): export.py is analysed again to
    learn what it reads, as before, and the replays find the write to the share."""
    (tmp_path / "job").mkdir()
    scan(tmp_path / "job", f"--export_dir {SHARE}")  # writes the job
    content = collect(tmp_path / "job", POLICY.limits)
    linked = linked_analyses(monkeypatch)
    found = analysis.unit_findings(content, POLICY)
    assert EXPORT in linked and linked.count(TRAIN) == 2, linked
    assert any(f.rule == "file-exfiltration.write-network" and f.path == TRAIN for f in found)
