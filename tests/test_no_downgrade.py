"""No downgrade (metamorphic): adding trouble to a job never lowers its
decision and never removes a finding it had without it.

For every corpus sample the gate rejects, each kind of trouble is added beside
it in turn -- a file the gate cannot parse, a construct that trips an internal
error, files past a limit, an unknown file type, more findings of a rule than a
report lists -- and the decision must stay reject with every original finding
still reported.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Callable

import pytest
import yaml

from analyzer import api
from analyzer.engine import site_scope
from analyzer.engine.detectors import FILE_DETECTORS, PYTHON_DETECTORS
from analyzer.model import Decision, Report
from analyzer.policy import Limits

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
# The default policy with lower file limits (no rejected sample's file comes near
# the size limit: the largest is 39 KB), so that going past them costs the test
# little: the padded file past the size limit is parsed and analysed in a limited
# child, at a cost that grows with its size.
POLICY = api.load_policy().model_copy(update={"limits": Limits(max_files=50, max_file_bytes=50_000)})
# A construct that trips an internal error: every detector is made to fail on
# files holding this text (a stand-in for the next bug an adversary finds).
TRIP = "TRIP_AN_INTERNAL_ERROR"


def _samples() -> list[str]:
    labels = yaml.safe_load((CORPUS / "labels.yaml").read_text())
    return sorted(e["path"] for e in labels if e["expect"] == ["reject"])


def _where_to_add(unit: Path) -> Path:
    """Beside the sample's code: in a client app's custom/ folder for an NVFlare job."""
    meta = unit / "meta.json"
    if not meta.is_file():
        return unit
    apps = sorted(p for p in unit.iterdir() if p.is_dir() and (p / "config").is_dir())
    custom = (apps[0] if apps else unit) / "custom"
    custom.mkdir(exist_ok=True)
    return custom


def _write(name: str, data: bytes | str) -> Callable[[Path], None]:
    def add(folder: Path) -> None:
        path = folder / name
        path.write_bytes(data.encode() if isinstance(data, str) else data)
    return add


def _many_files(folder: Path) -> None:
    for i in range(POLICY.limits.max_files + 1):
        (folder / f"zz_many_{i}.txt").write_text("x\n")


TROUBLES: dict[str, Callable[[Path], None]] = {
    "a file that does not parse": _write("zz_broken.py", "def broken(:\n    pass\n"),
    "a construct that trips an internal error": _write("zz_trip.py", f"# {TRIP}\nx = 1\n"),
    "a file nested past the limit": _write("zz_deep.py", "x = " + " and ".join(["a"] * 8000) + "\n"),
    "a file past the size limit": _write("zz_big.py", b"x = 1\n" * (POLICY.limits.max_file_bytes // 6 + 1)),
    "more files than the limit": _many_files,
    "an unknown file type": _write("zz_blob", b"\x01\x02\x03\x00\x00binary"),
    # Twice as many of each rule as a report lists per file (api._bounded counts the rest).
    "more findings of a rule than a report lists": _write(
        "zz_noisy.py", "import os\n" + "os.system(cmd)\neval(code)\n" * (2 * api.MAX_FINDINGS_PER_RULE_AND_FILE)),
}


@pytest.fixture()
def detectors_trip(monkeypatch):
    for name, fn in list(PYTHON_DETECTORS.items()):
        monkeypatch.setitem(PYTHON_DETECTORS, name, _tripping_python(fn))
    for name, fn in list(FILE_DETECTORS.items()):
        monkeypatch.setitem(FILE_DETECTORS, name, _tripping_files(fn))


def _tripping_python(fn):
    def detector(ctx):
        if TRIP in ctx.source:
            raise RuntimeError("tripped")
        return fn(ctx)
    return detector


def _tripping_files(fn):
    def detector(ctx):
        if any(TRIP.encode() in data for data in ctx.content.data.values()):
            raise RuntimeError("tripped")
        return fn(ctx)
    return detector


def _identity(report: Report) -> set[tuple]:
    """The report's findings, but the marks of files the site never runs: trouble that leaves the gate unsure what
    runs drops them (detectors/not_run.py), which only puts those files' capabilities back on the scale."""
    return {(f.rule, f.path, f.line, f.column) for f in report.findings if f.rule not in site_scope.NOT_RUN}


@pytest.mark.parametrize("sample", _samples())
def test_trouble_never_lowers_a_reject_nor_hides_a_finding(sample: str, tmp_path: Path, detectors_trip) -> None:
    source = CORPUS / sample
    unit = tmp_path / "unit"
    if source.is_dir():
        shutil.copytree(source, unit)
    else:
        unit.mkdir()
        shutil.copy(source, unit / source.name)
    before = api.scan(unit, POLICY)
    if before.decision is not Decision.REJECT:
        pytest.skip(f"the gate does not reject {sample} today ({before.decision.value})")
    folder = _where_to_add(unit)
    for trouble, add in TROUBLES.items():
        added = set(folder.iterdir())
        add(folder)
        after = api.scan(unit, POLICY)
        assert after.decision is Decision.REJECT, f"{trouble}: {after.decision.value}"
        missing = _identity(before) - _identity(after)
        assert not missing, f"{trouble} hid {sorted(missing)}"
        for path in set(folder.iterdir()) - added:
            path.unlink()


def test_padding_never_pushes_out_a_script_the_config_runs(tmp_path: Path) -> None:
    unit = tmp_path / "unit"
    shutil.copytree(CORPUS / "jobs/rt21_cmd_script_trailing_space", unit)
    custom = unit / "app" / "custom"
    (custom / "train.py ").rename(custom / "train.txt")  # `python3 custom/train.txt`: Python runs any name
    config = unit / "app" / "config" / "config_fed_client.json"
    config.write_text(config.read_text().replace('"custom/train.py "', '"custom/train.txt"'))
    assert api.scan(unit, POLICY).decision is Decision.REJECT
    _many_files(custom)
    assert api.scan(unit, POLICY).decision is Decision.REJECT
