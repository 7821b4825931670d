"""Compiled patterns kept between starts (analyzer/engine/regexes.py): a later
start gets from `re.compile` exactly the pattern its text makes, without
compiling it; an entry that is damaged or of another configuration is
ignored; only what is compiled while the configuration loads is stored."""

from __future__ import annotations

import marshal
import re
from pathlib import Path

import pytest

from analyzer.engine import regexes
from analyzer.engine.cache import ResultCache

PATTERNS = [(r"^(?P<name>marker)\s*(?::[^=\n]*)?=\s*([^\n#]*)", re.MULTILINE),
            (r"(?<![\w./\\-])(?:(?P<e0>curl)|(?P<e1>wget))(?![\w.-])", re.IGNORECASE),
            (rb"^\x80[\x02-\x05]", 0)]


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """A process that has loaded and written nothing."""
    monkeypatch.setattr(regexes, "_done", set())
    re.purge()


def _cached(text, flags):
    return re._cache.get((type(text), text, flags))


def _remembered(folder: Path, context: str = "ctx") -> None:
    re.purge()
    with regexes.kept(folder, context) as recording:
        assert recording
        for text, flags in PATTERNS:
            re.compile(text, flags)
    re.purge()
    regexes._done.clear()


def test_a_later_start_gets_the_same_patterns_without_compiling_them(tmp_path: Path, fresh: None,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    _remembered(tmp_path)
    assert regexes.preload(tmp_path, "ctx")
    from re import _compiler

    monkeypatch.setattr(_compiler, "compile", lambda *a: pytest.fail(f"compiled {a}"))
    for text, flags in PATTERNS:
        pattern = re.compile(text, flags)
        monkeypatch.undo()
        fresh_compile = _compiler.compile(text, flags)
        assert pattern == fresh_compile and pattern.groupindex == fresh_compile.groupindex
        assert pattern.groups == fresh_compile.groups and pattern.flags == fresh_compile.flags
        monkeypatch.setattr(_compiler, "compile", lambda *a: pytest.fail(f"compiled {a}"))
    sample = "x = 1\nmarker: int = 7  # note\n"
    assert re.search(PATTERNS[0][0], sample, re.MULTILINE).group("name", 2) == ("marker", "7  ")


@pytest.mark.parametrize("body", [b"not marshal", marshal.dumps([[False, "a", 0, 32, 0, {}, [1, 2, 3]]]),
                                  marshal.dumps({}), marshal.dumps([[False, "a", 0, 32, 0, {}]]),
                                  marshal.dumps([[False, "a", 0, 32, 0, {}, [1, 2, 3]]])[:-3],
                                  b'[[false, "a", 0, 32, 0, {}, [1, 2, 3]]]'])
def test_a_damaged_entry_is_ignored(tmp_path: Path, fresh: None, body: bytes) -> None:
    ResultCache(tmp_path, regexes.AREA).write(regexes._entry_key("ctx"), body)
    assert not regexes.preload(tmp_path, "ctx")
    assert _cached("a", 0) is None


def test_a_tampered_entry_is_ignored(tmp_path: Path, fresh: None) -> None:
    _remembered(tmp_path)
    [entry] = [p for p in (tmp_path / regexes.AREA).rglob("*") if p.is_file()]
    tag, _, body = entry.read_bytes().partition(b"\n")
    entry.write_bytes(tag + b"\n" + body.replace(b"marker", b"market"))
    assert not regexes.preload(tmp_path, "ctx")
    assert _cached(*PATTERNS[0]) is None


def test_another_configuration_is_another_entry(tmp_path: Path, fresh: None) -> None:
    _remembered(tmp_path, "ctx")
    assert not regexes.preload(tmp_path, "other")
    assert _cached(*PATTERNS[0]) is None


def test_only_what_the_configuration_compiles_is_stored(tmp_path: Path, fresh: None) -> None:
    re.compile("compiled-before")
    with regexes.kept(tmp_path, "ctx"):
        re.compile(*PATTERNS[0])
        re.compile("compiled-before")  # re's cache: not compiled again, so not recorded
    re.compile("compiled-after")
    rows = marshal.loads(ResultCache(tmp_path, regexes.AREA).read(regexes._entry_key("ctx")))
    assert [r[1] for r in rows] == [PATTERNS[0][0]]


def test_a_configuration_that_fails_to_load_stores_nothing(tmp_path: Path, fresh: None) -> None:
    from re import _compiler

    compile_ = _compiler.compile
    with pytest.raises(RuntimeError), regexes.kept(tmp_path, "ctx"):
        re.compile(*PATTERNS[0])
        raise RuntimeError("a broken pack")
    assert _compiler.compile is compile_
    assert ResultCache(tmp_path, regexes.AREA).read(regexes._entry_key("ctx")) is None


def test_the_entry_holds_each_code_as_python_compiles_it(tmp_path: Path, fresh: None) -> None:
    _remembered(tmp_path)
    rows = marshal.loads(ResultCache(tmp_path, regexes.AREA).read(regexes._entry_key("ctx")))
    assert {(r[1], r[2]) for r in rows} >= {(PATTERNS[0][0], re.MULTILINE.value), (PATTERNS[1][0], re.I.value)}
    assert any(r[0] and r[1] == PATTERNS[2][0].decode("latin-1") for r in rows)


def test_a_pattern_asked_through_compiled_is_kept_apart_from_res_cache(tmp_path: Path, fresh: None,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The regex lists' entries (lists.py Matcher._each) come from the module's own store at a later start, never
    from re's cache, which the configuration's other patterns fill to its bound: there they would push out one
    another start compiles again (81 patterns a hello-pt start, against 34 with the store)."""
    monkeypatch.setattr(regexes, "_own", {})
    own = (r"(?i)\.aws/credentials$", 0)
    re.purge()
    with regexes.kept(tmp_path, "ctx") as recording:
        assert recording
        regexes.compiled(*own)
        re.compile(*PATTERNS[0])
    re.purge()
    regexes._done.clear()
    assert regexes.preload(tmp_path, "ctx")
    assert _cached(*own) is None and _cached(*PATTERNS[0]) is not None
    from re import _compiler

    monkeypatch.setattr(_compiler, "compile", lambda *a: pytest.fail(f"compiled {a}"))
    pattern = regexes.compiled(*own)
    monkeypatch.undo()
    assert pattern == _compiler.compile(*own) and pattern.search("/home/u/.AWS/credentials")
