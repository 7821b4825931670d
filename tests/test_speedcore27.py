"""Speed of one small job (session 27): a module a plain scan has no use for is
not imported, since every start pays for its import; what a start would parse
again (installed library modules) is answered from the cache folder."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from analyzer.engine import compiled
from analyzer.engine import library_classes as lc
from analyzer.engine.cache import ResultCache

SCAN = """
import json, sys
sys.path.insert(0, {root!r})
from analyzer.commands import cli
sys.argv = ["jobgate", "scan", "--cache-dir", {cache!r}, {target!r}]
try:
    cli.main()
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)))
"""


def _modules_of_a_scan(tmp_path: Path) -> set[str]:
    (tmp_path / "train.py").write_text("import numpy as np\nw = np.zeros(3)\n")
    script = SCAN.format(root=str(ROOT), cache=str(tmp_path / "cache"), target=str(tmp_path / "train.py"))
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=240, cwd=tmp_path)
    assert "ACCEPT" in proc.stdout, proc.stdout + proc.stderr
    return set(json.loads(proc.stdout.splitlines()[-1]))


def test_a_text_report_loads_neither_the_review_queue_nor_its_file_lock(tmp_path: Path) -> None:
    loaded = _modules_of_a_scan(tmp_path)
    assert "analyzer.reports.text" in loaded
    assert not {"filelock", "analyzer.trust.review", "analyzer.trust.store"} & loaded


# Answers about installed classes kept between starts (library_classes._Answers).


def _start(monkeypatch: pytest.MonkeyPatch, site: Path, cache: Path) -> None:
    """A fresh process whose libraries live in `site`, its compiled data in `cache`."""
    for cached in (lc._source, lc._read_module, lc._fingerprint):
        cached.cache_clear()
    monkeypatch.setattr(lc, "_library_dirs", lambda: (str(site),))
    monkeypatch.setattr(lc, "_DEFINES", lc._Answers("defines-class"))
    monkeypatch.setattr(compiled, "_data_folder", cache)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    pkg = tmp_path / "site" / "nvflare" / "widgets"
    pkg.mkdir(parents=True)
    (pkg.parent / "__init__.py").write_text("")
    (pkg / "__init__.py").write_text("from .impl import Widget, helper\n")
    (pkg / "impl.py").write_text("class Widget:\n    pass\n\ndef helper():\n    pass\n")
    return tmp_path / "site"


def _answers() -> list:
    return [lc.defines_class(q) for q in ("nvflare.widgets.Widget", "nvflare.widgets.helper",
                                           "nvflare.widgets.impl.Widget", "nvflare.missing.Thing")]


def test_a_later_start_answers_from_the_stored_answers_without_parsing(tmp_path: Path, site: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    _start(monkeypatch, site, tmp_path / "cache")
    first = _answers()
    assert first == [True, False, True, None]
    _start(monkeypatch, site, tmp_path / "cache")
    monkeypatch.setattr(lc.ast, "parse", lambda *a, **k: pytest.fail("parsed a library module"))
    assert _answers() == first


def test_an_answer_whose_module_changed_is_made_again(tmp_path: Path, site: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    _start(monkeypatch, site, tmp_path / "cache")
    assert _answers()[:2] == [True, False]
    (site / "nvflare" / "widgets" / "impl.py").write_text("Widget = print\n\nclass helper:\n    pass\n")
    (site / "nvflare" / "missing.py").write_text("class Thing:\n    pass\n")
    _start(monkeypatch, site, tmp_path / "cache")
    assert _answers() == [False, True, False, True]


def test_a_damaged_or_foreign_entry_of_answers_is_ignored(tmp_path: Path, site: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    _start(monkeypatch, site, tmp_path / "cache")
    truth = _answers()
    store = ResultCache(tmp_path / "cache", compiled.AREA)
    for body in (b"not json", b"[1, 2]", json.dumps({"nvflare.widgets.helper": [True, "no list"],
                                                    "nvflare.widgets.Widget": ["yes", []]}).encode()):
        store.write(lc._DEFINES._key(), body)
        _start(monkeypatch, site, tmp_path / "cache")
        assert _answers() == truth
