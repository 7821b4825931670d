"""The flow analysis' vocabulary (rules/flow/*.yaml): every entry's examples are tests, and a file
that does not validate stops the gate with the file, the entry and what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer.engine.flow import vocabulary
from analyzer.model import GateError

VOCABULARY = vocabulary.load()


def _cases(kind: str):
    for name, entry in sorted(VOCABULARY.entries.items()):
        for i, text in enumerate(getattr(entry.examples, kind)):
            yield pytest.param(name, text, id=f"{name}-{kind}-{i}")


@pytest.mark.parametrize("name,text", list(_cases("match")))
def test_entry_matches_its_examples(name: str, text: str) -> None:
    assert VOCABULARY.entries[name].tester()(text), f"{name} does not match {text!r}"


@pytest.mark.parametrize("name,text", list(_cases("no_match")))
def test_entry_does_not_match_its_counter_examples(name: str, text: str) -> None:
    assert not VOCABULARY.entries[name].tester()(text), f"{name} matches {text!r}"


def test_loaded_once_from_beside_the_code() -> None:
    assert vocabulary.load() is VOCABULARY
    assert vocabulary.FOLDER == Path(vocabulary.__file__).resolve().parents[3] / "rules" / "flow"
    assert {f.vocabulary for f in VOCABULARY.files} >= {"sources", "secrets", "reductions", "model", "sinks"}


def test_a_wildcard_never_spans_a_call() -> None:
    sources = VOCABULARY.names("source_calls")
    assert sources("pandas.read_csv") and not sources("pandas.read_csv().head")


def _write(folder: Path, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "x.yaml").write_text(text)
    return folder


ENTRY = """\
vocabulary: x
description: test
entries:
  - name: {name}
    kind: {kind}
    {anchor}
    description: d
    values: [{values}]
    examples:
      match: [a]
"""


@pytest.mark.parametrize("name,kind,anchor,values,error", [
    ("bad_regex", "regex", "anchor: search", '"(a"', "bad regex"),
    ("no_anchor", "regex", "", "a", "anchor"),
    ("anchor_on_words", "words", "anchor: match", "a", "anchor"),
    ("Bad-Name", "words", "", "a", "name"),
    ("no_values", "words", "", "", "values"),
    ("odd_kind", "list", "", "a", "kind"),
])
def test_invalid_entries_name_the_file_the_entry_and_the_problem(tmp_path: Path, name, kind, anchor, values,
                                                                 error) -> None:
    folder = _write(tmp_path / "flow", ENTRY.format(name=name, kind=kind, anchor=anchor, values=values))
    with pytest.raises(GateError) as err:
        vocabulary.load.__wrapped__(folder)
    text = str(err.value)
    assert "rules/flow/x.yaml" in text and error in text and (name in text or "entries" in text)


def test_an_entry_defined_twice_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "flow"
    folder.mkdir()
    for f in ("a", "b"):
        (folder / f"{f}.yaml").write_text(ENTRY.format(name="dup", kind="words", anchor="", values="a")
                                          .replace("vocabulary: x", f"vocabulary: {f}"))
    with pytest.raises(GateError, match="'dup' is already defined"):
        vocabulary.load.__wrapped__(folder)


def test_the_analysis_asks_for_what_it_needs_by_kind() -> None:
    with pytest.raises(GateError, match="needs a regex entry named 'source_calls'"):
        VOCABULARY.regex("source_calls")
    with pytest.raises(GateError, match="needs a words entry named 'no_such_list'"):
        VOCABULARY.words("no_such_list")


def test_an_empty_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(GateError, match="no flow vocabulary files"):
        vocabulary.load.__wrapped__(tmp_path)
