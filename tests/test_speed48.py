"""Session 48 (speed48): work a unit's scan did twice, now done once, with the same answers."""

from __future__ import annotations

from pathlib import Path

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


def _all_fields_children(node) -> list:
    """resolve.children as it was: every field but whitespace and punctuation read, the nodes kept."""
    import dataclasses

    from analyzer.engine.resolve import _SKIP_FIELDS, IS_NODE

    found = []
    for f in dataclasses.fields(node):
        if f.name in _SKIP_FIELDS or f.name.startswith("whitespace"):
            continue
        value = getattr(node, f.name)
        for item in value if isinstance(value, (tuple, list)) else [value]:
            if IS_NODE[item.__class__]:
                found.append(item)
    return found


def test_children_skips_text_fields_and_finds_the_same_nodes() -> None:
    """A Name's, a string's or a number's text is never a node: resolve.children no longer reads it, and every
    node of the corpus' job code and of the flow's own sources has the children it had."""
    import libcst as cst

    from analyzer.engine import resolve

    for leaf in (cst.Name, cst.SimpleString, cst.Integer, cst.Float, cst.Imaginary, cst.FormattedStringText):
        assert resolve.CHILD_FIELDS[leaf] == (), leaf
    assert resolve.CHILD_FIELDS[cst.Module] == ("body",)
    sources = [kit.CORPUS / s for s in kit.corpus_samples("benign/*.py", "malicious/*.py")[:150]]
    sources += sorted((Path(resolve.__file__).parent / "flow").glob("*.py"))
    walked = 0
    for path in sources:
        try:
            module = cst.parse_module(path.read_bytes())
        except Exception:  # noqa: BLE001 - a sample libcst refuses is not walked
            continue
        for node in resolve.descendants(module):
            assert resolve.children(node) == _all_fields_children(node), (path, node.__class__)
            walked += 1
    assert walked > 100_000
