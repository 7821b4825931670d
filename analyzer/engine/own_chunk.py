"""Run a deep recursive walk in a frame chunk of its own.

CPython 3.11 and 3.12 keep Python frames in 16 KB chunks and free a chunk as soon as the frame at its start
returns (Python/pystate.c, `_PyThreadState_PopFrame`). A recursive walk whose depth keeps crossing one chunk's
edge maps and unmaps that chunk at every crossing (cpython gh-142183, fixed from 3.13 by caching a chunk): the
flow engine did so 278,740 times on the standard library's tree, about 3.5 s of system time in 25 s.

`in_own_chunk(fn, *args)` calls `fn` from a frame declared 32 KB deep (its code's stack size raised; a frame
larger than the interpreter needs is valid). No 16 KB chunk holds it, so CPython gives it a new one sized for the
frame plus at least 1,000 slots, doubling from 16 KB (`push_chunk`): 64 KB, with about 32 KB to spare in which
`fn`'s own recursion rises and falls without crossing an edge. One map per call instead of one per crossing.
"""

from __future__ import annotations

from typing import Callable, TypeVar

T = TypeVar("T")

SLOTS = 4096  # the trampoline frame's stack, in object pointers: 32 KB


def in_own_chunk(fn: Callable[..., T], *args) -> T:
    return fn(*args)


in_own_chunk.__code__ = in_own_chunk.__code__.replace(co_stacksize=SLOTS)
