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

`typing.ForwardRef` does the same with each string annotation it is made for
(`compile(text, "<string>", "eval")`): pydantic's models and pydantic_core's
TypedDicts make some 950 at every start, and their codes are kept alike.

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
import typing
from contextlib import contextmanager
from pathlib import Path
from types import CodeType
from typing import Iterator

from .cache import ResultCache, key_of

AREA = "config"


def _entry_key(block: str = "") -> str:
    return key_of("dataclass-code", sys.version, str(sys.flags.optimize), block)


# An entry's codes by (mode, text): "exec" for the dataclasses' method texts, "eval" for ForwardRef's annotations.
Codes = dict[tuple[str, str], CodeType]


def _stored(store: ResultCache, block: str = "") -> Codes:
    body = store.read(_entry_key(block))
    if body is None:
        return {}
    try:
        pairs = marshal.loads(body)
    except Exception:  # noqa: BLE001 - an entry that does not load is ignored, never trusted
        return {}
    if not (isinstance(pairs, list) and all(
            isinstance(p, tuple) and len(p) == 3 and p[0] in ("exec", "eval") and isinstance(p[1], str)
            and isinstance(p[2], CodeType) for p in pairs)):
        return {}
    return {(mode, text): code for mode, text, code in pairs}


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

    def code_of(source: str, mode: str) -> CodeType:
        code = codes.get((mode, source))
        if code is None:
            code = codes[mode, source] = compile(source, "<string>", mode, dont_inherit=True)
        return code

    def exec_(source, globals=None, locals=None, /, **options):
        if not (isinstance(source, str) and isinstance(globals, dict)):  # not how dataclasses calls it
            frame = sys._getframe(1)
            return builtins.exec(source, frame.f_globals if globals is None else globals,
                                 frame.f_locals if globals is None and locals is None else locals, **options)
        return builtins.exec(code_of(source, "exec"), globals, locals, **options)

    def compile_(source, filename, mode, flags=0, dont_inherit=False, optimize=-1):
        # typing.py has no __future__ import to inherit: dont_inherit keeps this module's out of the code
        if isinstance(source, str) and (filename, mode, flags, optimize) == ("<string>", "eval", 0, -1):
            return code_of(source, "eval")
        return builtins.compile(source, filename, mode, flags, True, optimize)

    dataclasses.exec = exec_  # found before the builtin by the module's own calls
    typing.compile = compile_  # likewise for ForwardRef's
    try:
        yield
    finally:
        del dataclasses.exec, typing.compile
    if len(codes) > known:
        store.write(_entry_key(block), marshal.dumps([(mode, text, code) for (mode, text), code in codes.items()]))
