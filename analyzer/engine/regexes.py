"""Compiled regular expressions, kept between starts.

Loading the configuration compiles some 380 patterns (the detectors' own, the
lists of rules/lists and rules/flow, the rule packs' conditions), and Python
parses each in pure Python: a tenth of a small job's scan. On one Python build
a pattern and its flags always compile to the same code, so the code of every
pattern compiled while the configuration loads is recorded as Python makes it
and stored in the cache folder's `config/` area (an authenticated entry,
analyzer/cache.py) under a key of jobgate's digest, the Python build and the
configuration's digests; the next start puts the patterns, built from that
code, into `re`'s own cache, where `re.compile` of the same text and flags
finds them. The entry is marshal data: it reads the codes' integers ten times
faster than JSON (under 1 ms a start, not 8).

The CLI's own imports (platform's, textwrap's, the collector's patterns: some
30, 21M instructions a start) keep theirs the same way, in an entry of the
default cache folder (context "cli", analyzer/commands/cli.py).

A code is stored only if the pattern rebuilt from it compares equal to the one
Python compiled (a Pattern's equality compares its text, flags and code) with
the same groups. An entry that is missing, fails its authentication or does
not build (the `_sre` engine checks the code it is given) is ignored: the
patterns are compiled as usual and the entry is written anew. Only what is
compiled while the configuration loads or the CLI imports is recorded, never a
pattern made from a job's text (a detector looks for the assignment of a name
the job uses).
Where this Python's `re` lacks the internals used here, nothing is kept.
"""

from __future__ import annotations

import fnmatch
import marshal
import re
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .cache import ResultCache, key_of

AREA = "config"


def _internals() -> tuple | None:
    """(re's cache, its compiler module, the _sre engine's constructor), if this Python has them."""
    try:
        import _sre
        from re import _compiler

        cache = re._cache  # type: ignore[attr-defined]
        return (cache, _compiler, _sre.compile) if isinstance(cache, dict) and callable(_compiler._code) else None
    except (ImportError, AttributeError):
        return None


def _entry_key(context: str) -> str:
    return key_of("regexes-marshal-own", sys.version, context)


def _build(engine, text: str | bytes, final_flags: int, groups: int, groupindex: dict[str, int], code: list[int]):
    """A Pattern from its code, as re._compiler.compile makes it."""
    indexgroup = [None] * (groups + 1)
    for name, i in groupindex.items():
        indexgroup[i] = name
    return engine(text, final_flags, code, groups, groupindex, tuple(indexgroup))


# The entries this process has loaded or written (a site's handler scans many jobs).
_done: set[str] = set()


def _unread(folder: Path | None, context: str) -> str | None:
    """The key of this configuration's entry if this process could still hand it to `re`."""
    key = _entry_key(context)
    return None if _internals() is None or folder is None or key in _done else key


def known(folder: Path | None, context: str) -> bool:
    """Whether nothing is left to record: an intact entry is stored (not read here: building its
    patterns is for a start that analyses), or preload has nothing to do."""
    key = _unread(folder, context)
    return key is None or ResultCache(folder, AREA).read(key) is not None


def preload(folder: Path | None, context: str) -> bool:
    """Put the stored patterns of this configuration (`context`) into re's
    cache. False: there is no usable entry, and one should be recorded."""
    key = _unread(folder, context)
    if key is None:
        return True
    body = ResultCache(folder, AREA).read(key)
    if body is None:
        return False  # not done: `kept` records what the configuration compiles
    _done.add(key)
    cache, _, engine = _internals()
    try:
        rows = marshal.loads(body)
        if not isinstance(rows, list):
            return False
        built, spare = {}, {}
        for is_bytes, text, flags, final_flags, groups, groupindex, code, own in rows:
            text = text.encode("latin-1") if is_bytes else text
            (spare if own else built)[type(text), text, flags] = _build(engine, text, final_flags, groups, groupindex,
                                                                        code)
    except Exception:  # noqa: BLE001 - an entry that does not build is ignored, never trusted
        return False
    _own.update(spare)
    for key_, pattern in built.items():
        if len(cache) >= re._MAXCACHE:  # type: ignore[attr-defined]
            break
        cache.setdefault(key_, pattern)
    return True


# Patterns asked through `compiled`, kept here rather than in re's cache: re's holds re._MAXCACHE (512) and the
# configuration compiles about that many, so each of these in it would push out one another start compiles again.
_own: dict = {}
_asking: list[bool] = [False]


def compiled(text: str, flags: int = 0) -> re.Pattern:
    """re.compile(text, flags), from this module's own store when an entry built it (the regex lists' entries, each
    searched alone: analyzer/engine/lists.py Matcher._each, about 110 patterns; the detectors' tables, `glob`)."""
    found = _own.get((type(text), text, flags))
    if found is not None:
        return found
    _asking[0] = True
    try:
        return re.compile(text, flags)
    finally:
        _asking[0] = False


def glob(pattern: str):
    """fnmatch.fnmatchcase's test of `pattern` (its match function): for the detectors' own tables of call names,
    made as their module is imported, so a first start keeps their code with the lists' entries (`compiled`) and
    a later one builds none of them (each start compiled them again at the first name tested)."""
    return compiled(fnmatch.translate(pattern)).match


@contextmanager
def _recording(compiler) -> Iterator[dict]:
    """{(text, flags): (pattern, code, asked through `compiled`)} of every pattern `re` compiles in the block."""
    compile_, generate = compiler.compile, compiler._code
    recorded: dict = {}
    codes: list = []

    def code(parsed, flags):
        codes.append(generate(parsed, flags))
        return codes[-1]

    def recording_compile(text, flags=0):
        codes.clear()
        pattern = compile_(text, flags)
        if isinstance(text, (str, bytes)) and isinstance(flags, int) and len(codes) == 1:
            recorded[text, flags] = (pattern, codes[0], _asking[0])
        return pattern

    compiler.compile, compiler._code = recording_compile, code
    try:
        yield recorded
    finally:
        compiler.compile, compiler._code = compile_, generate


def _row(engine, text: str | bytes, flags: int, pattern: re.Pattern, code: list[int], own: bool) -> list | None:
    """The entry row of one recorded pattern, if its code rebuilds exactly that pattern (`own`: asked through
    `compiled`, kept in this module's store on the next start)."""
    groupindex = dict(pattern.groupindex)
    try:
        rebuilt = _build(engine, text, pattern.flags, pattern.groups, groupindex, code)
    except Exception:  # noqa: BLE001 - not kept: it is compiled as usual next time
        return None
    if rebuilt != pattern or rebuilt.groups != pattern.groups or dict(rebuilt.groupindex) != groupindex:
        return None
    is_bytes = isinstance(text, bytes)
    # int(): marshal holds plain ints only, not int subclasses (re.RegexFlag; the opcodes of re._constants);
    # re's cache keys flags by their value too
    return [is_bytes, text.decode("latin-1") if is_bytes else text, int(flags), int(pattern.flags), pattern.groups,
            groupindex, [int(c) for c in code], own]


@contextmanager
def kept(folder: Path | None, context: str) -> Iterator[bool]:
    """Around loading the configuration (`context`): its stored patterns are
    handed to `re` first; without them (the block is told: True), what the block
    compiles is recorded and stored when it ends without an error."""
    missing = not preload(folder, context)
    internals = _internals()
    if not missing or internals is None:
        yield False
        return
    with _recording(internals[1]) as recorded:
        yield True
    rows = [row for (text, flags), (pattern, code, own) in recorded.items()
            if (row := _row(internals[2], text, flags, pattern, code, own)) is not None]
    try:
        body = marshal.dumps(rows)
    except ValueError:  # a value marshal cannot hold: nothing is kept, which only costs time
        return
    ResultCache(folder, AREA).write(_entry_key(context), body)
