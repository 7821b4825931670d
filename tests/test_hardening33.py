"""Hardening, session 33: a file that changes while the gate reads it is named and never accepted, and a
writer racing the read cannot keep the gate reading."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer import api
from analyzer.engine import collect as collect_module
from analyzer.engine.collect import collect
from analyzer.model import Decision

CLEAN = "import numpy as np\n\nprint(np.zeros(3).sum())\n"


def _job(tmp_path: Path) -> Path:
    unit = tmp_path / "unit"
    unit.mkdir()
    (unit / "train.py").write_text(CLEAN)
    return unit


def _changed_after_open(monkeypatch: pytest.MonkeyPatch, path: Path, grow: bytes) -> None:
    """At each collect, train.py gets `grow` appended once it is open and its size taken (as a writer racing
    the gate would): _keeps is first asked with no head, between the open and the first read."""
    keeps = collect_module._Collector._keeps

    def racing(self, rel: str, head: bytes, size: int) -> bool:
        if rel == path.name and not head:
            with open(path, "ab") as fh:
                fh.write(grow)
        return keeps(self, rel, head, size)

    monkeypatch.setattr(collect_module._Collector, "_keeps", racing)


@pytest.mark.parametrize("grow", [b"import socket\n", b"#" * (3 << 20)])
def test_a_file_that_grows_while_it_is_read_is_named_and_never_accepted(tmp_path: Path, grow: bytes,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    unit = _job(tmp_path)
    assert api.scan(unit).decision is Decision.ACCEPT  # the same file, left alone
    _changed_after_open(monkeypatch, unit / "train.py", grow)
    content = collect(unit, api.load_policy().limits)
    changed = [f for f in content.findings if f.rule == "unanalyzable.changed-while-read"]
    assert changed and changed[0].path == "train.py" and "changed while it was read" in changed[0].message
    # read to one byte past the size it had when opened, however much was written after: a racing writer
    # cannot keep the gate reading
    assert len(content.data["train.py"]) == len(CLEAN) + 1
    (unit / "train.py").write_text(CLEAN)
    report = api.scan(unit)
    assert report.decision is not Decision.ACCEPT
    assert any(f.rule == "unanalyzable.changed-while-read" for f in report.findings)


def _zip_of_pickles(count: int, each: int) -> bytes:
    """A torch-style zip whose `count` pickle members each hold one string of `each` bytes (deflated: tiny)."""
    import io
    import pickle
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for i in range(count):
            z.writestr(f"archive/data{i}.pkl", pickle.dumps("x" * each, protocol=4))
    return buf.getvalue()


def test_a_zip_of_many_large_pickle_members_is_read_within_one_bound(tmp_path: Path) -> None:
    from analyzer.engine.detectors import files

    bomb = _zip_of_pickles(3, 25_000_000)  # each member within the bound of one, together past it
    assert len(bomb) < 1_000_000  # what the job ships
    hits = list(files._pickle_file("app/custom/model.pt", bomb, ()))
    assert [h.rule for h in hits] == ["files.pickle-opaque"] and "too large" in hits[0].details["why"]
    # one such member alone is inspected as before: plain data
    assert [h.rule for h in files._pickle_file("model.pt", _zip_of_pickles(1, 1000), ())] == ["files.pickle-data"]
    unit = _job(tmp_path)
    (unit / "model.pt").write_bytes(bomb)
    report = api.scan(unit)
    assert report.decision is not Decision.ACCEPT
    assert any(f.rule == "files.pickle-opaque" and f.path == "model.pt" for f in report.findings)
