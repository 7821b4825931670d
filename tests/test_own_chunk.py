"""analyzer/engine/own_chunk.py: a recursion that keeps crossing a frame chunk's edge maps and unmaps the chunk
each time on CPython 3.11/3.12 (each map a minor page fault); called through `in_own_chunk` it stays in one."""

from __future__ import annotations

import resource
import sys

import pytest

from analyzer.engine.own_chunk import in_own_chunk

pytestmark = pytest.mark.skipif(sys.version_info >= (3, 13), reason="CPython 3.13+ caches a freed chunk")

CALLS = 2_000


def _leaf() -> int:
    return 1


def _down(depth: int) -> int:
    """At each depth on the way down, call a leaf many times: at the depth where the leaf's frame is the first
    of a new chunk, every call maps one and every return unmaps it."""
    total = sum(_leaf() for _ in range(CALLS))
    return total + (_down(depth - 1) if depth else 0)


def _faults(fn, *args) -> int:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    fn(*args)
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


def test_a_walk_in_its_own_chunk_stops_mapping_at_each_crossing():
    depth = 200  # about 20 KB of frames: past one 16 KB chunk, within the 32 KB the trampoline leaves
    _faults(_down, depth)  # warm up (imports, arenas)
    plain = _faults(_down, depth)
    own = _faults(in_own_chunk, _down, depth)
    assert plain >= CALLS  # the bare walk thrashes at least at one edge
    assert own * 10 < plain, (own, plain)


def test_it_returns_what_the_function_returns_and_raises_what_it_raises():
    assert in_own_chunk(divmod, 7, 2) == (3, 1)
    with pytest.raises(ZeroDivisionError):
        in_own_chunk(divmod, 1, 0)
