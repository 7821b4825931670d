"""Whether `o.name = v` on an object of the job's model class puts v into the model's state.

torch.nn.Module.__setattr__ (torch/nn/modules/module.py) keeps a tensor stored under the name of a registered
buffer in `_buffers`, which state_dict() saves; under any other name (not a Parameter, not a Module) the
tensor is a plain attribute of the object, which state_dict() never sees. So a store into a model object
writes into its state when the name may be a buffer's:

- a class whose line (its bases in the job, through every module) has a library base other than
  torch.nn.Module itself may register buffers of its own (BatchNorm's `running_mean`, a transformers model's
  `position_ids`) or track any attribute (a Keras layer's variables): every name may be one;
- otherwise the job registers every buffer there is: a name given as a literal to `register_buffer`
  anywhere in the job; any other form (a name computed, the method handed on, `_buffers` written) may
  register any name.

Red team 42: `register_buffer("ref", torch.zeros(d))` in `__init__`, then `self.ref = x[:1]` in a method
(or `net.ref = x[:1]` on an instance) sent the first row in `net.state_dict()`.
"""

from __future__ import annotations

import libcst as cst

from ..resolve import Resolver
from .names import _MODULE_CLASSES

ROOT_MODULE = "torch.nn.Module"  # registers no buffer of its own
_WORDS = ("register_buffer", "_buffers")  # what a module that registers a buffer spells
ANY = None  # every name may be a buffer's


def library_bases(r: Resolver, qname: str) -> set[str]:
    """The bases outside the job of the job's class `qname` (`<class>.Net`) and of its bases in the job,
    wherever the job defines them. Each class is walked once (as resolve's base walk): forty levels of diamonds
    (two classes, each subclassing both below) are 2^40 paths to the root (test_harden27)."""
    out: set[str] = set()
    seen: set[tuple[int, str]] = set()
    todo = [(r, qname)]
    while todo:
        where, cls = todo.pop()
        if (id(where), cls) in seen:
            continue
        seen.add((id(where), cls))
        homes = [where] if cls in where.class_scopes else \
            where.program.defining(cls, where.path) if where.program is not None else []
        for home in homes:
            for base, scope in home.class_bases.get(cls, ()):
                for n in home.names(base, scope):
                    if n.startswith("<class>.") and "()" not in n:
                        todo.append((home, n))
                    else:
                        out.add(n)
    return out


def is_model(bases: set[str]) -> bool:
    """Whether a class with these library bases is a model."""
    return any(_MODULE_CLASSES(b) for b in bases)


def every_name_may_be_buffer(bases: set[str]) -> bool:
    """Whether a model class with these library bases may keep any attribute in its state (see the module)."""
    return bases != {ROOT_MODULE}


def registered_buffers(r: Resolver) -> frozenset[str] | None:
    """The names the job registers buffers under (`register_buffer("ref", t)`, in any of its modules), or ANY
    when a registration's name is not a literal or a module writes `_buffers`."""
    if r.program is None:
        homes = [r]
    else:  # only the modules whose text names either word (each module's findings then depend on them)
        own = [r] if any(r.program.holds(r.path, word) for word in _WORDS) else []
        homes = list({id(h.module): h for h in own + [o for word in _WORDS
                                                      for o in r.program.mentioning(word, r.path)]}.values())
    names: set[str] = set()
    for home in homes:
        found = _registrations(home)
        if found is ANY:
            return ANY
        names |= found
    return frozenset(names)


def _registrations(r: Resolver) -> frozenset[str] | None:
    """What `_Registrations` finds in the resolver's module, walked once per resolution (kept in `r.derived`):
    each module's flow asks it of every module that names either word."""
    known = r.derived.get(_Registrations, _Registrations)
    if known is _Registrations:
        finder = _Registrations()
        r.module.visit(finder)
        known = r.derived[_Registrations] = ANY if finder.names is ANY else frozenset(finder.names)
    return known


class _Registrations(cst.CSTVisitor):
    """The literal names of a module's `register_buffer(...)` calls; ANY for any other mention of
    `register_buffer` or `_buffers`."""

    def __init__(self):
        self.names: set[str] | None = set()
        self.called: set[int] = set()  # id() of the `register_buffer` spelled as a call's function

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        word = func.attr if isinstance(func, cst.Attribute) else func
        if not (isinstance(word, cst.Name) and word.value == "register_buffer") or self.names is ANY:
            return
        self.called.add(id(word))
        name = _name_argument(node)
        if isinstance(name, cst.SimpleString) and isinstance(name.evaluated_value, str):
            self.names.add(name.evaluated_value)
        else:
            self.names = ANY

    def visit_Name(self, node: cst.Name) -> None:
        if node.value == "_buffers" or (node.value == "register_buffer" and id(node) not in self.called):
            self.names = ANY

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        if "_buffers" in node.value or "register_buffer" in node.value:
            self.names = ANY  # `getattr(self, "register_buffer")`, `vars(self)["_buffers"]`


def _name_argument(call: cst.Call) -> cst.BaseExpression | None:
    """The name a `register_buffer` call registers: `name=`, else its first argument, or its second when the
    first is not a string (`torch.nn.Module.register_buffer(self, "ref", t)`)."""
    for a in call.args:
        if a.keyword is not None and a.keyword.value == "name":
            return a.value
    positional = [a.value for a in call.args if a.keyword is None and not a.star]
    if positional and not isinstance(positional[0], cst.BaseString) and len(positional) > 1:
        return positional[1]
    return positional[0] if positional else None
