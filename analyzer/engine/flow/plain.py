"""Whether `self.data = rows` in a method is a field of the job's object or a write into a model's parameter.

`p.data = x`, `layer.weight = x` and `bn.running_mean = x` are judged by their spelling wherever the receiver
is unknown (`names.py` `_PARAM_ATTRS`), since a tensor's `data` and a module's registered parameters and
buffers are set that way. On `self` the receiver is known: an instance of the method's class or of one of the
job's classes derived from it. When no class in those lines is a model and every library class they derive
from provably never binds the name (its installed source, `library_classes.lacks`, or, for a library not
installed here, `plain_classes` of rules/flow/parameters.yaml: Flower's NumPyClient; a tensor's `data` is
native, unsettled), the store makes a field of the job's object, which the
flow follows as any other field, and puts nothing into a model's state (Flower's statavg baseline:
`self.data = trainset` in a NumPyClient).

`self` is an instance of the class only when the method is only ever called on one: `Client.keep(net.weight, rows)`,
a hook or `partial(Client.keep, w)` hands it anything (corpus fl27_method_through_class_writes_weight). So the
method must be a plain `def` whose first parameter is `self`, never rebound, and its name must appear in the job
only where it is defined and as `self.name(...)` or `super().name(...)`, in no string (`C.__dict__["keep"]`), and no
module may look a name up at run time (`getattr(C, "ke" + "ep")`).
"""

from __future__ import annotations

import libcst as cst

from ..library_classes import lacks
from ..resolve import Resolver, Scope, children
from .names import _MODULE_CLASSES, _PLAIN_CLASSES

MAX_CLASSES = 16  # classes of the job followed at most (more: not plain)
# Ways to reach a method by a name spelled at run time (`getattr(C, "ke" + "ep")`, `vars(C)[k]`).
_LOOKUPS = ("getattr", "__dict__", "vars", "attrgetter", "methodcaller", "__getattribute__", "inspect")


def plain_field(r: Resolver, fn: cst.FunctionDef, scope: Scope, qname: str, attr: str) -> bool:
    """Whether `self.attr = v` in method `fn` (its scope) of the job's class `qname` (`<class>.Client`) stores a
    field: `self` is an instance, and no instance of the class can hold a parameter as `attr`."""
    if not _called_on_instances(r, fn, scope):
        return False
    subclasses = r._subclasses(qname)
    if subclasses is None:
        return False
    seen: set[str] = set()
    return all(_plain_line(home, cls, attr, seen) for home, cls in [(r, qname), *subclasses])


def _plain_line(r: Resolver, qname: str, attr: str, seen: set[str]) -> bool:
    """Whether the class and the lines of its bases are plain: no class statement with keywords (a metaclass),
    no model class, every library base provably without `attr`."""
    if qname in seen:
        return True
    seen.add(qname)
    homes = [r] if qname in r.class_scopes else []
    if r.program is not None:
        homes += [h for h in r.program.defining(qname, r.path) if h is not r]
    if not homes or len(seen) > MAX_CLASSES:
        return False
    for home in homes:
        if any(body.node.keywords for body in home.class_scopes[qname]):
            return False
        for base, scope in home.class_bases.get(qname, ()):
            values = home.values(base, scope)
            if not values or not all(_plain_base(home, b, attr, seen) for b in values):
                return False
    return True


def _plain_base(r: Resolver, base: object, attr: str, seen: set[str]) -> bool:
    if not isinstance(base, str) or "()" in base:
        return False
    if base.startswith("<class>."):
        return _plain_line(r, base, attr, seen)
    return bool(_PLAIN_CLASSES(base)) or (not _MODULE_CLASSES(base) and lacks(base, attr))


def _called_on_instances(r: Resolver, fn: cst.FunctionDef, scope: Scope) -> bool:
    params = [*fn.params.posonly_params, *fn.params.params]
    if fn.decorators or not params or params[0].name.value != "self" or len(scope.bindings.get("self", ())) != 1:
        return False
    if r.program is not None and any(r.program.holds(r.path, word) or r.program.mentioning(word, r.path)
                                     for word in _LOOKUPS):
        return False
    name = fn.name.value
    homes = [r, *(r.program.mentioning(name, r.path) if r.program is not None else ())]
    return all(_only_method_calls(home, name) for home in homes)


def _only_method_calls(r: Resolver, name: str) -> bool:
    """Whether `name` appears in the resolver's module only as a def's name and as `self.name(...)` /
    `super().name(...)`. Kept per resolver and name (`r.derived`): every `self.x = v` of an `__init__` asks it of
    each module of the program that mentions `__init__`."""
    key = (_only_method_calls, name)
    known = r.derived.get(key)
    if known is None:
        known = r.derived[key] = _mentions_are_method_calls(r.module, name)
    return known


def _mentions_are_method_calls(module: cst.Module, name: str) -> bool:
    names: set[int] = set()  # id() of every Name node spelling it
    allowed: set[int] = set()
    stack: list[cst.CSTNode] = [module]
    while stack:
        node = stack.pop()
        kind = node.__class__
        if kind is cst.Name:
            if node.value == name:
                names.add(id(node))
        elif kind is cst.FunctionDef:
            allowed.add(id(node.name))
        elif kind is cst.Call:
            func = node.func
            if isinstance(func, cst.Attribute) and func.attr.value == name and _instance(func.value):
                allowed.add(id(func.attr))
        elif kind is cst.SimpleString or kind is cst.FormattedStringText:
            if name in node.value:
                return False
        stack.extend(children(node))
    return names <= allowed


def _instance(receiver: cst.BaseExpression) -> bool:
    """`self`, or `super()` with no arguments (which binds the caller's own `self`)."""
    if isinstance(receiver, cst.Name):
        return receiver.value == "self"
    return isinstance(receiver, cst.Call) and isinstance(receiver.func, cst.Name) and \
        receiver.func.value == "super" and not receiver.args
