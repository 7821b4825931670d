"""Reaching definitions of a function's plain local assignments.

The resolver binds a name to every value assigned to it in its scope; a name
rebound in a chain (`d = load(); d = d.filter(f); d = d.map(g)`) is then each
link's union, which grows with every link until it overflows. Here a read of a
local name inside the function's own body sees only the assignments that may
reach it: plain `name = value` (chained `a = b = v`, `name: T = v` too) in
straight-line code and `if`/`elif`/`else` branches, which join.

Everything else keeps the union, so no read ever sees fewer values than the
truth. A name bound any other way anywhere in the function (loops and their
targets, `try`, `with`, `match`, augmented assignment, walrus, comprehension
targets, imports, `del`, `global`/`nonlocal`, a nested definition, a tuple
target), or one of whose resolver bindings is not a plain assignment seen here
(a parameter's default or annotation, a nested function's `nonlocal` store), is
never narrowed; nor is a read that what the name held on entry (ENTRY: a
parameter, or nothing yet) may reach. An early `return` is ignored: it only
adds definitions. A read inside a statement this does not walk (a loop, `try`,
`with`) of a name that statement does not bind sees what reached the statement.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from .resolve import children

if TYPE_CHECKING:  # pragma: no cover
    from .resolve import Scope

ENTRY = object()  # what the name held on entry: a parameter, a closure's, or unbound
_AT_ENTRY = frozenset({ENTRY})

# Statements that bind no name of their own: their expressions are read in order.
PLAIN = (cst.Expr, cst.Return, cst.Raise, cst.Assert, cst.Pass, cst.Break, cst.Continue)
# The other small statements, whose bindings _bound_by knows (tests/test_reaching.py: libcst has no more).
BINDING = (cst.Assign, cst.AnnAssign, cst.AugAssign, cst.Del, cst.Global, cst.Nonlocal, cst.Import, cst.ImportFrom,
           cst.LazyImport, cst.LazyImportFrom, cst.TypeAlias)


def _names(node: cst.CSTNode | None) -> set[str]:
    """Every identifier in a subtree (over-approximates the names a target binds)."""
    found: set[str] = set()
    todo = [node] if node is not None else []
    while todo:
        n = todo.pop()
        if n.__class__ is cst.Name:
            found.add(n.value)
        else:
            todo.extend(children(n))
    return found


def _target_names(target: cst.BaseExpression) -> set[str]:
    """Names a store target binds: `a.x = v` and `d[k] = v` rebind none."""
    if isinstance(target, cst.Name):
        return {target.value}
    if isinstance(target, (cst.Tuple, cst.List)):
        return set().union(*(_target_names(el.value) for el in target.elements))
    if isinstance(target, cst.StarredElement):
        return _target_names(target.value)
    return set() if isinstance(target, (cst.Attribute, cst.Subscript)) else _names(target)


_TARGET_BINDERS = (cst.AnnAssign, cst.AugAssign, cst.NamedExpr, cst.For, cst.CompFor, cst.Del)
_NAME_BINDERS = (cst.AsName, cst.ImportAlias, cst.Global, cst.Nonlocal, cst.MatchStar, cst.TypeAlias, cst.TypeParam)
_DEFINERS = (cst.FunctionDef, cst.ClassDef, cst.MatchAs)
# The node classes _bound_by finds names in: _scan asks only these (most nodes bind nothing).
_BINDERS = frozenset({cst.Assign, cst.MatchMapping, *_TARGET_BINDERS, *_NAME_BINDERS, *_DEFINERS})


def _bound_by(node: cst.CSTNode) -> set[str]:
    """Names a node binds, plain assignments included (over-approximated)."""
    kind = node.__class__
    if kind is cst.Assign:
        return set().union(*(_target_names(t.target) for t in node.targets))
    if kind in _TARGET_BINDERS:
        return _target_names(node.target)
    if kind in _NAME_BINDERS:
        return _names(node)
    if kind in _DEFINERS:
        return _names(node.name)
    if kind is cst.MatchMapping:
        return _names(node.rest)
    return set()


class Definitions:
    """One function's walk: `loads` maps id() of each Name read in its body to the
    assignments that may reach it (ENTRY among them when none or anything else may)."""

    def __init__(self, function: cst.FunctionDef, scope: "Scope"):
        self.scope = scope
        self.loads: dict[int, tuple[str, frozenset]] = {}
        self.defs: dict[str, set] = {}  # name -> its plain assignments' items, as the resolver binds them
        self.loose: set[str] = set(scope.globals | scope.nonlocals)  # names never narrowed
        self._block(function.body, {})

    def table(self) -> dict[int, tuple]:
        """id(Name read) -> the resolver's bindings of the name that reach it, in their order,
        for reads this walk narrows; any other read keeps the union."""
        out: dict[int, tuple] = {}
        precise: dict[str, bool] = {}
        for key, (name, reach) in self.loads.items():
            if ENTRY in reach:
                continue
            if name not in precise:
                bound = self.scope.bindings.get(name, {})
                precise[name] = name not in self.loose and bool(bound) and set(bound) <= self.defs.get(name, set())
            if precise[name]:
                out[key] = tuple(item for item in self.scope.bindings[name] if item in reach)
        return out

    def _block(self, block: cst.BaseSuite, env: dict) -> dict:
        if isinstance(block, cst.SimpleStatementSuite):
            return self._smalls(block.body, env)
        for statement in block.body:
            env = self._statement(statement, env)
        return env

    def _smalls(self, body, env: dict) -> dict:
        for small in body:
            env = self._small(small, env)
        return env

    def _statement(self, statement: cst.BaseStatement, env: dict) -> dict:
        if isinstance(statement, cst.SimpleStatementLine):
            return self._smalls(statement.body, env)
        if isinstance(statement, cst.If):
            return self._if(statement, env)
        self._scan(statement, env)  # a loop, try, with, match, nested definition: what it binds is loose
        return env

    def _if(self, node: cst.If, env: dict) -> dict:
        self._scan(node.test, env)
        taken = self._block(node.body, env)
        if isinstance(node.orelse, cst.If):
            other = self._if(node.orelse, env)
        elif isinstance(node.orelse, cst.Else):
            other = self._block(node.orelse.body, env)
        else:
            other = env
        return {name: taken.get(name, _AT_ENTRY) | other.get(name, _AT_ENTRY) for name in taken.keys() | other.keys()}

    def _small(self, node: cst.BaseSmallStatement, env: dict) -> dict:
        if isinstance(node, PLAIN):
            self._scan(node, env)
            return env
        if isinstance(node, cst.Assign) and all(isinstance(t.target, cst.Name) for t in node.targets):
            self._scan(node.value, env)
            return self._define([t.target.value for t in node.targets], node.value, env)
        if isinstance(node, cst.AnnAssign) and isinstance(node.target, cst.Name) and node.value is not None:
            self._scan(node.annotation, env)
            self._scan(node.value, env)
            return self._define([node.target.value], node.value, env)
        self._scan(node, env)  # its bindings (augmented, del, import, a tuple target) are loose: _bound_by
        return env

    def _define(self, names: list[str], value: cst.BaseExpression, env: dict) -> dict:
        item = (value, self.scope)  # the resolver's binding of each of these names (Resolver._deferred)
        env = dict(env)
        for name in names:
            self.defs.setdefault(name, set()).add(item)
            env[name] = frozenset({item})
        return env

    def _scan(self, node: cst.CSTNode, env: dict) -> None:
        """Record each Name read in `node` with what reaches `node`; what it binds is loose."""
        todo = [node]
        while todo:
            n = todo.pop()
            if n.__class__ is cst.Name:
                self.loads[id(n)] = (n.value, env.get(n.value, _AT_ENTRY))
                continue
            if n.__class__ is cst.GeneratorExp and env:
                self._scan(n, {})  # it runs when consumed, after assignments that follow it: reads keep the union
                continue
            if n.__class__ in _BINDERS:
                self.loose |= _bound_by(n)
            todo.extend(children(n))

