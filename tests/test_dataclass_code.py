"""The code of dataclasses' generated methods kept between starts
(analyzer/engine/dataclass_code.py): a later start compiles no text it has
seen, the methods it gets are the ones Python makes, and an entry that is
damaged or foreign is ignored."""

from __future__ import annotations

import dataclasses
import marshal
import typing
from pathlib import Path

import pytest

from analyzer.engine import dataclass_code
from analyzer.engine.cache import ResultCache


def _classes() -> list[type]:
    """Dataclasses of several shapes, made the way an import makes them."""
    point = dataclasses.make_dataclass(
        "Point", [("x", int), ("y", "list[str]", dataclasses.field(default_factory=list))], frozen=True)
    node = dataclasses.make_dataclass("Node", [("name", str), ("kids", tuple, dataclasses.field(default=()))],
                                      order=True, unsafe_hash=True)
    return [point, node]


def _methods(cls: type) -> dict[str, object]:
    return {name: getattr(cls, name).__code__ for name in ("__init__", "__repr__", "__eq__", "__setattr__",
                                                            "__delattr__", "__hash__", "__lt__")
            if hasattr(getattr(cls, name), "__code__")}


def _made_in(folder: Path) -> list[type]:
    with dataclass_code.kept(folder):
        return _classes()


def test_a_later_start_compiles_nothing_and_gets_the_same_methods(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    plain = _classes()
    _made_in(tmp_path)
    monkeypatch.setattr(dataclass_code, "compile", lambda *a, **k: pytest.fail(f"compiled {a[0]!r}"), raising=False)
    kept = _made_in(tmp_path)
    for want, got in zip(plain, kept):
        assert _methods(got) == _methods(want) and _methods(got)
    point = kept[0](1)
    assert point == kept[0](1, []) and repr(point) == "Point(x=1, y=[])"
    with pytest.raises(dataclasses.FrozenInstanceError):
        point.x = 2
    # No flag of the module doing the compiling (its `from __future__ import annotations`) reaches the code.
    assert kept[0].__init__.__annotations__ == plain[0].__init__.__annotations__
    assert kept[0].__init__.__annotations__["x"] is int
    assert "exec" not in vars(dataclasses)


def test_a_text_the_entry_lacks_is_compiled_and_stored(tmp_path: Path) -> None:
    _made_in(tmp_path)
    with dataclass_code.kept(tmp_path):
        extra = dataclasses.make_dataclass("Extra", [("only_here", float)])
    assert extra(1.5).only_here == 1.5
    texts = dataclass_code._stored(ResultCache(tmp_path, dataclass_code.AREA))
    assert any(mode == "exec" and "only_here" in text for mode, text in texts)


# String annotations as pydantic's models and pydantic_core's TypedDicts hand them to typing.ForwardRef.
ANNOTATIONS = ["list[int]", "dict[str, 'Point'] | None", "*Ts"]


def test_forward_references_are_compiled_once_to_the_code_typing_makes(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    plain = [typing.ForwardRef(text).__forward_code__ for text in ANNOTATIONS]
    with dataclass_code.kept(tmp_path):
        typing.ForwardRef(ANNOTATIONS[0])
    with dataclass_code.kept(tmp_path):  # a text the entry lacks is compiled and stored
        assert [typing.ForwardRef(text).__forward_code__ for text in ANNOTATIONS] == plain
    assert "compile" not in vars(typing)
    monkeypatch.setattr(dataclass_code, "compile", lambda *a, **k: pytest.fail(f"compiled {a[0]!r}"), raising=False)
    with dataclass_code.kept(tmp_path):
        kept = [typing.ForwardRef(text).__forward_code__ for text in ANNOTATIONS]
        # any other compile that reaches typing's name is the builtin's
        assert eval(typing.compile("2 ** 5", "<other>", "eval")) == 32
    assert kept == plain and eval(kept[0]) == list[int]


BODIES = {"not marshal": b"\xff\x00garbage", "wrong shape": marshal.dumps([("def f(): pass", "not code")]),
          "old shape": marshal.dumps([("def f(): pass", compile("def f(): pass", "<string>", "exec"))])}


@pytest.mark.parametrize("damage", ["tampered", "not marshal", "wrong shape", "old shape"])
def test_a_damaged_or_foreign_entry_is_ignored(tmp_path: Path, damage: str) -> None:
    _made_in(tmp_path)
    store = ResultCache(tmp_path, dataclass_code.AREA)
    key = dataclass_code._entry_key()
    if damage == "tampered":
        path = store._path(key)
        raw = path.read_bytes()
        path.write_bytes(raw[:-1] + bytes([raw[-1] ^ 1]))
    else:
        store.write(key, BODIES[damage])
    assert dataclass_code._stored(store) == {}
    assert [_methods(c) for c in _made_in(tmp_path)] == [_methods(c) for c in _classes()]


def test_nothing_is_kept_without_a_folder() -> None:
    with dataclass_code.kept(None):
        assert "exec" not in vars(dataclasses)
        assert _classes()[0](3).x == 3
