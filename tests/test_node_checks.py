"""libcst's node classes answer isinstance and issubclass through type's own checks
(analyzer/engine/node_checks.py): the same answers as ABCMeta's, which only differ
once a class has virtual subclasses, and then that class gets ABCMeta's back."""

from __future__ import annotations

import abc

import libcst as cst

from analyzer.engine import node_checks
from analyzer.engine import parse  # noqa: F401 - importing it switches the checks


def _node_classes() -> list[type]:
    return node_checks._classes(cst.CSTNode)


def test_every_node_class_has_type_checks_after_parse_is_imported() -> None:
    classes = _node_classes()
    assert len(classes) > 300
    assert all(type(cls) is node_checks._TypeChecked for cls in classes)


def test_answers_are_abcmetas_for_every_node_class_and_node_of_a_module() -> None:
    module = cst.parse_module("import os\nclass A(B):\n    def f(self, x=1, *a, **k):\n"
                              "        return [y async for y in x if not y] or {1: f'{x!r}'} @ x[1:2]\n"
                              "with open(p) as f, g: pass\ntry:\n    del a.b\nexcept* E as e:\n    raise\n")
    nodes: list = []
    todo = [module]
    while todo:
        node = todo.pop()
        nodes.append(node)
        todo.extend(node.children)
    assert len({n.__class__ for n in nodes}) > 40
    classes = _node_classes()
    for node in nodes:
        for cls in classes:
            assert isinstance(node, cls) == abc.ABCMeta.__instancecheck__(cls, node), (node.__class__, cls)
    for sub in {n.__class__ for n in nodes}:
        for cls in classes:
            assert issubclass(sub, cls) == abc.ABCMeta.__subclasscheck__(cls, sub), (sub, cls)
    assert not isinstance(3, cst.CSTNode) and not isinstance("x", cst.BaseExpression)


def test_a_class_that_gets_a_virtual_subclass_answers_with_abcmeta_again() -> None:
    class Marked(cst.Name):
        pass

    class Elsewhere:
        pass

    assert type(Marked) is node_checks._TypeChecked and not isinstance(Elsewhere(), Marked)
    Marked.register(Elsewhere)
    assert type(Marked) is abc.ABCMeta
    assert isinstance(Elsewhere(), Marked) and issubclass(Elsewhere, Marked)
    assert type(cst.Name) is node_checks._TypeChecked and not isinstance(Elsewhere(), cst.Name)
