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


def _screens(monkeypatch) -> tuple[list, list]:
    """(the bytes each screen's nesting walk read, CPython's parses) of the scans that follow."""
    from analyzer.engine import analysis, parse

    walked, trees = [], []
    depth, tree = parse.nesting_depth, parse._python_tree
    monkeypatch.setattr(parse, "nesting_depth", lambda t, data: walked.append(data) or depth(t, data))
    monkeypatch.setattr(parse, "_python_tree", lambda data: trees.append(data) or tree(data))
    monkeypatch.setattr(analysis, "_python_tree", parse._python_tree, raising=False)
    return walked, trees


def test_a_unit_s_bytes_are_walked_for_their_nesting_once(monkeypatch, in_process) -> None:
    """A config's replays analyse the job's scripts again (detectors/configs.py): the screen of bytes the unit
    screened plain before parses them with CPython again (the analysis reads that tree) but does not walk their
    nesting again, and the report is the one of a screen each time."""
    from analyzer.engine import analysis

    job = kit.CORPUS / "jobs/benign_pt_client_api"
    walked, trees = _screens(monkeypatch)
    report = kit.scan(job)
    assert len(trees) > len(set(trees)) and len(walked) == len(set(walked)), (len(trees), len(walked))
    assert not analysis._unit_plain  # nothing held past the unit
    monkeypatch.setattr(analysis, "_unit_plain", type("Never", (dict,), {"__setitem__": lambda *a: None})())
    again = kit.scan(job)
    assert [f.model_dump() for f in again.findings] == [f.model_dump() for f in report.findings]
    assert again.decision == report.decision


def test_bytes_screened_with_a_note_or_read_otherwise_are_screened_whole(monkeypatch) -> None:
    """Only a plain screen is taken again: a file with string annotations (read as code) or a comment that is not
    UTF-8 (its note stands beside its findings) is screened whole each time, note and reading included; the same
    bytes at another depth are screened whole."""
    from analyzer.engine import analysis

    quoted = b"import numpy as np\n\ndef f(x: 'np.ndarray') -> 'np.ndarray':\n    return x\n"
    latin = b"# caf\xe9\nimport numpy as np\nprint(np.zeros(3))\n"
    plain = b"import numpy as np\nprint(np.zeros(3))\n"
    monkeypatch.setattr(analysis, "_unit_plain", {})
    walked, _ = _screens(monkeypatch)
    for name, data in (("quoted.py", quoted), ("latin.py", latin)):
        first, second = analysis._screen(name, data, 200), analysis._screen(name, data, 200)
        assert first.readable is not None and (first.readable, first.note) == (second.readable, second.note)
    assert (latin.replace(b"\xe9", "\ufffd".encode()) == first.readable and first.note is not None
            and not first.vouched)
    assert len(walked) == 4 and not analysis._unit_plain
    assert analysis._screen("plain.py", plain, 200).vouched and len(walked) == 5
    assert analysis._unit_plain == {"plain.py": (plain, 200)}
    assert analysis._screen("plain.py", plain, 200).vouched and len(walked) == 5
    assert analysis._screen("plain.py", plain, 100).vouched and len(walked) == 6  # another depth: screened whole
    assert analysis._screen("plain.py", plain + b"\n", 200).vouched and len(walked) == 7  # other bytes
