"""Node checks: `isinstance(node, cst.X)` at the cost of a plain class's.

libcst's node classes are ABCs (CSTNode derives from abc.ABC), so every
isinstance against one that is not the node's own class calls ABCMeta's
__instancecheck__, a Python function: 2.7 million calls and a sixteenth of the
analysis of the stdlib subset (bench/run.py). Without virtual subclasses (a
class's `register`), ABCMeta answers exactly what `type` answers from the real
bases, and libcst registers none. So `use_type_checks` gives every node class
a metaclass whose checks are type's own, class by class, only where none is
registered; a class registered with later goes back to ABCMeta first.
"""

from __future__ import annotations

import abc

import libcst as cst


class _TypeChecked(abc.ABCMeta):
    __instancecheck__ = type.__instancecheck__
    __subclasscheck__ = type.__subclasscheck__

    def register(cls, subclass: type) -> type:
        cls.__class__ = abc.ABCMeta  # a virtual subclass: ABCMeta's checks again, for this class
        return abc.ABCMeta.register(cls, subclass)


def _classes(root: type) -> list[type]:
    found, todo = [], [root]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return found


def use_type_checks() -> int:
    """Give libcst's node classes type's own checks; returns how many were changed."""
    registry = getattr(abc, "_get_dump", None)  # CPython's C abc: (registry of virtual subclasses, ...)
    if registry is None:
        return 0
    changed = 0
    for cls in _classes(cst.CSTNode):
        if type(cls) is abc.ABCMeta and not registry(cls)[0]:
            try:
                cls.__class__ = _TypeChecked
            except TypeError:  # an interpreter that refuses it keeps ABCMeta's (slower, the same answers)
                continue
            changed += 1
    return changed
