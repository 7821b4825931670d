"""The cyclic garbage collector, paused where a start only makes objects that stay.

Importing the gate (click and the policy's classes; libcst, the
detectors and their data) allocates enough to trigger a hundred collections,
each walking objects that all stay alive: on a small job that was a tenth of
the scan. Paused for those blocks only, and left as the caller had it.

Resuming still costs one walk of everything the block made (the first
collection after it). In a process the gate owns (the CLI: `own_process()`),
what the block made is frozen instead (gc.freeze), out of every collection's
sight; an analysis that freezes the trees it keeps may undo that freeze with
its own at its end (`freezable`, `unfreeze`), never a freeze someone else made.
"""

from __future__ import annotations

import gc
import sys
from contextlib import contextmanager
from collections.abc import Iterator  # not typing: imported before any pause, it triggered collections

# own_process: the CLI's process; frozen: whether the frozen objects are those the gate's imports froze there;
# server: a fork server froze everything it holds for its children, for good (`freeze_for_forks`).
_state = {"own_process": False, "frozen": False, "server": False}


def own_process() -> None:
    """The process is the gate's (the CLI): what its imports make stays until it ends."""
    _state["own_process"] = True


def freezable() -> bool:
    """Whether an analysis may freeze what it keeps and undo every freeze at its end: nothing is
    frozen, or only what the gate's own imports froze. Our own freeze is asked first: counting the
    frozen objects walks every one of them (CPython keeps them in a list), a few ms per call in the CLI."""
    return _state["frozen"] or (not _state["server"] and gc.get_freeze_count() == 0)


def freeze_for_forks() -> None:
    """A fork server (engine/isolate.py `serve`): everything it holds is frozen, out of every collection's
    sight, so that the children it forks share those pages instead of copying them, and stays frozen: no
    analysis, in it or in a child, may undo that freeze (`freezable` answers no). Said here, not counted
    there: counting the frozen objects walks every one of them (its 67,000: 10-20 ms, twice a job)."""
    gc.freeze()
    _state["server"] = True


def unfreeze() -> None:
    gc.unfreeze()
    _state["frozen"] = False


@contextmanager
def paused() -> Iterator[None]:
    enabled = gc.isenabled()
    modules = len(sys.modules)
    gc.disable()
    try:
        yield
    finally:
        # Only a block that imported: a later one may find the garbage of an analysis still uncollected.
        if _state["own_process"] and len(sys.modules) > modules and freezable():
            gc.freeze()
            _state["frozen"] = True
        if enabled:
            gc.enable()
