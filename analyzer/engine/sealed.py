"""Sealed instances: an object that only the module which builds it can look at.

`model.loss = v` on an instance of a class that another module of the job defines is a
store that module's code does not see: its resolution and its flow analysis are its own, so
a method there reading `self.loss` would be judged as if nothing had been stored (the vouch
detector reports such a store: `(set from another module)`). Nothing is missed when the
class's own code cannot look at an instance at all and the storing function alone holds the
instance: what reads the attribute then is this module's code, which sees the store, or
library code, which is judged as for an instance of the library's class. That is the Keras
idiom of NVIDIA FLARE's TensorFlow examples (`model.loss = TFFedProxLoss(...)` on a
`Sequential` subclass of another module whose `__init__` only adds layers).
"""

from __future__ import annotations

import libcst as cst

from .resolve import OVERFLOW, Resolver, Scope

MAX_BASES = 8  # deeper chains of the job's own base classes are not followed (not sealed)
# Names through which code in `__init__` reaches the instance without naming it.
_REACHING = frozenset({"super", "__class__", "locals", "vars", "globals"})


def sealed_instance(r: Resolver, receiver: cst.BaseExpression, scope: Scope) -> bool:
    """Whether `receiver` (of `receiver.attr = v`) is a local name of a function, not one of its
    parameters, that the function binds only to new instances of sealed classes of the job."""
    if not isinstance(receiver, cst.Name):
        return False
    home = r.binding_scope(receiver.value, scope)
    if home is None or not isinstance(home.node, cst.FunctionDef) or receiver.value in _parameters(home.node):
        return False
    items = home.bindings[receiver.value]
    return bool(items) and all(isinstance(item, tuple) and isinstance(item[0], cst.Call)
                               and _builds_sealed(r, item[0], item[1]) for item in items)


def _builds_sealed(r: Resolver, call: cst.Call, scope: Scope) -> bool:
    classes = r.values(call.func, scope)
    return bool(classes) and all(isinstance(c, str) and c.startswith("<class>.") and "()" not in c
                                 and sealed_class(r, c) for c in classes)


def sealed_class(r: Resolver, qname: str, depth: int = 0) -> bool:
    """Whether no code of the job's class `qname`, nor of the job's classes it derives from, can
    look at an instance once it is built: every definition of it is a plain class statement (no
    decorator, no metaclass or other keyword) whose body defines `__init__` only, and `__init__`
    only calls methods on the instance and sets its attributes (`super().__init__()`,
    `self.add(layers.Dense(10))`, `self.size = n`), every result discarded and nothing of the
    instance in an argument or a value. Library classes it derives from are library code."""
    homes = [r] if qname in r.class_scopes else []
    if r.program is not None:
        homes += [h for h in r.program.defining(qname, r.path) if h is not r]
    if not homes or depth > MAX_BASES:
        return False
    for home in homes:
        for body in home.class_scopes[qname]:
            if not _init_only(home, body.node):
                return False
        for base, scope in home.class_bases.get(qname, ()):
            values = home.values(base, scope)
            if not values or not all(_library_or_sealed(home, b, depth) for b in values):
                return False
    return True


def _library_or_sealed(r: Resolver, base: object, depth: int) -> bool:
    if not isinstance(base, str) or base == OVERFLOW or "()" in base:
        return False
    return sealed_class(r, base, depth + 1) if base.startswith("<class>.") else True


def _init_only(r: Resolver, node: cst.ClassDef) -> bool:
    if node.decorators or node.keywords:
        return False
    for stmt in _statements(node.body):
        if isinstance(stmt, cst.FunctionDef) and stmt.name.value == "__init__" and not stmt.decorators \
                and stmt.asynchronous is None and _inert_init(r, stmt):
            continue
        if not _inert_statement(stmt):
            return False
    return True


def _inert_init(r: Resolver, fn: cst.FunctionDef) -> bool:
    params = [*fn.params.posonly_params, *fn.params.params]
    if not params:
        return False
    me = params[0].name.value
    scope = r.scope_of.get(id(fn))
    for stmt in _statements(fn.body):
        if _inert_statement(stmt):
            continue
        if isinstance(stmt, cst.Expr) and isinstance(stmt.value, cst.Call) \
                and _method_of(r, stmt.value.func, me, scope) and not _reaches(stmt.value.args, me):
            continue
        if isinstance(stmt, cst.Assign) and len(stmt.targets) == 1 \
                and _attribute_of(stmt.targets[0].target, me) and not _reaches(stmt.value, me):
            continue
        return False
    return True


def _statements(body: cst.BaseSuite) -> list[cst.CSTNode]:
    """The statements of a suite, a line of several (`a = 1; b = 2`) counted one by one."""
    if isinstance(body, cst.SimpleStatementSuite):
        return list(body.body)
    out: list[cst.CSTNode] = []
    for stmt in body.body:
        out.extend(stmt.body if isinstance(stmt, cst.SimpleStatementLine) else [stmt])
    return out


def _inert_statement(stmt: cst.CSTNode) -> bool:
    return isinstance(stmt, cst.Pass) or (isinstance(stmt, cst.Expr) and isinstance(stmt.value, cst.SimpleString))


def _attribute_of(node: cst.BaseExpression, me: str) -> bool:
    return isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and node.value.value == me \
        and not node.attr.value.startswith("__")


def _method_of(r: Resolver, func: cst.BaseExpression, me: str, scope: Scope | None) -> bool:
    """`self.m` (not a dunder), or `super().__init__` of the built-in super."""
    if _attribute_of(func, me):
        return True
    return (isinstance(func, cst.Attribute) and func.attr.value == "__init__" and isinstance(func.value, cst.Call)
            and not func.value.args and isinstance(func.value.func, cst.Name) and scope is not None
            and r.values(func.value.func, scope) == {"builtins.super"})


def _reaches(node: cst.CSTNode | list | tuple, me: str) -> bool:
    """Whether an expression names the instance, or a way to it."""
    todo = list(node) if isinstance(node, (list, tuple)) else [node]
    while todo:
        n = todo.pop()
        if isinstance(n, cst.Name) and (n.value == me or n.value in _REACHING):
            return True
        todo.extend(n.children)
    return False


def _parameters(fn: cst.FunctionDef) -> set[str]:
    p = fn.params
    names = {a.name.value for a in (*p.posonly_params, *p.params, *p.kwonly_params)}
    names |= {a.name.value for a in (p.star_arg, p.star_kwarg) if isinstance(a, cst.Param)}
    return names
