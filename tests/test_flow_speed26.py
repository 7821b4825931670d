"""Work the flow analysis does once per analysis for the same values, not once per round, loop pass and call
(speedflow26): a bound's cut of a set (_cap) and what a call passes for a parameter after what the function did
to it (_passed_through). An origin with no key of its own (a bound's marker) equals its twins at other nodes;
a memo hands back the values the set itself holds, so a finding still names the line its own marker is at."""

from __future__ import annotations

import libcst as cst

from analyzer.engine.flow import engine, values
from analyzer.engine.flow.names import MAX_ORIGINS
from analyzer.engine.flow.values import Param
from analyzer.engine.resolve import Resolver


def _marker_at(name: str):
    return values._marker(cst.Name(name))


def _params(count: int) -> frozenset:
    return frozenset(Param(f"p{i}") for i in range(count))


def test_a_cut_keeps_the_sets_own_marker() -> None:
    here, there = _marker_at("here"), _marker_at("there")
    assert here == there and here.node is not there.node  # twins: one value, two nodes
    params = _params(MAX_ORIGINS)  # over the bound, but parameters all stay: nothing is cut
    values._cap(params | {here})
    kept = values._cap(params | {there})
    assert [o.node for o in kept if not isinstance(o, Param)] == [there.node]


def test_what_a_call_passes_keeps_its_own_marker() -> None:
    here, there = _marker_at("here"), _marker_at("there")
    param = Param("v")
    values._passed_through(frozenset({here}), param)
    pieces = values._passed_through(frozenset({there}), param)
    assert [o.node for _, piece in pieces for o in piece] == [there.node]


def test_an_analysis_leaves_no_value_in_its_memos() -> None:
    source = "import pandas as pd\n" + "".join(f"r{i} = pd.read_csv('d{i}.csv')\n" for i in range(10)) + \
        "def join(a, b):\n    return a + b\n\ntotal = r0\n" + \
        "".join(f"total = join(total, r{i})\n" for i in range(10)) + "print(total)\n"
    module = cst.parse_module(source)
    leaks = engine.analyze(module, Resolver(module))
    assert any(o.bound for leak in leaks for o in leak.origins)  # the analysis did cut and pass values
    assert not values._CAPPED and not values._PASSED
