"""Work the flow analysis does once per node of the tree, not once per value (speed25): the code an origin was
read at, by which tied origins are ordered at a bound's cut (_in_source), and the marker of the cut (_cap).
Neither outlives the analysis: the tables that keep them are empty when it ends."""

from __future__ import annotations

import libcst as cst

from analyzer.engine.flow import engine, values
from analyzer.engine.flow.engine import DATA, Origin
from analyzer.engine.flow.names import MAX_ORIGINS
from analyzer.engine.resolve import Resolver

# Ten reads of the site's data that rank alike, joined into one value over and over: every join is cut.
_MANY_TIED = "import pandas as pd\n" + "".join(f"r{i} = pd.read_csv('d{i}.csv')\n" for i in range(10)) + """
def join(a, b):
    return a + b

total = r0
for _ in range(3):
""" + "".join(f"    total = join(total, r{i})\n" for i in range(10)) + "print(total)\n"


def _tied(count: int) -> list[Origin]:
    nodes = [cst.Name(f"r{i}") for i in range(count)]
    return [Origin(DATA, "pandas.read_csv", n, i) for i, n in enumerate(nodes)]


def test_tied_origins_render_their_code_once_per_node(monkeypatch) -> None:
    rendered: list[int] = []
    render = values._NO_MODULE.code_for_node
    monkeypatch.setattr(values, "_NO_MODULE", type("Counting", (), {
        "code_for_node": staticmethod(lambda node: rendered.append(id(node)) or render(node))})())
    origins = _tied(MAX_ORIGINS + 2)
    copies = [o.but(elem=True).but(elem=False) for o in origins]  # other objects, the same nodes and values
    first = values._cap(frozenset(origins))
    again = values._cap(frozenset(copies))
    assert first == again and len(first) == MAX_ORIGINS
    assert sorted(rendered) == sorted(set(rendered)) and len(rendered) <= len(origins)


def test_a_cut_places_one_marker_per_node() -> None:
    origins = _tied(MAX_ORIGINS + 2)
    markers = [o for o in values._cap(frozenset(origins)) if o.bound] + \
        [o for o in values._cap(frozenset(origins[::-1])) if o.bound]
    assert len(markers) == 2 and markers[0] is markers[1]


def test_an_analysis_leaves_no_node_in_its_tables() -> None:
    module = cst.parse_module(_MANY_TIED)
    resolver = Resolver(module)
    leaks = engine.analyze(module, resolver)
    assert any(o.bound for leak in leaks for o in leak.origins)  # the analysis did cut
    assert not values._TEXTS and not values._MARKERS
