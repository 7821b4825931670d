"""Speed of one small job (session 27): a module a plain scan has no use for is
not imported, since every start pays for its import; what a start would parse
again (installed library modules) is answered from the cache folder."""

from __future__ import annotations

import io
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
    monkeypatch.setattr(lc, "_DEFINES", lc._Answers("defines-class", lc._DEFINES.answer_types))
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


# The text report printed without rich where rich would print the text as it is (reports/text.py).

TEXTS = ["train.py", "", " lead and trail ", "x" * 300, "naïve café — 日本語", "emoji 😀 ok", "rlm \u200f",
         "e\u0301 combining", "ends with :", "a :smile: b", "::", "url http://h:80/p", "[bold]forged[/]", "[/]",
         "back\\slash", "tab\there",
         "new\nline", "esc \x1b[31m red", "bidi \u202e evil", "sha256:ab:cd", "x: y :z", "\udcff surrogate",
         "[link=http://x]y[/link]", "dict['k']", "a\\[b]"]


def _report(text: str) -> "Report":
    from analyzer.model import Decision, Finding, Report

    finding = Finding(rule=f"rule.{text}", category="network", severity="high", confidence="high", path=text,
                      line=3, column=4, message=f"message {text}", snippet=text, engine=text or "bandit",
                      fix=text, why=f"why {text}")
    return Report(target=f"/jobs/{text}", digest="sha256:" + "ab" * 32, decision=Decision.ESCALATE, score=30,
                  reasons=[text, "score 30 >= escalate threshold 20"], files=[], findings=[finding], name=text,
                  score_kinds={"capability": {"network": 30}})


def _with_rich(run) -> str:
    from rich.console import Console
    from rich.markup import escape

    from analyzer.reports import text as text_report

    buf = io.StringIO()
    console = Console(file=buf, force_terminal=False, no_color=True, width=120, highlight=False, soft_wrap=True,
                      emoji=False)
    for line in text_report._lines(run, lambda t: escape(text_report.printable(t))):
        console.print(line)
    return buf.getvalue()


@pytest.mark.parametrize("text", TEXTS)
def test_the_text_report_without_rich_prints_what_rich_prints(text: str) -> None:
    from analyzer.reports import text as text_report
    from analyzer.reports.run import Run, Scanned

    run = Run([Scanned(_report(text), Path("/jobs")), Scanned(_report("second"), Path("/jobs"))], Path("/"),
              deleted=(text,))
    assert text_report.render(run) == _with_rich(run)
    plain = text_report._plain(run)
    assert plain is None or plain == _with_rich(run)
    if text in ("train.py", "", " lead and trail ", "naïve café — 日本語"):
        assert plain is not None  # the common case does not need rich


def test_a_scan_printing_its_text_report_loads_no_rich(tmp_path: Path) -> None:
    assert not any(m == "rich" or m.startswith("rich.") for m in _modules_of_a_scan(tmp_path))
