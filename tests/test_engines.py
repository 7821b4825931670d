"""bandit and semgrep as extra engines: their findings join the report, their
suppression comments are not honoured, and a failing engine fails closed."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer import api
from analyzer.engine.engines import run_engines
from analyzer.model import Decision

SOURCE = (
    "import base64, subprocess\n"
    "def f():\n"
    "    exec(base64.b64decode('cHJpbnQoMSk='))  # nosec\n"
    "    subprocess.run('ls', shell=True)  # nosemgrep\n"
)


@pytest.fixture
def unit(tmp_path: Path) -> Path:
    (tmp_path / "train.py").write_text(SOURCE)
    return tmp_path


def _policy(*engines: str):
    return api.load_policy().model_copy(update={"engines": engines})


def test_bandit_findings_ignore_nosec(unit: Path) -> None:
    report = api.scan(unit, _policy("bandit"))
    bandit = {f.rule for f in report.findings if f.engine == "bandit"}
    assert {"bandit.B102", "bandit.B602"} <= bandit


def test_semgrep_findings_ignore_nosemgrep(unit: Path) -> None:
    report = api.scan(unit, _policy("semgrep"))
    semgrep = {f.rule for f in report.findings if f.engine == "semgrep"}
    assert {"semgrep.decoded-payload-executed", "semgrep.shell-command"} <= semgrep


def test_a_failing_engine_never_lets_a_clean_unit_pass(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "clean.py").write_text("import numpy as np\nw = np.zeros(3)\n")
    assert api.scan(tmp_path, _policy()).decision is Decision.ACCEPT
    monkeypatch.setattr("analyzer.engine.engines.semgrep_engine._semgrep", lambda: "/nonexistent/semgrep")
    report = api.scan(tmp_path, _policy("semgrep"))
    assert report.decision is Decision.ESCALATE
    assert [f.rule for f in report.findings] == ["unanalyzable.engine-semgrep"]


def test_engines_see_the_digested_bytes_not_the_live_folder(unit: Path) -> None:
    content = api.collect(unit, api.load_policy().limits)
    (unit / "train.py").write_text("x = 1\n")  # changed after collection
    findings = run_engines(content, _policy("bandit"), ("bandit",))
    assert any(f.rule == "bandit.B102" for f in findings)
