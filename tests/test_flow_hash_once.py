"""Origins and parameters keep their hash and their sort key once computed (flow/values.py _hash_once,
_decisive_first): the values are the ones the dataclass would compute every time, and a copy with other
fields (`but`) computes its own."""

from __future__ import annotations

import dataclasses
import pickle

import libcst as cst

from analyzer.engine.flow import values
from analyzer.engine.flow.engine import DATA, SECRET, Origin
from analyzer.engine.flow.values import Param


def _generated_hash(value) -> int:
    return hash(tuple(getattr(value, f.name) for f in dataclasses.fields(value) if f.compare))


def test_the_kept_hash_is_the_generated_one_and_a_copy_has_its_own() -> None:
    node = cst.Name("rows")
    origin = Origin(DATA, "pandas.read_csv", node, id(node))
    assert hash(origin) == _generated_hash(origin) and hash(origin) == hash(origin)
    copy = origin.but(elem=True, scalar=True)
    assert copy is not origin and copy.elem and hash(copy) == _generated_hash(copy) != hash(origin)
    assert copy == Origin(DATA, "pandas.read_csv", node, id(node), elem=True, scalar=True)
    param = Param("x")
    assert hash(param) == _generated_hash(param) and hash(param.but(part=True)) == _generated_hash(Param("x", part=True))
    assert len({origin, copy, origin.but(elem=True, scalar=True)}) == 2


def test_the_sort_key_follows_each_copys_fields() -> None:
    node = cst.Name("token")
    data = Origin(DATA, "open", node, id(node))
    first = values._decisive_first(data)
    secret = data.but(kind=SECRET)
    assert values._decisive_first(secret) < first  # a secret sorts first: computed for the copy, not kept from data
    assert values._decisive_first(data) is first


def test_a_pickled_origin_hashes_anew() -> None:
    node = cst.Name("rows")
    origin = Origin(DATA, "numpy.load", node, 7)
    hash(origin)
    values._decisive_first(origin)
    state = origin.__getstate__()
    assert not set(values._DERIVED) & set(state)
    again = pickle.loads(pickle.dumps(origin))
    assert again == origin and hash(again) == _generated_hash(again)


def test_a_copy_is_kept_for_the_same_changes_and_never_handed_on() -> None:
    node = cst.Name("rows")
    origin = Origin(DATA, "pandas.read_csv", node, id(node))
    copy = origin.but(part=True, loader=False)
    assert copy.part and origin.but(part=True, loader=False) is copy  # made once, for the same changes
    other = origin.but(part=True)
    assert other == copy and other is copy  # other changes to equal fields: the one interned value (speedflow31)
    assert origin.but(part=False) is origin  # nothing changes: the value itself
    assert copy.but(part=False) is origin  # equal fields at the same node: the original itself (interned)
    fresh = copy.but(elem=True)
    assert fresh.elem and fresh.part and fresh.node is node and "_copies" not in fresh.__dict__  # a copy starts without them
    state = origin.__getstate__()
    assert "_copies" not in state
    again = pickle.loads(pickle.dumps(origin))
    assert again.but(part=True, loader=False) == copy and again.but(part=True, loader=False) is not copy
