"""Every entry of the lists under rules/lists/ is tested by its own examples:
each example matches its entry, and a list's `no_match` texts match no entry."""

from __future__ import annotations

import re

import pytest

from analyzer import api
from analyzer.engine import lists
from analyzer.engine.collect import from_bytes
from analyzer.model import GateError

FILES = sorted(p.stem for p in lists.FOLDER.glob("*.yaml"))


def _entries():
    for file in FILES:
        for name, m in lists.lists(file).items():
            for entry in m.spec.entries:
                yield pytest.param(file, name, entry.value, entry.examples, id=f"{file}:{name}:{entry.value}")


def _no_matches():
    for file in FILES:
        for name, m in lists.lists(file).items():
            for text in m.spec.no_match:
                yield pytest.param(file, name, text, id=f"{file}:{name}:{text}")


@pytest.mark.parametrize("file,name,value,examples", list(_entries()))
def test_entry_matches_its_examples(file: str, name: str, value: str, examples: tuple[str, ...]) -> None:
    whole = lists.matcher(file, name)
    single = lists.Matcher(name, whole.spec.model_copy(update={"entries": tuple(
        e for e in whole.spec.entries if e.value == value)}))
    for text in examples:
        assert single.match(text) == value, f"{file}:{name}: {value!r} does not match its example {text!r}"
        assert whole.match(text) is not None


@pytest.mark.parametrize("file,name,text", list(_no_matches()))
def test_list_does_not_match(file: str, name: str, text: str) -> None:
    assert lists.matcher(file, name).match(text) is None


def test_every_credential_example_passes_the_cheap_pre_check() -> None:
    words = lists.matcher("credentials", "credential-words")
    for entry in lists.matcher("credentials", "credential-files").spec.entries:
        for text in entry.examples:
            assert words.match(text), f"{text!r} has none of the pre-check words: the source scan would skip it"


def test_a_broken_list_stops_with_the_file_and_the_entry(tmp_path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("lists:\n  x:\n    description: d\n    kind: regex\n    entries:\n      - {value: '(', examples: [a]}\n")
    with pytest.raises(GateError, match="(?s)" + re.escape("rules/lists/bad.yaml") + ".*bad regex"):
        lists.load_file(bad)


def test_an_entry_without_examples_is_refused(tmp_path) -> None:
    bad = tmp_path / "noex.yaml"
    bad.write_text("lists:\n  x:\n    description: d\n    kind: prefix\n    entries:\n      - {value: /mnt, examples: []}\n")
    with pytest.raises(GateError, match="examples"):
        lists.load_file(bad)


# -- call tables: every entry is scanned as a call built from its own spec ------------------------------

POLICY = api.load_policy()


def _call(table: lists.CallTable, entry: lists.CallEntry) -> str:
    """`import top\\ntop.x.call(None, VALUE, mode='w')`: the entry's call with the table's value in place."""
    positional: list[str] = []
    keywords: dict[str, str] = {}

    def put(pos: lists.Position, text: str) -> None:
        index, keyword = pos
        if index is not None and index >= len(positional):
            positional.extend(["None"] * (index - len(positional)) + [text])
        elif index is not None and positional[index] == "None":
            positional[index] = text
        else:
            keywords[keyword] = text

    if entry.src is not None:
        put(entry.src, "'/data/train.csv'")
    put(entry.path, table.value)
    if entry.mode is not None:
        put(entry.mode, "'w'")
    keywords.update({k: repr(v) for k, v in entry.needs.items()})
    args = ", ".join([*positional, *(f"{k}={v}" for k, v in keywords.items())])
    top = entry.name.split(".", 1)[0]
    callee = entry.name[len("builtins."):] if top == "builtins" else entry.name.replace("*", "Example")
    head = "" if top == "builtins" else f"import {top}\n"
    return f"{table.prelude}\n{head}{callee}({args})\n".lstrip("\n")


def _table_cases():
    for file in FILES:
        for name, spec in lists._file(file).tables.items():
            for entry in spec.entries:
                yield pytest.param(file, name, entry.name, id=f"{file}:{name}:{entry.name}")


@pytest.mark.parametrize("file,name,call", list(_table_cases()))
def test_table_entry_does_what_its_table_says(file: str, name: str, call: str) -> None:
    spec = lists.table(file, name)
    entry = next(e for e in spec.entries if e.name == call)
    code = _call(spec, entry)
    report = api.analyze(from_bytes("example.py", code.encode(), POLICY.limits), POLICY)
    found = {f.rule for f in report.findings}
    assert spec.expect in found, f"{file}:{name}:{call}\n{code}\nfound: {sorted(found)}"


def test_a_table_listing_a_call_twice_is_refused(tmp_path) -> None:
    bad = tmp_path / "dupe.yaml"
    bad.write_text("tables:\n  t:\n    description: d\n    expect: a.b\n    value: \"'x'\"\n    entries:\n"
                   "      - {name: os.open, path: [0, path]}\n      - {name: os.open, path: [0, path]}\n")
    with pytest.raises(GateError, match="listed twice"):
        lists.load_file(bad)
