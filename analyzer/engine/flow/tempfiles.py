"""A fresh temporary file that a function writes a model into and reads back (CatBoost's JSON round trip:
`save_model(tmp.name, format="json")` then `json.load(open(tmp.name))`).

`open()` of a path the code does not name is of unknown provenance. A `tempfile.NamedTemporaryFile` is
created with a new random name (O_EXCL, mode 0600: the standard library's tempfile.py `_mkstemp_inner`), so
what it holds is what was written under that name. The function alone knows the name when every use of
the object is its `.name`, and that name, or a local bound once to it, goes only to a read-mode `open()` or
as the destination of a model library's `save_model` (`model_savers` in rules/flow/model.yaml): then the
file holds the saved model's state, which the flow stores into the object and its aliases at the save
(Frame role "temp-save") and the read hands back (the read is no source). Anything else (a write through
`open(p, "w")` or the object's own `write`, the name handed to any other call, returned or stored) keeps the
read of unknown provenance. Another process writing into the file by guessing its name would have to find
it at run time, a write to a destination known only then, which the flow reviews
(`file-exfiltration.data-to-runtime-path`)."""

from __future__ import annotations

import libcst as cst

from ..resolve import Resolver, Scope
from . import vocabulary

_MODEL_SAVERS = vocabulary.load().names("model_savers")
_OPEN_CALLS = vocabulary.load().words("open_calls")


def _every_node(root: cst.CSTNode):
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(node.children)


def _read_mode(call: cst.Call) -> bool:
    """`open(p)`, `open(p, "r")`, `open(p, mode="rb")`: nothing else (a mode the code does not spell, `w`, `+`)."""
    modes = [a.value for a in call.args[1:2] if a.keyword is None] + \
        [a.value for a in call.args if a.keyword is not None and a.keyword.value == "mode"]
    return all(isinstance(m, cst.SimpleString) and m.evaluated_value in ("r", "rb", "rt") for m in modes) and \
        not any(a.star for a in call.args)


def saver(call: cst.Call, names: set[str]) -> bool:
    """A model library's `save_model(path)` or `save_model(path, format=...)`: nothing else it is handed (a
    CatBoost `pool` puts the training rows' category strings in a JSON model)."""
    return any(_MODEL_SAVERS(n) for n in names) and len(call.args) <= 2 and not any(
        a.star or (a.keyword is not None and a.keyword.value != "format") for a in call.args)


class TempFiles:
    """The sealed temporary files of one function (`fn`), found once."""

    def __init__(self, r: Resolver, scope: Scope, fn: cst.FunctionDef | None, savers):
        self.r = r
        self.scope = scope
        self.fn = fn
        self.savers = savers  # call -> the names a model saver may be (the frame's resolution)
        self._sealed: dict[str, tuple[str, ...] | None] = {}

    def object_of(self, path: cst.BaseExpression | None) -> tuple[str, ...] | None:
        """(the temporary object's name, its aliases...) when `path` is the sealed file's name, else None."""
        if self.fn is None or path is None:
            return None
        if isinstance(path, cst.Attribute) and isinstance(path.value, cst.Name) and path.attr.value == "name":
            obj = path.value.value
        elif isinstance(path, cst.Name):
            obj = self._alias_of(path.value)
        else:
            return None
        if obj is None:
            return None
        if obj not in self._sealed:
            self._sealed[obj] = self._seal(obj)
        return self._sealed[obj]

    def _alias_of(self, name: str) -> str | None:
        """The temporary object whose `.name` the local `name` is bound to, once."""
        sites = self.scope.bindings.get(name)
        if not sites or len(sites) != 1:
            return None
        value = next(iter(sites))[0] if isinstance(next(iter(sites)), tuple) else None
        if isinstance(value, cst.Attribute) and isinstance(value.value, cst.Name) and value.attr.value == "name":
            return value.value.value
        return None

    def _seal(self, obj: str) -> tuple[str, ...] | None:
        sites = self.scope.bindings.get(obj)
        if not sites or len(sites) != 1:
            return None
        made = next(iter(sites))
        value = made[0] if isinstance(made, tuple) else None
        if not (isinstance(value, cst.Call) and "tempfile.NamedTemporaryFile" in self.r.names(value.func, self.scope)):
            return None
        aliases = [n for n, s in self.scope.bindings.items() if n != obj and len(s) == 1 and self._alias_of(n) == obj]
        allowed: set[int] = set()  # the `tmp.name` / alias nodes in a position that is vouched for
        for node in _every_node(self.fn):
            if isinstance(node, cst.Call) and node.args and node.args[0].keyword is None:
                first = node.args[0].value
                names = self.r.names(node.func, self.scope)
                if (names & _OPEN_CALLS and _read_mode(node)) or saver(node, self.savers(node)):
                    allowed.add(id(first))
        for node in _every_node(self.fn):
            if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and node.value.value == obj:
                if node.attr.value != "name":
                    return None  # `tmp.write(rows)`, `tmp.file`: the object itself is used
                if id(node) not in allowed and not self._binds_alias(node, aliases):
                    return None
        uses = [n for n in _every_node(self.fn) if isinstance(n, cst.Name) and n.value == obj]
        if len(uses) != 1 + sum(1 for n in _every_node(self.fn) if isinstance(n, cst.Attribute) and
                                isinstance(n.value, cst.Name) and n.value.value == obj):
            return None  # the object's name is used otherwise (`f(tmp)`, `return tmp`): one use is its binding
        for alias in aliases:
            reads = [n for n in _every_node(self.fn) if isinstance(n, cst.Name) and n.value == alias]
            if sum(1 for n in reads if id(n) not in allowed) != 1:  # its binding, and allowed uses only
                return None
        return (obj, *aliases)

    def _binds_alias(self, node: cst.Attribute, aliases: list[str]) -> bool:
        for alias in aliases:
            value = next(iter(self.scope.bindings[alias]))[0]
            if value is node:
                return True
        return False
