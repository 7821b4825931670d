"""The flow's hot paths made cheaper without changing what they compute (speed38flow): a full leak checks a new
origin against its least decisive one, kept (module_flow.Leak.add), and the value memos ask which twins a set's
keyless origins are only of a set that is hit again (values._memo)."""

from __future__ import annotations

import random

import libcst as cst

from analyzer.engine.flow import engine, values
from analyzer.engine.flow.module_flow import Leak
from analyzer.engine.flow.names import DATA, MAX_ORIGINS, SECRET, UNKNOWN, UPDATE
from analyzer.engine.flow.values import Origin, Param
from analyzer.engine.resolve import Resolver


def _origins() -> list[Origin]:
    """Reads of a training script's rows, a secret and helpers' results, as a leak over the bound gathers them:
    several at the same code (`pd.read_csv(path)` in three functions), so origins that rank alike meet."""
    module = cst.parse_module("".join(f"def load{i}(path):\n    return pd.read_csv(path)\n" for i in range(3)) +
                              "".join(f"x{i} = fetch_{i}(cfg)\n" for i in range(12)) + "key = os.environ['TOKEN']\n")
    calls = [n for n in _walk(module) if isinstance(n, cst.Call)]
    made = [Origin(DATA, "pandas.read_csv", c, id(c), part=i % 2 == 0) for i, c in enumerate(calls[:3])]
    made += [Origin(UNKNOWN, f"what fetch_{i}() returns", c, id(c), logged=True) for i, c in enumerate(calls[3:15])]
    made += [Origin(SECRET, "os.environ", calls[-1], id(calls[-1]))]
    return made


def _walk(node: cst.CSTNode):
    yield node
    for child in node.children:
        yield from _walk(child)


def _plain(origins: list[Origin]) -> set:
    """The rule Leak.add keeps: add each, and past MAX_ORIGINS drop the least decisive."""
    kept: set = set()
    for o in origins:
        kept.add(o)
        if len(kept) > MAX_ORIGINS:
            kept.remove(values._least_decisive(kept))
    return kept


def test_a_full_leak_keeps_what_the_plain_rule_keeps_in_any_order() -> None:
    origins = _origins()
    rng = random.Random(38)
    for _ in range(200):
        order = [rng.choice(origins) for _ in range(rng.randrange(1, 40))]  # repeats, as calls record again
        leak = Leak(UPDATE, "flare.send", cst.Name("send"), set())
        for o in order:
            leak.add(o)
        plain = _plain(order)
        assert leak.origins == plain and {id(o) for o in leak.origins} == {id(o) for o in plain}
    values._INTERNED.clear()
    values._MADE.clear()


def test_a_memo_tells_twins_apart_after_a_set_without_keyless_origins() -> None:
    """A set over the bound that holds no keyless origin is cut once; an equal set is handed that cut. A set
    with a bound's marker, then its twin's set, each keep their own marker (as test_flow_speed26)."""
    params = frozenset(Param(f"p{i}") for i in range(MAX_ORIGINS))
    plain = params | {Param("extra")}
    assert values._cap(plain) is plain and values._cap(frozenset(list(plain))) is plain  # an equal set
    here, there = values._marker(cst.Name("here")), values._marker(cst.Name("there"))
    values._cap(params | {here})
    kept = values._cap(params | {there})
    assert [o.node for o in kept if not isinstance(o, Param)] == [there.node]
    again = values._cap(params | {here})
    assert [o.node for o in again if not isinstance(o, Param)] == [here.node]
    for table in (values._CAPPED, values._MARKERS, values._INTERNED, values._MADE):
        table.clear()


def test_an_analysis_leaves_the_new_memo_empty() -> None:
    source = "import pandas as pd\nrows = pd.read_csv('d.csv')\n\ndef pick(a):\n    return a[0]\n\n" + \
        "".join(f"print(pick(rows) + {i})\n" for i in range(3))
    module = cst.parse_module(source)
    assert engine.analyze(module, Resolver(module))  # the rows reach the log through pick()
    assert not values._PASSED_ONE and not values._PASSED and not values._CAPPED
