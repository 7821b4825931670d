"""MONAI bundle configs the job ships, judged as the Python monai.bundle.ConfigParser runs for them
(analyzer/engine/monai_bundles.py): every `$` expression, `_target_` component and reference, at the
config's lines, by the same rules and catalogue as the job's Python. What is not translated (a macro
copied from another file, pdb, text that is not Python, an unreadable file, a `_target_` named at load time,
an expression's reference to an item the file does not hold) is left to a reviewer.
"""

from __future__ import annotations

import re
from typing import Iterator

import libcst as cst

from .. import monai_bundles
from ...model import Finding
from ..resolve import Resolver, Scope
from ..sketch import sketch
from . import FileContext, Hit, PythonContext, file_detector, python_detector


@file_detector("monai-bundle")
def monai_bundle(ctx: FileContext) -> Iterator[Hit | Finding]:
    for e in ctx.content.files:
        data = ctx.content.data.get(e.path)
        if data is None or not monai_bundles.is_bundle_config(e.path):
            continue
        bundle = monai_bundles.read(e.path, data)
        for line, what in bundle.problems:
            yield Hit("unvouched.monai-bundle", e.path, line, details={"name": what})
        if bundle.statements:
            yield from ctx.python_findings(e.path, bundle.python())


# What a job's Python stores into a ConfigParser it builds (session 54): ConfigParser evaluates any string value
# that starts with `$` (config_item.py ConfigExpression.is_expression) and instantiates whatever a `_target_` names,
# so a value built at run time there is code the gate never read, as with eval.
_PARSERS = frozenset({"monai.bundle.ConfigParser()", "monai.bundle.config_parser.ConfigParser()"})
_ID_SEPARATORS = re.compile(r"#|::")


@python_detector("monai-config-store")
def monai_config_store(ctx: PythonContext) -> Iterator[Hit]:
    """`parser["net#_target_"] = name`, `parser["go"] = "$" + text`, `parser.set({...}, "id")`, `parser.update({...})`
    on a ConfigParser: a `$` expression built at run time, or a `_target_` the gate cannot fold, rejects; any other
    store is left to the reviewer ConfigParser itself asks for (unvouched)."""
    r = ctx.resolver
    for use in r.stores:
        target = use.node
        if isinstance(target, cst.Subscript) and use.value is not None and _parser(r, target.value, use.scope) \
                and len(target.slice) == 1 and isinstance(target.slice[0].slice, cst.Index):
            key = _text(r, target.slice[0].slice.value, use.scope)
            yield from _judged(ctx, key, use.value, use.scope, target)
    for use in r.calls:
        call, func = use.node, use.node.func
        if not isinstance(func, cst.Attribute) or func.attr.value not in ("set", "update", "__setitem__") or \
                not _parser(r, func.value, use.scope):
            continue
        if func.attr.value == "update":
            pairs = _arg(call, 0, "pairs")
            if isinstance(pairs, cst.Dict):
                yield from _items(ctx, "", pairs, use.scope, call)
            continue
        value, key = (_arg(call, 1, "config"), _arg(call, 0, "id")) if func.attr.value == "__setitem__" else \
            (_arg(call, 0, "config"), _arg(call, 1, "id"))
        if value is not None:
            yield from _judged(ctx, _text(r, key, use.scope) if key is not None else "", value, use.scope, call)


def _parser(r: Resolver, node: cst.BaseExpression, scope: Scope) -> bool:
    return bool(r.names(node, scope) & _PARSERS)


def _arg(call: cst.Call, position: int, keyword: str) -> cst.BaseExpression | None:
    for a in call.args:
        if a.keyword is not None and a.keyword.value == keyword:
            return a.value
    positional = [a for a in call.args if a.keyword is None and not a.star]
    return positional[position].value if position < len(positional) else None


def _text(r: Resolver, node: cst.BaseExpression, scope: Scope) -> str | None:
    consts = r.constants(node, scope)
    return consts[0] if len(consts) == 1 and isinstance(consts[0], str) else None


def _judged(ctx: PythonContext, key: str | None, value: cst.BaseExpression, scope: Scope,
            node: cst.CSTNode) -> Iterator[Hit]:
    r = ctx.resolver
    if isinstance(value, cst.Dict):
        yield from _items(ctx, key or "", value, scope, node)
        return
    if _text(r, value, scope) is not None or r.constants(value, scope) and len(r.values(value, scope)) == 1:
        return  # a value the gate reads (a literal `$` text is ConfigParser's, left to a reviewer)
    if key is not None and _ID_SEPARATORS.split(key)[-1] == "_target_":
        yield Hit("dynamic-code.monai-config-code", ctx.path, node=node,
                  details={"name": f"a `_target_` ({key}) named at run time"})
    elif _expression(r, value, scope):
        yield Hit("dynamic-code.monai-config-code", ctx.path, node=node,
                  details={"name": f"a `$` expression{f' ({key})' if key else ''} built at run time"})


def _items(ctx: PythonContext, prefix: str, display: cst.Dict, scope: Scope, node: cst.CSTNode) -> Iterator[Hit]:
    for el in display.elements:
        if not isinstance(el, cst.DictElement):
            continue  # `**other`: what it holds is left to the reviewer ConfigParser asks for
        key = _text(ctx.resolver, el.key, scope)
        yield from _judged(ctx, f"{prefix}#{key}" if prefix and key else key, el.value, scope, node)


def _expression(r: Resolver, value: cst.BaseExpression, scope: Scope) -> bool:
    """Whether a text built at run time starts with `$`: read as threat patterns read one (sketch.py), an
    f-string by its first literal part (the sketch counts only what folds as known)."""
    if isinstance(value, cst.FormattedString):
        first = value.parts[0] if value.parts else None
        return isinstance(first, cst.FormattedStringText) and first.value.startswith("$")
    return any(line.startswith("$") for line in (sketch(r, value, scope) or "").splitlines())  # a binding a line
