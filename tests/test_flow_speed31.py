"""Origins and parameters made once per analysis (speedflow31, values._Interned): the same origin at the same node
and the same parameter, made again at every round, loop pass and evaluation or reached by other copies (_but),
are one object, so that sets of them meet by identity instead of comparing every field. Equal origins at other
nodes (a bound's markers) stay apart: a finding names its own node. Nothing is kept past the analysis."""

from __future__ import annotations

import libcst as cst

from analyzer.engine.flow import engine, values
from analyzer.engine.flow.engine import DATA, Origin
from analyzer.engine.flow.values import Param
from analyzer.engine.resolve import Resolver


def test_the_same_origin_at_the_same_node_is_one_object() -> None:
    node = cst.Name("rows")
    assert Origin(DATA, "pandas.read_csv", node, id(node)) is Origin(DATA, "pandas.read_csv", node, id(node))


def test_twins_at_other_nodes_stay_apart() -> None:
    here, there = values._marker(cst.Name("here")), values._marker(cst.Name("there"))
    assert here == there and here is not there and here.node is not there.node


def test_a_parameter_reached_by_other_copies_is_one_object() -> None:
    assert Param("x") is Param("x")
    one_at_a_time = Param("x").but(part=True).but(rows=True)
    at_once = Param("x").but(rows=True, part=True)  # _through's three changes in one
    assert one_at_a_time is at_once


def test_an_analysis_keeps_no_value_made_once() -> None:
    module = cst.parse_module("import pandas as pd\nrows = pd.read_csv('d.csv')\nprint(rows)\n")
    leaks = engine.analyze(module, Resolver(module))
    assert leaks  # the analysis made origins
    assert not values._INTERNED


def test_where_an_origin_was_read_is_kept_in_it_and_not_in_its_copies() -> None:
    node = cst.parse_expression("pd.read_csv('d.csv')")
    origin = Origin(DATA, "pandas.read_csv", node, id(node))
    assert values._in_source(origin) is values._in_source(origin)  # rendered and ranked once
    assert values._in_source(origin)[1] == "pd.read_csv('d.csv')"
    chosen = origin.but(part=True)  # ranks before rows taken whole: its own rank, not the original's
    assert values._in_source(chosen)[0] < values._in_source(origin)[0]


def test_the_same_spelling_is_not_built_again(monkeypatch) -> None:
    built = []
    init = Param.__init__
    monkeypatch.setattr(Param, "__init__", lambda self, *a, **k: (built.append(a), init(self, *a, **k))[1])
    first = Param("made_once", part=True)
    assert Param("made_once", part=True) is first and len(built) == 1
    assert Param("made_once", part=True, rows=True) is not first and len(built) == 2


def test_an_origin_reached_by_other_copies_is_one_object() -> None:
    node = cst.Name("rows")
    origin = Origin(DATA, "pandas.read_csv", node, id(node))
    assert origin.but(part=True).but(batch=True) is origin.but(batch=True, part=True)
    other = cst.Name("rows")  # the same code at another node: its own copies
    elsewhere = Origin(DATA, "pandas.read_csv", other, id(node)).but(part=True)
    assert elsewhere == origin.but(part=True) and elsewhere.node is other
