"""Names the gate cannot resolve, and writes into modules and namespaces.

`globals()[key]` or `sys.modules[name]` with a computed name can reach any
function; the gate cannot say which, so the job goes to a person. A computed
`getattr` on a module is the capability catalogue's to judge (vouch.py).
"""

from __future__ import annotations

import re
import string
from typing import Iterator

from _string import formatter_field_name_split

import libcst as cst

from ..resolve import Const, Resolver, Scope
from . import Hit, PythonContext, python_detector
from .obfuscation import origins
from .text_code import CODE_PAYLOAD
from .vouch import internal_attribute

# Objects whose items are names of the running program.
_NAMESPACES = ("builtins.globals()", "builtins.locals()", "builtins.vars()", "sys.modules", "builtins")


def _module_like(name: str) -> bool:
    """A qualified name from an import (a module or module attribute), not a value."""
    return "()" not in name and not name.startswith(("<class>", "."))


def _trusted(name: str, prefixes: tuple[str, ...]) -> bool:
    dotted = name + "."
    return any(dotted.startswith(p if p.endswith(".") else p + ".") for p in prefixes)


def _namespace(names: set[str]) -> str | None:
    for n in sorted(names):
        if n in _NAMESPACES or n.endswith(".__dict__"):
            return n
    return None


def _is_dynamic(resolver: Resolver, node: cst.BaseExpression, scope: Scope) -> bool:
    return not resolver.constants(node, scope)


def _subscript_key(node: cst.Subscript) -> cst.BaseExpression | None:
    if len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
        return node.slice[0].slice.value
    return None


@python_detector("unresolved-names")
def unresolved_names(ctx: PythonContext) -> Iterator[Hit]:
    # `getattr(module, computed)` is the catalogue's to judge (detectors/vouch.py):
    # it is fine only where every attribute of the module is vouched for.
    r = ctx.resolver
    for use in r.subscripts:
        key = _subscript_key(use.node)
        if key is None or not _is_dynamic(r, key, use.scope):
            continue
        space = _namespace(r.names(use.node.value, use.scope))
        if space is not None:
            yield Hit("dynamic-code.unresolved-name", ctx.path, node=use.node, details={"name": f"{space}[?]"})


def _constant_value(r: Resolver, node: cst.BaseExpression | None, scope: Scope) -> bool:
    values = r.values(node, scope) if node is not None else frozenset()
    return bool(values) and all(isinstance(v, Const) for v in values)


# Patching these changes what the gate and NVFlare themselves rely on.
_CRITICAL_OWNERS = ("builtins", "nvflare", "importlib", "sys.modules", "sys.meta_path", "sys.path_hooks")


def _patch_rule(owner: str) -> str:
    if any(owner == o or owner.startswith(o + ".") for o in _CRITICAL_OWNERS):
        return "dynamic-code.namespace-write"
    return "dynamic-code.module-patch"


@python_detector("namespace-write")
def namespace_write(ctx: PythonContext) -> Iterator[Hit]:
    r, trusted = ctx.resolver, ctx.policy.trusted_modules
    for use in r.stores:
        target = use.node
        if isinstance(target, cst.Attribute) and target.attr.value == "__class__" and \
                not _own_instance(r, target.value, use.scope):
            # `tok.__class__ = Tok`: a library's object runs the job's methods where the gate reads the library's
            # (red team 54a: a tokenizer swapped after from_pretrained() kept the library's vouched __call__)
            yield Hit("dynamic-code.module-patch", ctx.path, node=target, details={"name": "an object's __class__"})
            continue
        if isinstance(target, cst.Subscript):
            space = _namespace(r.names(target.value, use.scope))
            if space is not None:
                yield Hit("dynamic-code.namespace-write", ctx.path, node=target, details={"name": f"{space}[...] ="})
            continue
        owners = [n for n in r.names(target.value, use.scope) if _module_like(n)]
        for owner in sorted(owners):
            name = f"{owner}.{target.attr.value}"
            # Setting a flag of a trusted library (torch.backends.cudnn.benchmark = True) is configuration;
            # replacing anything in builtins, nvflare or an untrusted module is a patch.
            if _trusted(owner, trusted) and not owner.startswith(("nvflare", "builtins")) \
                    and _constant_value(r, use.value, use.scope):
                continue
            yield Hit(_patch_rule(owner), ctx.path, node=target, details={"name": name})
            break
    for use in r.calls:
        call = use.node
        yield from _namespace_method_write(ctx, call, use.scope)
        if "builtins.setattr" not in r.names(call.func, use.scope) or not call.args:
            continue
        if len(call.args) > 1 and "__class__" in {v.value for v in r.values(call.args[1].value, use.scope)
                                                  if isinstance(v, Const)}:
            yield Hit("dynamic-code.module-patch", ctx.path, node=call, details={"name": "an object's __class__"})
            continue
        owners = [n for n in r.names(call.args[0].value, use.scope) if _module_like(n)]
        constant = len(call.args) >= 3 and _constant_value(r, call.args[2].value, use.scope)
        for owner in sorted(owners):
            if _trusted(owner, trusted) and not owner.startswith(("nvflare", "builtins")) and constant:
                continue
            yield Hit(_patch_rule(owner), ctx.path, node=call, details={"name": f"setattr({owner}, ...)"})
            break


def _namespace_method_write(ctx: PythonContext, call: cst.Call, scope: Scope) -> Iterator[Hit]:
    """`p.__dict__.update(memory=share)` on a library's object or module writes its attributes as
    `p.__dict__["memory"] = share` does (the job's own classes' `self.__dict__.update(kw)` aside)."""
    func = call.func
    if not isinstance(func, cst.Attribute) or func.attr.value not in ("update", "setdefault", "__setitem__"):
        return
    space = _namespace(ctx.resolver.names(func.value, scope))
    owner = func.value.value if isinstance(func.value, cst.Attribute) and func.value.attr.value == "__dict__" else None
    if owner is not None and (_own_instance(ctx.resolver, owner, scope) or any(
            n.startswith("<class>") for n in ctx.resolver.names(owner, scope))):
        return  # the job's own object: its class's code is analysed as the job's
    if space is not None:
        yield Hit("dynamic-code.namespace-write", ctx.path, node=call, details={"name": f"{space}.{func.attr.value}(...)"})


def _own_instance(r: Resolver, owner: cst.BaseExpression, scope: Scope) -> bool:
    """`self` (or `cls`) as Python binds it, whatever it is called: the first parameter of a plain or class
    method of the job's class, never rebound (a module-level `self = Pipeline()` is a library object)."""
    s = r.binding_scope(owner.value, scope) if isinstance(owner, cst.Name) else None
    fn = s.node if s is not None else None
    if not isinstance(fn, cst.FunctionDef) or s.parent is None or not s.parent.is_class or any(
            not (isinstance(d.decorator, cst.Name) and d.decorator.value == "classmethod") for d in fn.decorators):
        return False
    params = [*fn.params.posonly_params, *fn.params.params]
    return bool(params) and params[0].name.value == owner.value and len(s.bindings[owner.value]) == 1


# Interpreter internals that reach objects without naming them: the classic
# sandbox escape `().__class__.__bases__[0].__subclasses__()` finds Popen,
# `f.__globals__["os"]` or a frame's `f_globals` reach any module or builtin; a function's `__defaults__` and
# `__kwdefaults__` hand out what it was defined with and rebind a library's own defaults
# (`torch.load.__kwdefaults__["weights_only"] = False`).
_INTERNALS = re.compile(r"\b(__subclasses__|__globals__|__code__|__closure__|__defaults__|__kwdefaults__|f_globals|"
                        r"f_locals|f_builtins|f_back|"
                        r"tb_frame|gi_frame|cr_frame|ag_frame|_getframe|currentframe)\b")


@python_detector("introspection")
def introspection(ctx: PythonContext) -> Iterator[Hit]:
    # A pure shortcut for the regex below (every one of its words holds "__", "frame" or "f_"); this rule reads
    # the source's own words, and a name folded at run time is the resolver's (subclass-walk, unvouched.member).
    if "__" not in ctx.source and "frame" not in ctx.source and "f_" not in ctx.source:
        return
    for number, line in enumerate(ctx.source.splitlines(), 1):
        m = _INTERNALS.search(line)
        if m is not None and not line.lstrip().startswith("#"):
            yield Hit("dynamic-code.introspection", ctx.path, number, m.start(1), details={"name": m.group(1)})


# What a receiver of `__subclasses__()` walks up to: the root of every class, reached from any value.
_CLASS_ROOTS = frozenset({"__base__", "__bases__", "__mro__"})


def _walks_to_root(r: Resolver, receiver: cst.BaseExpression, scope: Scope) -> bool:
    """`object.__subclasses__()`, `().__class__.__base__.__subclasses__()` (also through a name bound to
    the base): every class the interpreter loaded, Popen included; a job's own registry walks its own class."""
    for n, s in origins(r, receiver, scope):
        if isinstance(n, cst.Attribute) and n.attr.value in _CLASS_ROOTS:
            return True
        if isinstance(n, (cst.Name, cst.Attribute)) and r.names(n, s) & {"builtins.object", "builtins.type"}:
            return True
    return False


@python_detector("subclass-walk")
def subclass_walk(ctx: PythonContext) -> Iterator[Hit]:
    r = ctx.resolver  # no search of the source's text first: a name folded at run time spells no `__subclasses__`
    for use in r.calls:
        methods, receiver = r.attribute_read(use.node.func, use.scope)
        if "__subclasses__" in methods and _walks_to_root(r, receiver, use.scope):
            yield Hit("dynamic-code.subclass-walk", ctx.path, node=use.node, details={"name": "__subclasses__()"})


# `template.format(obj)` reads attributes and items of its arguments as the template says
# (`{0.__init__.__globals__[os].environ}`); str.format(t, ...) and string.Formatter take it first,
# and logging.Formatter(fmt, style="{") formats each record (and its `extra=` objects) with it.
_FORMAT_METHODS = ("format", "format_map", "vformat")
_TEMPLATE_FIRST = ("builtins.str", "string.Formatter()")
# A formatter's template keyword, style keyword and whether both are also its first and third positional
# arguments (a subclass's `super().__init__(fmt, style="{")` runs logging.Formatter's constructor).
_LOG_FORMATTERS = {"logging.Formatter": ("fmt", "style", True), "logging.Formatter().__init__": ("fmt", "style", True),
                   "logging.basicConfig": ("format", "style", False)}
# Builtins that show or inspect what they are given, never call it (`print(args.format)`, an option).
_SHOWN = frozenset({"builtins.print", "builtins.str", "builtins.repr", "builtins.isinstance", "builtins.type",
                    "builtins.callable", "builtins.hasattr", "builtins.len", "builtins.id", "builtins.bool"})
# An instance of a class (`logging.Formatter()`, the job's `<class>.Report()`): its own format method.
_INSTANCE = re.compile(r"(^|\.)[A-Z]\w*\(\)$")


def _log_template(r: Resolver, call: cst.Call, scope: Scope) -> cst.BaseExpression | None:
    """The template a logging formatter is given, when its style may be "{"."""
    for name in r.names(call.func, scope):
        keywords = _LOG_FORMATTERS.get(name)
        if keywords is None:
            continue
        template_kw, style_kw, by_position = keywords
        args = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
        positional = [a.value for a in call.args if a.keyword is None] if by_position else []
        template = args.get(template_kw, positional[0] if positional else None)
        style = args.get(style_kw, positional[2] if len(positional) > 2 else None)
        braces = style is not None and not (_constant_value(r, style, scope) and "{" not in r.constants(style, scope))
        if template is not None and (braces or any(a.star for a in call.args)):
            return template
    return None


def _method_template(r: Resolver, receiver: cst.BaseExpression, scope: Scope,
                     args: list[cst.Arg]) -> cst.BaseExpression | None:
    """The template of `receiver.format(*args)`, or None when the receiver is an object with a format method
    of its own."""
    owners = r.names(receiver, scope)
    if any(o in _TEMPLATE_FIRST for o in owners):
        template = args[0].value if args else None
    elif owners and all(_INSTANCE.search(o) for o in owners):
        return None  # a class's own format (logging.Formatter().format(record), the job's own class)
    else:
        template = receiver  # a str: written in the code, or read, stripped, joined at run time
    return template


def _taken_methods(r: Resolver) -> Iterator[tuple[cst.CSTNode, cst.BaseExpression | None, Scope]]:
    """A template's format method called where no `.format(...)` is spelled: by name (`getattr(t,
    "format")`), handed to a call that calls it (`map(t.format_map, rows)`), or through a name bound to
    it (`fmt = t.format; fmt(m)`, whose template is then known only by the method's name: None)."""
    for use in r.calls:
        node, func = use.node, use.node.func
        if len(node.args) >= 2 and "builtins.getattr" in r.names(func, use.scope) and \
                set(r.constants(node.args[1].value, use.scope)) & set(_FORMAT_METHODS):
            yield node, _method_template(r, node.args[0].value, use.scope, []), use.scope
        if not r.names(func, use.scope) <= _SHOWN:
            for a in node.args:
                if isinstance(a.value, cst.Attribute) and a.value.attr.value in _FORMAT_METHODS:
                    yield a.value, _method_template(r, a.value.value, use.scope, []), use.scope
        if not isinstance(func, cst.Attribute):
            receivers = [n.rpartition(".")[0] for n in r.names(func, use.scope)
                         if n.rpartition(".")[2] in _FORMAT_METHODS]
            if any(not _INSTANCE.search(o) and o not in _TEMPLATE_FIRST for o in receivers):
                yield node, func, use.scope


@python_detector("format-template")
def format_template(ctx: PythonContext) -> Iterator[Hit]:
    # No search of the source's text first: `getattr(t, "fo" + "rmat")` spells no "format" (_taken_methods reads it).
    r = ctx.resolver
    found = list(_taken_methods(r))
    for use in r.calls:
        func = use.node.func
        if isinstance(func, cst.Attribute) and func.attr.value in _FORMAT_METHODS:
            found.append((use.node, _method_template(r, func.value, use.scope, list(use.node.args)), use.scope))
        else:
            found.append((use.node, _log_template(r, use.node, use.scope), use.scope))
    for node, template, scope in found:
        if template is None:
            continue
        if not _constant_value(r, template, scope):
            yield Hit("dynamic-code.format-template", ctx.path, node=node,
                      details={"name": ctx.module.code_for_node(template)[:80]})
            continue
        # Written in the code, perhaps in pieces no line shows whole (`"{0." + SEP + "globals" + SEP + "}"`).
        reached = next(filter(None, (_reaching_attribute(c) for c in r.constants(template, scope))), None)
        if reached is not None:
            yield Hit("dynamic-code.format-reach", ctx.path, node=node, details={"name": reached})


def _reaching_attribute(template: object) -> str | None:
    """The first attribute a '{' format template's fields read that reaches interpreter internals
    (`{0.__globals__[os].environ}`), in nested fields of a format spec too."""
    if not isinstance(template, str):
        return None
    try:
        for _, field, spec, _ in string.Formatter().parse(template):
            if field is not None:
                for is_attribute, part in formatter_field_name_split(field)[1]:
                    if is_attribute and internal_attribute(part):
                        return part
            if spec and "{" in spec:
                nested = _reaching_attribute(spec)
                if nested is not None:
                    return nested
    except ValueError:  # str.format raises on it: nothing is read
        return None
    return None


_COMPILERS = frozenset({"compile", "builtins.compile"})


@python_detector("compile-payload")
def compile_payload(ctx: PythonContext) -> Iterator[Hit]:
    """compile() of a code string that runs a shell or a program or reaches Python's internals (text_code's
    CODE_PAYLOAD: `os.system(`, `subprocess.X(`, `__import__(`, `__builtins__` ...): the code object is made to be
    run, and what it would run is in the string (GuardDog's code-execution tests: `vars(__builtins__)['compile']
    ("os.system('rm -rf /')", ...)` had escalated as dynamic-code.compile)."""
    r = ctx.resolver
    for use in r.calls:
        call = use.node
        if not r.names(call.func, use.scope) & _COMPILERS:
            continue
        source = next((a.value for a in call.args if a.keyword is not None and a.keyword.value == "source"), None)
        if source is None and call.args and call.args[0].keyword is None and not call.args[0].star:
            source = call.args[0].value
        if source is None:
            continue
        for text in r.constants(source, use.scope):
            if isinstance(text, bytes):
                text = text.decode("latin-1")
            found = CODE_PAYLOAD.search(text) if isinstance(text, str) else None
            if found is not None:
                yield Hit("dynamic-code.compile-payload", ctx.path, node=call,
                          details={"name": found.group(0).strip(), "code": text[:120]})
                break
