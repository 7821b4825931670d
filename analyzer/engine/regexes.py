"""Compiled regular expressions, kept between starts.

A scan compiles some 350 patterns (the detectors' own, the lists of
rules/lists and rules/flow, the rule packs' conditions), and Python parses
each in pure Python: a quarter of the CPU time of a small job's scan. On one
Python build a pattern and its flags always compile to the same code, so after
a scan the code of every pattern in `re`'s own cache is stored in the cache
folder's `config/` area (an authenticated entry, analyzer/cache.py) under a
key of jobgate's digest, the Python build and the configuration's digests;
the next start puts the patterns, built from that code, into `re`'s cache,
where `re.compile` of the same text and flags finds them.

A code is stored only after the pattern rebuilt from it compares equal to the
one Python compiled (a Pattern's equality compares its text, flags and code)
and has the same groups. An entry that is missing, fails its authentication
or does not build (the `_sre` engine checks the code it is given) is ignored:
the patterns are compiled as usual and the entry is written anew. Where this
Python's `re` does not have the internals used here, nothing is kept.

The entry is written once the configuration is loaded and before any job is
analysed in the process, so no pattern made from a job's text (a detector
looks for the assignment of a name the job uses) is ever stored; and a stored
code is Python's own compile of exactly its text, so `re.compile` returns the
pattern that text makes, as without this module.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from .cache import ResultCache, key_of

AREA = "config"
_NOT_KEPT = re.DEBUG | re.TEMPLATE  # flags of patterns that re does not cache


def _internals() -> tuple | None:
    """(re's cache, its parser, its code generator, the _sre engine's constructor), if this Python has them."""
    try:
        import _sre
        from re import _compiler, _parser

        cache = re._cache  # type: ignore[attr-defined]
        return (cache, _parser.parse, _compiler._code, _sre.compile) if isinstance(cache, dict) else None
    except (ImportError, AttributeError):
        return None


def _entry_key(context: str) -> str:
    return key_of("regexes", sys.version, context)


def _build(engine, text: str | bytes, final_flags: int, groups: int, groupindex: dict[str, int], code: list[int]):
    """A Pattern from its code, as re._compiler.compile makes it."""
    indexgroup = [None] * (groups + 1)
    for name, i in groupindex.items():
        indexgroup[i] = name
    return engine(text, final_flags, code, groups, groupindex, tuple(indexgroup))


# The entries this process has loaded or written (a site's handler scans many jobs).
_done: set[str] = set()
# False once a job is analysed: from then on re's cache may hold patterns made from a job's text.
_before_jobs = True


def reading_jobs() -> None:
    """From now on nothing is remembered in this process."""
    global _before_jobs
    _before_jobs = False


def preload(folder: Path | None, context: str) -> bool:
    """Put the stored patterns of this configuration (`context`) into re's
    cache. False: there is no usable entry, and `remember` should write one."""
    internals = _internals()
    key = _entry_key(context)
    if internals is None or folder is None or key in _done:
        return True
    _done.add(key)
    body = ResultCache(folder, AREA).read(key)
    if body is None:
        return False
    cache, _, _, engine = internals
    try:
        rows = json.loads(body)
        if not isinstance(rows, list):
            return False
        built = {}
        for is_bytes, text, flags, final_flags, groups, groupindex, code in rows:
            text = text.encode("latin-1") if is_bytes else text
            built[type(text), text, flags] = _build(engine, text, final_flags, groups, groupindex, code)
    except Exception:  # noqa: BLE001 - an entry that does not build is ignored, never trusted
        return False
    for key_, pattern in built.items():
        if len(cache) >= re._MAXCACHE:  # type: ignore[attr-defined]
            break
        cache.setdefault(key_, pattern)
    return True


def _stored(internals, key: tuple, pattern: re.Pattern) -> list | None:
    """The entry row of one pattern of re's cache, if its code rebuilds exactly the same pattern."""
    _, parse, generate, engine = internals
    kind, text, flags = key
    if kind not in (str, bytes) or not isinstance(flags, int) or flags & _NOT_KEPT:
        return None
    try:
        code = generate(parse(text, flags), flags)
        groupindex = dict(pattern.groupindex)
        rebuilt = _build(engine, text, pattern.flags, pattern.groups, groupindex, code)
    except Exception:  # noqa: BLE001 - not kept: it is compiled as usual next time
        return None
    if rebuilt != pattern or rebuilt.groups != pattern.groups or dict(rebuilt.groupindex) != groupindex:
        return None
    is_bytes = kind is bytes
    return [is_bytes, text.decode("latin-1") if is_bytes else text, flags, pattern.flags, pattern.groups,
            groupindex, list(code)]


def remember(folder: Path | None, context: str) -> None:
    """Store the code of every pattern now in re's cache for this configuration
    (only before any job is analysed in this process: `reading_jobs`)."""
    internals = _internals()
    key = _entry_key(context)
    if internals is None or folder is None or not _before_jobs:
        return
    _done.add(key)
    rows = [row for k, p in list(internals[0].items()) if (row := _stored(internals, k, p)) is not None]
    ResultCache(folder, AREA).write(key, json.dumps(rows, separators=(",", ":")).encode())
