"""Vouch: every use the resolver reaches must be in the capability catalogue.

The positive half of the model (docs/catalogue.md). Threat rules reject what is
clearly hostile; this detector reports everything the catalogue does not
vouch for, so that what the gate does not know escalates instead of passing
for lack of a known-bad match. One finding per file and name (the first place),
so a report names each unvouched API once.
"""

from __future__ import annotations

import sys
from typing import Iterator

import libcst as cst

from ..catalogue import Catalogue, load_catalogue
from ..conditions import holds
from ..resolve import OVERFLOW, Const, FuncRef, Scope, dotted, module_name
from . import Hit, PythonContext, python_detector

DYNAMIC = "<dynamic>"  # the attribute part of getattr(x, computed)
# Interpreter internals (`__globals__`, `__subclasses__`, `__code__`) reach
# anything: a glob such as `math.*` never vouches for them, only an exact entry.
ORDINARY_DUNDERS = frozenset({"__init__", "__call__", "__len__", "__getitem__", "__iter__", "__next__", "__enter__",
                              "__exit__", "__name__", "__version__", "__doc__", "__contains__"})


class _Vouch:
    def __init__(self, ctx: PythonContext, catalogue: Catalogue):
        self.ctx, self.r, self.cat = ctx, ctx.resolver, catalogue
        self.seen: set[tuple[str, str]] = set()
        # Top-level module names: a module reached as another module's attribute
        # (`torch.os`, `numpy.ctypeslib.ctypes`) must be vouched as itself too.
        self.tops = frozenset(sys.stdlib_module_names) | {p.split(".")[0] for p in catalogue.modules.exact} | {
            p.split(".")[0] for _, p, _ in catalogue.modules.globs}

    def hit(self, rule: str, name: str, node: cst.CSTNode) -> Iterator[Hit]:
        if (rule, name) not in self.seen:
            self.seen.add((rule, name))
            yield Hit(rule, self.ctx.path, node=node, details={"name": name})

    def own(self, name: str) -> bool:
        """The job's own class, function or module: its code is analysed where it is."""
        program = self.r.program
        return name.startswith(("<class>", ".")) or (program is not None and program.is_job_module(name))

    def vouched(self, name: str, call: cst.Call | None, scope: Scope) -> bool:
        base, paren, rest = name.partition("()")
        if paren:  # a member of a call result: an entry that says so, or members the catalogue lists
            return bool(self.cat.entries(name)) or all(m in self.cat.members for m in called_members(rest))
        parts = name.split(".")
        entries = self.cat.apis.exact.get(name, []) if internals(name) else self.cat.entries(name)
        if call is None:
            entries = [e for e in entries if not e.where]
        elif entries:
            entries = [e for e in entries if all(holds(self.r, call, scope, c, strict=True) for c in e.where)]
        if not entries:
            return False
        for i in range(1, len(parts) - 1):  # a module passed through: something is reached inside it
            if parts[i] in self.tops and not self.cat.module(".".join(parts[: i + 1])):
                return self.vouched(".".join(parts[i:]), call, scope)
        return True

    def names(self, values: frozenset) -> Iterator[str]:
        for v in sorted(x for x in values if isinstance(x, str)):
            if v == OVERFLOW or not self.own(v) or internals(v):
                yield v

    def check(self, values: frozenset, call: cst.Call | None, node: cst.CSTNode, scope: Scope) -> Iterator[Hit]:
        for name in self.names(values):
            if name == OVERFLOW:
                yield from self.hit("unvouched.unresolved", dotted(node) or "an expression", node)
            elif call is None and ("()" in name or self.cat.module(name)):
                # A call's result or data read off it (the call was checked where it was made), or a
                # catalogued module handed on as a value (what is called on it is checked there).
                continue
            elif not self.vouched(name, call, scope):
                yield from self.hit("unvouched.api", name, node)

    def imports(self) -> Iterator[Hit]:
        for use in self.r.imports:
            node = use.node
            if isinstance(node, cst.Import):
                modules = [module_name(a.name) for a in node.names]
            else:
                modules = [self.r.absolute(module_name(node.module, node.relative))]
            for m in modules:
                if not self.own(m) and not self.cat.module(m):
                    yield from self.hit("unvouched.import", m, node)

    def calls(self) -> Iterator[Hit]:
        for use in self.r.calls:
            call, scope = use.node, use.scope
            yield from self.unbound(call.func, scope)
            values = self.r.values(call.func, scope)
            if any(isinstance(v, str) for v in values):
                yield from self.check(values, call, call.func, scope)
                yield from self.dynamic_getattr(call, values, scope)
            elif isinstance(call.func, cst.Attribute) and not values and self.unknown(call.func.value, scope):
                member = call.func.attr.value
                if member not in self.cat.members:
                    yield from self.hit("unvouched.member", member, call.func)

    def unknown(self, receiver: cst.BaseExpression, scope: Scope) -> bool:
        """A receiver the gate knows nothing of: not a constant, not the job's own."""
        values = self.r.values(receiver, scope)
        return not any(isinstance(v, (str, FuncRef, Const)) for v in values)

    def dynamic_getattr(self, call: cst.Call, values: frozenset, scope: Scope) -> Iterator[Hit]:
        """getattr(x, computed) reaches any attribute of x: x.* must be vouched whole."""
        if "builtins.getattr" not in values or len(call.args) < 2 or self.r.constants(call.args[1].value, scope):
            return
        for owner in self.names(self.r.values(call.args[0].value, scope)):
            if owner != OVERFLOW and not self.vouched(f"{owner}.{DYNAMIC}", None, scope):
                yield from self.hit("unvouched.api", f"getattr({owner}, ?)", call)

    def unbound(self, chain: cst.BaseExpression, scope: Scope) -> Iterator[Hit]:
        """`os.system(...)` in a file that binds no `os` works only once another
        module has injected the name: it resolves by its spelling, and is reported."""
        root = chain
        while isinstance(root, cst.Attribute):
            root = root.value
        if isinstance(root, cst.Name) and not self.r.is_bound(root.value, scope):
            yield from self.hit("unvouched.unbound-name", root.value, root)

    def loads(self) -> Iterator[Hit]:
        for use in self.r.loads:
            yield from self.unbound(use.node, use.scope)
            yield from self.check(self.r.values(use.node, use.scope), None, use.node, use.scope)


def internals(name: str) -> bool:
    return any(p.startswith("__") and p.rstrip("()") not in ORDINARY_DUNDERS for p in name.split(".")[1:])


def called_members(rest: str) -> list[str]:
    """The methods called along `.a.b().c` (after a call result): b and c.
    Attributes read on the way (`.a`, `outputs.loss`) run no code of their own."""
    pieces = rest.split("()")
    return [p.rsplit(".", 1)[-1] for p in pieces if p.strip(".")]


@python_detector("vouch")
def vouch(ctx: PythonContext) -> Iterator[Hit]:
    v = _Vouch(ctx, load_catalogue(ctx.policy))
    yield from v.imports()
    yield from v.calls()
    yield from v.loads()
