"""Overwrites: whether a write anywhere in the job may create or replace a file the job ships.

A file the gate judged in the job (a logging configuration that fileConfig evaluates) is what
runs only if nothing replaces it before it is read: the process guard refuses writing code
files, not a `.ini` in the job's own folder. A job writes only through the catalogue (anything
else escalates), and the catalogue's writers are its entries with a `path: job` condition
(`open`, `torch.save`, `shutil.copy`, `os.replace`, `DataFrame.to_csv`, ...): every such call in
every module of the job must write a destination whose last part is known and is neither the
file nor a folder on its way (a copy or a move into a folder lands a file of the same name there).
"""

from __future__ import annotations

import re
from typing import Iterator

import libcst as cst

from .catalogue import Catalogue
from .conditions import argument, holds
from .resolve import Resolver, Scope

# Folders NVFlare names at run time on the way to a job's file: the job's run folder (its id) and
# the app deployed for this site (`app_<site>`: nvflare/apis/workspace.py `get_app_dir`).
_RUN_FOLDERS = re.compile(r"^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|app_.*)$")


def may_overwrite(resolver: Resolver, catalogue: Catalogue, target: str) -> bool:
    """Whether a catalogued write in the job may land on `target`, a path relative to the
    folder of the module `resolver` resolves (`conf/logging.ini`)."""
    on_the_way = {p.lower() for p in (*target.split("/"), *resolver.path.split("/")[:-1]) if p}
    program = resolver.program
    others = program.mentioning("", resolver.path) if program is not None else []
    if program is not None and set(program.edges.get(resolver.path, ())) - {resolver.path} - {r.path for r in others}:
        return True  # a module that does not resolve here (analysed apart, in a limited child) may write it
    modules = [resolver, *others]
    return any(not _elsewhere(r, dest, scope, on_the_way) for r in modules for dest, scope in _destinations(r, catalogue))


def _destinations(r: Resolver, catalogue: Catalogue) -> Iterator[tuple[cst.BaseExpression | None, Scope]]:
    """The destination argument of every call in the module that only a writer entry vouches for
    (None: hidden in *args/**kwargs). A call that an entry without a path condition vouches for (a
    read-mode `open`) writes nothing."""
    for use in r.calls:
        call, scope = use.node, use.scope
        entries = [e for name in r.names(call.func, scope) for e in catalogue.entries(name)]
        if not entries and isinstance(call.func, cst.Attribute):  # a method of a value the gate cannot name
            entries = catalogue.members.get(call.func.attr.value, [])
        writing = [c for e in entries for c in e.where if c.path in ("job", "own-files")]
        if not writing or any(not any(c.path for c in e.where) and e.where and
                              all(holds(r, call, scope, c, strict=True) for c in e.where) for e in entries):
            continue
        for cond in writing:
            present, value = argument(call, cond, scope)
            if present:
                yield value, scope


def _elsewhere(r: Resolver, dest: cst.BaseExpression | None, scope: Scope, on_the_way: set[str]) -> bool:
    """Whether every candidate of a destination ends in a known name that is not the target's nor
    a folder on its way."""
    from .detectors.paths import UNKNOWN, PathFolder

    if dest is None:
        return False
    for path in PathFolder.of(r).fold(dest, scope):
        last = path.rstrip("/").rsplit("/", 1)[-1].lower()
        if (not last or UNKNOWN in last or last in on_the_way or last in (".", "..", "~", "<job>", "<tmp>")
                or last.startswith(("<", "${")) or _RUN_FOLDERS.match(last)):
            return False
    return True
