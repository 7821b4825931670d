"""Session 48 (speed48): work a unit's scan did twice, now done once, with the same answers."""

from __future__ import annotations

import redteam_kit as kit
from analyzer.engine.detectors import not_run
from test_site_scope47 import _app


def test_a_flower_app_s_unrun_files_are_found_once_per_scan(tmp_path, monkeypatch, in_process) -> None:
    """api._analysed asks never_run before the Python analysis and the not-run detector asks it again: the
    unit's modules are read for it once, and both still see the same files (the server module is marked)."""
    calls = []
    walk = not_run._never_run
    monkeypatch.setattr(not_run, "_never_run", lambda content: calls.append(content) or walk(content))
    report = kit.scan(_app(tmp_path / "app"))
    assert len(calls) == 1
    assert ("unvouched.not-run-at-site", "fedapp/server_app.py") in {(f.rule, f.path) for f in report.findings}
    # a second unit (another Content) is walked for its own answer, not handed the first unit's
    other = _app(tmp_path / "other", client_imports="import fedapp.server_app")  # the client runs the server module
    report = kit.scan(other)
    assert len(calls) == 2
    assert not kit.holds(report, "unvouched.not-run-at-site")


def test_the_kept_answer_is_the_walk_s_and_dies_with_its_unit(tmp_path) -> None:
    from analyzer.engine import collect
    from analyzer.policy import load_policy

    content = collect.collect(_app(tmp_path), load_policy(None).limits)
    first = not_run.never_run(content)
    assert first == not_run._never_run(content) and first[0] == frozenset({"fedapp/server_app.py"})
    assert not_run.never_run(content) is first
    del content
    assert not_run._last[0]() is None  # the weak reference holds no unit past its scan
