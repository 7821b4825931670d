"""The state of a frame: what each name holds at a point of the code, joined over branches and widened
over loops."""

from __future__ import annotations

import libcst as cst

from .names import UNKNOWN
from .values import EMPTY, Origin, _cap
from .syntax import _bound_in


class _State:
    __slots__ = ("env", "shapes")

    def __init__(self, env: dict | None = None, shapes: dict | None = None):
        self.env: dict[str, frozenset] = env if env is not None else {}
        # name -> (its value then, its tuple part) for a name unpacked from a position holding a tuple literal;
        # good only while the name still holds exactly that value (Frame.shaped)
        self.shapes: dict[str, tuple] = shapes if shapes is not None else {}

    def copy(self) -> "_State":
        return _State(dict(self.env), dict(self.shapes))

    def join(self, other: "_State") -> bool:
        changed = False
        for k in [k for k, v in self.shapes.items() if other.shapes.get(k) != v]:
            del self.shapes[k]  # another path bound it otherwise
        for k, v in other.env.items():
            mine = self.env.get(k, EMPTY)
            if not v <= mine:
                self.env[k] = _cap(mine | v)
                changed = True
        return changed


def _widen(st: _State, entry: _State, loop: cst.CSTNode) -> None:
    """A loop that had not settled when the gate stopped following it (`g = f; f = e; ...; a = rows` moves the
    rows one name per pass): every name it binds may hold what any of them holds, and a marker that no
    reduction cleans, so that what the gate stopped short of is reviewed, never passed."""
    changed = {k for k, v in st.env.items() if v != entry.env.get(k, EMPTY)} | _bound_in(loop)
    held = frozenset().union(*(st.env.get(k, EMPTY) for k in changed))
    if not held:
        return
    # Of a caller's values (parameters) the widened union is what the caller passes; a source of the
    # loop's own is followed no further, so it is marked.
    marker = Origin(UNKNOWN, "a value a loop passes on more often than the gate follows", loop,
                    statistic=True, logged=True, bound=True)
    widened = _cap(held | {marker}) if any(isinstance(o, Origin) for o in held) else held
    for k in changed:
        st.env[k] = widened
