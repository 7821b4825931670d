"""A bound's cut among the same code at several places (determinism30): origins whose fields and code text are
alike (`instantiate(cfg)` on ten lines, `self.getter()` in two methods of the stdlib subset) were kept or
dropped in the order the set gave them, which follows their keys (id() of their nodes): which were kept, and so
which later joins found their twins, changed from run to run (the stdlib subset's findings differed between two
runs with the same PYTHONHASHSEED). They now follow where the node is: its module's path and its place in a
walk of that module's tree."""

from __future__ import annotations

import libcst as cst

from analyzer.engine.flow import engine, values
from analyzer.engine.flow.engine import UNKNOWN, Origin
from analyzer.engine.flow.names import MAX_ORIGINS
from analyzer.engine.resolve import Resolver

_SOURCE = "".join("x = instantiate(cfg)\n" for _ in range(MAX_ORIGINS + 3))


def _calls(module: cst.Module) -> list[cst.Call]:
    return [line.body[0].value for line in module.body]


def _alike(module: cst.Module) -> list[Origin]:
    return [Origin(UNKNOWN, "hydra.utils.instantiate", call, id(call)) for call in _calls(module)]


def _analysing(module: cst.Module):
    values._ANALYSING[:] = [Resolver(module)]


def _cleared() -> None:
    for table in (values._TEXTS, values._PLACES, values._WALKED, values._ANALYSING):
        table.clear()


def test_a_cut_keeps_the_same_places_whatever_order_the_set_gives() -> None:
    module = cst.parse_module(_SOURCE)
    _analysing(module)
    try:
        origins = _alike(module)
        kept = [[o.node for o in values._most_decisive(order, MAX_ORIGINS - 1)[:MAX_ORIGINS - 1]]
                for order in (origins, origins[::-1], origins[3:] + origins[:3])]
    finally:
        _cleared()
    assert kept[0] == kept[1] == kept[2]
    assert kept[0] == _calls(module)[:MAX_ORIGINS - 1]  # the first in the tree, not the first the set gives


def test_a_leak_drops_the_same_place_whatever_order_the_set_gives() -> None:
    module = cst.parse_module(_SOURCE)
    _analysing(module)
    try:
        origins = _alike(module)
        dropped = {values._least_decisive(order).node for order in (origins, origins[::-1])}
    finally:
        _cleared()
    assert dropped == {_calls(module)[-1]}


def test_an_analysis_leaves_no_place_behind() -> None:
    module = cst.parse_module("from hydra.utils import instantiate\nimport nvflare.client as flare\n"
                              "from nvflare.app_common.abstract.fl_model import FLModel\ncfg = flare.get_config()\n"
                              "parts = [\n" + "".join("    instantiate(cfg),\n" for _ in range(10)) + "]\n"
                              "flare.send(FLModel(params={'w': parts}))\n")
    leaks = engine.analyze(module, Resolver(module))
    assert any(o.bound for leak in leaks for o in leak.origins)  # the analysis did cut
    assert not values._PLACES and not values._WALKED and not values._ANALYSING


def test_in_a_program_the_same_code_in_two_modules_follows_their_paths() -> None:
    from analyzer.engine.program import Program

    text = "".join("x = instantiate(cfg)\n" for _ in range(MAX_ORIGINS // 2 + 1)).encode()
    sources = {"b.py": text, "a.py": text}
    program = Program(sources, lambda path, data, prog, name: Resolver(cst.parse_module(data), program=prog,
                                                                        name=name, path=path))
    b, a = program.resolver("b.py"), program.resolver("a.py")
    values._ANALYSING[:] = [b]
    try:
        origins = _alike(b.module) + _alike(a.module)
        kept = [[o.node for o in values._most_decisive(order, MAX_ORIGINS - 1)[:MAX_ORIGINS - 1]]
                for order in (origins, origins[::-1])]
        assert not values._PLACES  # kept by the program, for every module analysed in it
        assert program.flow_walked == {"a.py", "b.py"}
    finally:
        _cleared()
    assert kept[0] == kept[1] == (_calls(a.module) + _calls(b.module))[:MAX_ORIGINS - 1]
