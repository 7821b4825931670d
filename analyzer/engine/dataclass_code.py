"""The code of the methods dataclasses generate, kept between starts.

The dataclasses module makes each method it adds to a class (`__init__`,
`__repr__`, `__eq__`, a frozen class's `__setattr__`, ...) by writing its text
and running it with `exec`, which compiles it: libcst's node classes alone make
about a thousand, compiled again at every start (some 100 ms, a tenth of a
small job's scan). On one Python build a text always compiles to the same code,
whatever class it is for, so while the analysis modules are imported the `exec`
the dataclasses module calls is one that compiles each text once (as `exec`
would: no flags inherited, file `<string>`) and keeps its code. The codes are
stored in the cache folder's `config/` area (an authenticated entry,
analyzer/cache.py) under a key of jobgate's digest and the Python build; the
next start looks each text up there and compiles only the texts it lacks (a
newer libcst), then stores the set again.

What is stored is code that runs: the folder must be trusted like the
installation, which it already is (analyzer/cache.py: whoever can write the
folder can write its key and every result). Nothing of a job is compiled here:
the block imports jobgate's modules, before a job is read. An entry that does
not authenticate or does not load as (text, code) pairs is ignored.
"""

from __future__ import annotations

import builtins
import dataclasses
import marshal
import sys
from contextlib import contextmanager
from pathlib import Path
from types import CodeType
from typing import Iterator

from .cache import ResultCache, key_of

AREA = "config"


def _entry_key(block: str = "") -> str:
    return key_of("dataclass-code", sys.version, str(sys.flags.optimize), block)


def _stored(store: ResultCache, block: str = "") -> dict[str, CodeType]:
    body = store.read(_entry_key(block))
    if body is None:
        return {}
    try:
        pairs = marshal.loads(body)
    except Exception:  # noqa: BLE001 - an entry that does not load is ignored, never trusted
        return {}
    if not (isinstance(pairs, list) and all(
            isinstance(p, tuple) and len(p) == 2 and isinstance(p[0], str) and isinstance(p[1], CodeType)
            for p in pairs)):
        return {}
    return dict(pairs)


@contextmanager
def kept(folder: Path | None, block: str = "") -> Iterator[None]:
    """Around an import: each method text dataclasses run is compiled at most once, its code stored in
    `folder` when the block ends without an error and compiled a text the stored entry lacked. `block`
    names the import, each with an entry of its own: a start reads only the codes of what it imports."""
    store = ResultCache(folder, AREA) if folder is not None else None
    if store is None or not store.usable or "exec" in vars(dataclasses):  # no folder, or a block already runs
        yield
        return
    codes = _stored(store, block)
    known = len(codes)

    def exec_(source, globals=None, locals=None, /, **options):
        if not (isinstance(source, str) and isinstance(globals, dict)):  # not how dataclasses calls it
            frame = sys._getframe(1)
            return builtins.exec(source, frame.f_globals if globals is None else globals,
                                 frame.f_locals if globals is None and locals is None else locals, **options)
        code = codes.get(source)
        if code is None:
            code = codes[source] = compile(source, "<string>", "exec", dont_inherit=True)
        return builtins.exec(code, globals, locals, **options)

    dataclasses.exec = exec_  # found before the builtin by the module's own calls
    try:
        yield
    finally:
        del dataclasses.exec
    if len(codes) > known:
        store.write(_entry_key(block), marshal.dumps(list(codes.items())))
