"""Packers: code shipped in a form the gate cannot read, unpacked at run time.

- PyArmor (and its older pytransform runtime): a module whose body is
  `__pyarmor__(__name__, __file__, b'...')` decrypts and runs bytecode nobody
  reviewed. Its telltales are names and strings, so a regex over the source
  finds them (the call itself resolves to nothing the gate knows).
- Code objects built or unmarshalled at run time and then run:
  `types.FunctionType(marshal.loads(blob), globals())()`,
  `exec(types.CodeType(...))`, `f.__code__ = marshal.loads(blob)`: bytecode
  carried as data, the way packers and droppers ship it. A function made
  from `compile(text)` (`FunctionType(compile(s, "", "exec"), {})()`) is
  exec under another name (GuardDog's and apiiro's functiontype cases).
"""

from __future__ import annotations

import re
from typing import Iterator

import libcst as cst

from ..resolve import dotted
from . import Hit, PythonContext, python_detector
from .obfuscation import origins

_PYARMOR = re.compile(r"__pyarmor(_enter|_exit|_assert)?(__)?|pyarmor_runtime\w*|\bpytransform\b|__armor_(enter|exit|wrap)__")
_CODE_RUNNERS = frozenset({"types.FunctionType", "types.LambdaType", "builtins.exec", "builtins.eval",
                           "types.MethodType"})
_CODE_MAKERS = frozenset({"marshal.loads", "marshal.load", "types.CodeType", "builtins.bytes.fromhex"})
# Runners that turn any code object into a callable: compile's output counts there
# (exec and eval of a string are dynamic-code.eval-exec already).
_FUNCTION_MAKERS = frozenset({"types.FunctionType", "types.LambdaType"})


@python_detector("packer-runtime")
def packer_runtime(ctx: PythonContext) -> Iterator[Hit]:
    if "armor" not in ctx.source and "pytransform" not in ctx.source:
        return  # a pure shortcut: each of _PYARMOR's forms holds one of the two words, and the regex costs more
    m = _PYARMOR.search(ctx.source)
    if m is not None:
        line = ctx.source.count("\n", 0, m.start()) + 1
        yield Hit("packers.pyarmor", ctx.path, line, m.start() - ctx.source.rfind("\n", 0, m.start()) - 1,
                  details={"name": m.group(0)})


def _built_code(ctx: PythonContext, node: cst.CSTNode, scope, makers: frozenset = _CODE_MAKERS) -> str | None:
    """The call that made a code object this expression may be computed from, if any."""
    r = ctx.resolver
    for expr, sc in origins(r, node, scope, limit=80):
        if isinstance(expr, cst.Call):
            names = r.names(expr.func, sc)
            made = names & makers
            if made - {"builtins.bytes.fromhex"}:
                return sorted(made)[0]
            if isinstance(expr.func, cst.Attribute) and expr.func.attr.value == "replace" \
                    and isinstance(expr.func.value, cst.Attribute) and expr.func.value.attr.value == "__code__":
                return "__code__.replace"
    return None


@python_detector("code-object")
def code_object(ctx: PythonContext) -> Iterator[Hit]:
    # No search of the source's text first: `getattr(builtins, "com" + "pile")` spells none of the makers' names.
    r = ctx.resolver
    for use in r.calls:
        names = r.names(use.node.func, use.scope) & _CODE_RUNNERS
        if not names or not use.node.args:
            continue
        makers = _CODE_MAKERS | {"builtins.compile"} if names & _FUNCTION_MAKERS else _CODE_MAKERS
        made = _built_code(ctx, use.node.args[0].value, use.scope, makers)
        if made is not None:
            yield Hit("packers.code-object", ctx.path, node=use.node,
                      details={"name": f"{sorted(names)[0]}({made}(...))"})
    for use in r.stores:
        target = use.node
        if isinstance(target, cst.Attribute) and target.attr.value == "__code__" and use.value is not None:
            made = _built_code(ctx, use.value, use.scope) or "an assigned code object"
            yield Hit("packers.code-object", ctx.path, node=target,
                      details={"name": f"{dotted(target) or '__code__'} = {made}"})
