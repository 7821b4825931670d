"""Strings that typing evaluates as code, outside the annotations the gate reads as code.

typing turns a string it is handed as a type into a forward reference, and `typing.get_type_hints`
(called by the job, by `functools.singledispatch().register`, by dataclass-based argument parsers)
evaluates it with eval(). String annotations are read as code before parsing (annotations.py);
here, the other ways a string becomes a type:

- a string item of a subscript of a typing form or a builtin generic (`Alias = List["..."]`, later
  an annotation), or a field type given to typing's factories (`NamedTuple("C", [("lr", "...")])`),
  that is not a type expression (names, dotted names, subscripts and `|` of them, constants,
  lists and tuples of them) is code hidden from the gate: `dynamic-code.forward-reference`;
- what the job puts into an `__annotations__` mapping is what get_type_hints evaluates: every use
  of one but a read (`for k, t in C.__annotations__.items()`, `C.__annotations__[k]`, `k in ...`)
  is `dynamic-code.annotations-write`, for a person to look at. A string is such a use when it is the
  name or a part of a dotted name (`getattr(f, "__annotations__")`, `attrgetter("f.__annotations__")`);
  a message or docstring that mentions the word names no object;
- get_type_hints reads annotations the gate never saw when it is handed anything but a class or def the
  gate read (a class type() built from a namespace, an instance whose `__dict__` the job filled, a def
  update_wrapper gave another object's annotations), or a class whose body starts from a mapping the job's
  metaclass makes or changes (`__prepare__`, `__new__`, `__init__`): `dynamic-code.annotations-unread` (red team 38b: a key
  `"__annot" + "ations__"`, or a metaclass's `__prepare__` returning a JSON file's mapping, reached eval).
"""

from __future__ import annotations

import ast
from typing import Iterator

import libcst as cst

from ..resolve import Const, Decorated, FuncRef, Resolver, Scope
from . import Hit, PythonContext, python_detector

_TYPING = ("typing.", "typing_extensions.", "collections.abc.", "collections.")
_GENERIC_BUILTINS = frozenset({"builtins.list", "builtins.dict", "builtins.tuple", "builtins.set",
                               "builtins.frozenset", "builtins.type"})
# typing's factories of types from strings (the name of the type itself is an identifier: a type expression).
_FACTORIES = frozenset({f"{m}.{n}" for m in ("typing", "typing_extensions")
                        for n in ("NamedTuple", "TypedDict", "NewType", "ForwardRef", "TypeVar")} | {"dataclasses.make_dataclass"})
_TYPE_NODES = (ast.Expression, ast.Name, ast.Attribute, ast.Subscript, ast.Tuple, ast.List, ast.Constant,
               ast.BinOp, ast.BitOr, ast.Load, ast.Starred)
# Forms whose string items are values, not types: a Literal's, and Annotated's notes after the type.
_VALUE_FORMS = (".Literal",)
_NOTED_FORMS = (".Annotated",)
_ANNOTATIONS = "__annotations__"
_READS = frozenset({"items", "keys", "values", "get", "copy", "__getitem__", "__contains__", "__len__", "__iter__"})


def type_expression(text: str) -> bool:
    """Whether a forward reference only names types (evaluating it calls nothing the job wrote down)."""
    try:
        tree = ast.parse(text.strip(), mode="eval")
        return all(isinstance(n, _TYPE_NODES) and not (isinstance(n, ast.BinOp) and not isinstance(n.op, ast.BitOr))
                   and not (isinstance(n, ast.Attribute) and n.attr.startswith("__")) for n in ast.walk(tree))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return True  # typing cannot compile it either: it raises before anything runs


_CONTAINERS = (cst.List, cst.Tuple, cst.Set, cst.Dict)


def _strings(r: Resolver, node: cst.BaseExpression, scope: Scope) -> Iterator[str]:
    """The strings an expression may be, looking into literal lists, tuples, sets and dict values,
    also through the names bound to them (`FIELDS = [...]; NamedTuple("C", FIELDS)`)."""
    todo, seen = [(node, scope)], set()
    while todo:
        item, where = todo.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, _CONTAINERS):
            todo.extend((e.value, where) for e in item.elements)
        elif isinstance(item, cst.Name):
            bound = [b for b in r.bindings(item.value, where) if isinstance(b, tuple)]
            todo.extend(b for b in bound if isinstance(b[0], _CONTAINERS))
        yield from (v for v in r.constants(item, where) if isinstance(v, str))


def _typing_form(names: set[str]) -> bool:
    """typing's forms and builtin generics themselves: an instance (`OrderedDict()["content-type"]`) is no form.
    The job's own classes are not read: the resolver names a class and its instance (`self["a-b"]`) alike."""
    return any((n.startswith(_TYPING) or n in _GENERIC_BUILTINS) and "()" not in n for n in names)


@python_detector("forward-reference")
def forward_reference(ctx: PythonContext) -> Iterator[Hit]:
    r = ctx.resolver
    for use in r.subscripts:
        items = [e.slice.value for e in use.node.slice if isinstance(e.slice, cst.Index)]
        forms = r.names(use.node.value, use.scope)
        if not items or not _typing_form(forms) or any(f.endswith(_VALUE_FORMS) for f in forms):
            continue
        yield from _code_strings(ctx, use.node, items[:1] if any(f.endswith(_NOTED_FORMS) for f in forms) else items,
                                 use.scope)
    for use in r.calls:
        if _FACTORIES & r.names(use.node.func, use.scope):
            yield from _code_strings(ctx, use.node, [a.value for a in use.node.args], use.scope)


def _code_strings(ctx: PythonContext, node: cst.CSTNode, items: list[cst.BaseExpression],
                  scope: Scope) -> Iterator[Hit]:
    for item in items:
        for text in _strings(ctx.resolver, item, scope):
            if not type_expression(text):
                yield Hit("dynamic-code.forward-reference", ctx.path, node=node, details={"name": text[:120]})
                return


# Calls that reach an attribute by a name given as a string: (their names, the index of that string).
_BY_NAME = {"builtins.getattr": 1, "builtins.setattr": 1, "builtins.delattr": 1, "operator.attrgetter": 0}
_LITERALS = (cst.SimpleString, cst.ConcatenatedString)  # the text's own strings: the ast walk below reads them


def _folded_names(r: Resolver) -> Iterator[tuple[cst.CSTNode, str]]:
    """(node, name) of each `__annotations__` named by a string the text does not spell whole:
    `getattr(f, "__annot" + "ations__")`, `vars(f)[KEY]`: the resolver folds it, and it is any use."""
    keys = [(use.node, use.node.slice[0].slice.value, use.scope) for use in r.subscripts
            if len(use.node.slice) == 1 and isinstance(use.node.slice[0].slice, cst.Index)]
    for use in r.calls:
        at = next((i for n, i in _BY_NAME.items() if n in r.names(use.node.func, use.scope)), None)
        if at is not None and len(use.node.args) > at:
            keys.append((use.node, use.node.args[at].value, use.scope))
    for node, key, scope in keys:
        if isinstance(key, (*_LITERALS, cst.Integer)):
            continue
        name = next((c for c in r.constants(key, scope) if isinstance(c, str) and _ANNOTATIONS in c.split(".")), None)
        if name is not None:
            yield node, name


@python_detector("annotations-write")
def annotations_write(ctx: PythonContext) -> Iterator[Hit]:
    for node, name in _folded_names(ctx.resolver):
        yield Hit("dynamic-code.annotations-write", ctx.path, node=node, details={"name": name})
    if _ANNOTATIONS not in ctx.source:
        return  # a pure shortcut: each name the walk below matches spells the word in the text
    try:
        tree = ast.parse(ctx.source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):  # the screen parsed it: not expected
        yield Hit("dynamic-code.annotations-write", ctx.path, details={"name": _ANNOTATIONS})
        return
    parents: dict[int, ast.AST] = {}
    for parent in ast.walk(tree):
        for child in ast.iter_child_nodes(parent):
            parents[id(child)] = parent
    for node in ast.walk(tree):
        if _names_annotations(node) and not _read(node, parents):
            yield Hit("dynamic-code.annotations-write", ctx.path, node.lineno, node.col_offset,
                      details={"name": ast.get_source_segment(ctx.source, parents.get(id(node), node)) or _ANNOTATIONS})


# typing's readers that evaluate every string in an object's annotations.
_HINT_READERS = frozenset({"typing.get_type_hints", "typing_extensions.get_type_hints"})
_WRAPPERS = frozenset({"functools.update_wrapper", "functools.wraps"})  # copy `__annotations__` by default
_FACTORY_RESULTS = frozenset(f"{f}()" for f in _FACTORIES)


@python_detector("annotations-unread")
def annotations_unread(ctx: PythonContext) -> Iterator[Hit]:
    r = ctx.resolver
    rewrapped = {id(v.node) for use in r.calls if _WRAPPERS & r.names(use.node.func, use.scope) and use.node.args
                 for v in r.values(use.node.args[0].value, use.scope) if isinstance(v, FuncRef)}
    for use in r.calls:
        if use.node.args and _HINT_READERS & r.names(use.node.func, use.scope) \
                and not _hints_read(r, use.node.args[0].value, use.scope, rewrapped, MAX_ALIASES):
            yield Hit("dynamic-code.annotations-unread", ctx.path, node=use.node,
                      details={"name": cst.Module([]).code_for_node(use.node.args[0].value)[:120]})
    for bodies in r.class_scopes.values():
        for body in bodies:
            for kw in body.node.keywords:
                if kw.keyword is not None and kw.keyword.value == "metaclass" \
                        and not all(_library_name(v) or _plain_metaclass(r, v)
                                    for v in r.values(kw.value, body.parent) or {None}):
                    yield Hit("dynamic-code.annotations-unread", ctx.path, node=kw,
                              details={"name": cst.Module([]).code_for_node(kw)[:120]})


def _hints_read(r: Resolver, node: cst.BaseExpression, scope: Scope, rewrapped: set[int], depth: int) -> bool:
    """Whether every value of `node` holds annotations the gate read: a def or class statement (a library
    decorator hands the class back), or a library's class, function or module. A name is judged where it
    is bound: `@dataclass class C` reads as the class the decorator returns, in the job's other modules too."""
    if isinstance(node, cst.Name) and depth > 0 and r.bindings(node.value, scope):
        return all(_binding_read(r, b, scope, rewrapped, depth - 1) for b in r.bindings(node.value, scope))
    values = r.values(node, scope)
    return bool(values) and all(_value_read(r, v, scope, rewrapped, depth - 1) for v in values)


def _binding_read(r: Resolver, binding: object, scope: Scope, rewrapped: set[int], depth: int) -> bool:
    if not isinstance(binding, tuple):  # a value: a class's or an import's name, a FuncRef
        return _value_read(r, binding, scope, rewrapped, depth)
    bound, where = binding  # an expression or a marker (Decorated), and the scope it is read in
    if isinstance(bound, cst.CSTNode):
        return _hints_read(r, bound, where, rewrapped, depth)
    return _value_read(r, bound, where, rewrapped, depth)


def _value_read(r: Resolver, value: object, scope: Scope, rewrapped: set[int], depth: int) -> bool:
    if isinstance(value, FuncRef):
        return id(value.node) not in rewrapped
    if isinstance(value, Decorated):
        return all(_library_name(d) and not d.startswith("functools.wraps") for d in r.values(value.decorator, scope))
    if not isinstance(value, str) or "()" in value:
        # typing's factories (NamedTuple("Row", [...])): their field types are judged where they are given
        return value in _FACTORY_RESULTS  # else an instance, what a call returned (type(), SimpleNamespace())
    own = r.program.own_attribute(value, r.path) if r.program is not None else None
    return own is None or depth > 0 and all(_hints_read(there, cst.Name(attr), there.root, rewrapped, depth - 1)
                                            for there, attr in own)


# What a metaclass runs with the class body's namespace before the class exists (or with the class at once).
_NAMESPACE_HOOKS = frozenset({"__prepare__", "__new__", "__init__"})


def _plain_metaclass(r: Resolver, value: object) -> bool:
    """A metaclass of this module that neither it nor a class of the job it derives from gives a hook on the
    namespace (`__instancecheck__` alone is judged where it runs)."""
    todo, seen = [value], set()
    while todo:
        q = todo.pop()
        if not isinstance(q, str):
            return False  # a function (it returns any class), a value the gate does not know
        if q in seen:
            continue
        seen.add(q)
        if q.startswith("<"):
            bodies = r.class_scopes.get(q)
            if not bodies or any(_NAMESPACE_HOOKS & body.bindings.keys() for body in bodies):
                return False
            todo += [b for base, where in r.class_bases.get(q, ()) for b in r.values(base, where)]
    return True


def _library_name(value: object) -> bool:
    return isinstance(value, str) and not value.startswith("<")


def _names_annotations(node: ast.AST) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == _ANNOTATIONS) \
        or (isinstance(node, ast.Name) and node.id == _ANNOTATIONS) \
        or (isinstance(node, ast.keyword) and node.arg == _ANNOTATIONS) \
        or (isinstance(node, ast.Constant) and isinstance(node.value, str) and _ANNOTATIONS in node.value.split("."))


def _read(node: ast.AST, parents: dict[int, ast.AST]) -> bool:
    """Only looked at: a method that reads, an item loaded, a membership test, a loop over it."""
    if isinstance(node, (ast.Constant, ast.keyword)):  # getattr(f, "__annotations__"), attrgetter("f.__annotations__"),
        return False  # setattr, vars(f)[...], dict(__annotations__=...): any use of the name
    if not isinstance(getattr(node, "ctx", None), ast.Load):
        return False
    parent = parents.get(id(node))
    if isinstance(parent, ast.Attribute) and parent.attr in _READS:
        return isinstance(parents.get(id(parent)), ast.Call) and parents[id(parent)].func is parent
    if isinstance(parent, ast.Subscript) and parent.value is node:
        return isinstance(parent.ctx, ast.Load)
    if isinstance(parent, ast.Compare):
        return node is not parent.left and all(isinstance(op, (ast.In, ast.NotIn)) for op in parent.ops)
    return isinstance(parent, (ast.For, ast.comprehension)) and parent.iter is node


# Calls whose result is a type (`T = TypeVar("T")`); any other call's result in an annotation is a value.
_TYPE_MAKERS = ("typing.", "typing_extensions.", "collections.namedtuple(", "enum.")
MAX_ALIASES = 8  # aliases of aliases followed (`A = B; B = List[C]`); deeper is unknown


@python_detector("annotation-value")
def annotation_value(ctx: PythonContext) -> Iterator[Hit]:
    """An annotation is evaluated when the def or class body runs, and typing.get_type_hints evaluates
    a string it holds with eval(): `def f(x: text)` with `text` read from a file is code from data.
    Every name in an annotation, or in a field type handed to typing's factories, must be a type the
    gate can tell (a class, a module's attribute, a typing form, an alias of those, a string that is
    a type expression)."""
    r = ctx.resolver
    types = [(use.node, use.scope) for use in r.annotations]
    types += [(a.value, use.scope) for use in r.calls if _FACTORIES & r.names(use.node.func, use.scope)
              for a in use.node.args if a.keyword is None]  # NamedTuple("C", [("lr", text)]): a field type
    for node, scope in types:
        leaf = _untold_leaf(r, node, scope, MAX_ALIASES)
        if leaf is not None:
            yield Hit("dynamic-code.annotation-value", ctx.path, node=node, details={"name": leaf})


def _untold_leaf(r: Resolver, node: cst.BaseExpression, scope: Scope, depth: int) -> str | None:
    """The first name or dotted chain of a type expression whose value is not known to be a type."""
    todo = [node]
    while todo:
        item = todo.pop()
        if isinstance(item, Decorated):  # `@dataclass class Config` bound to Config: what a library decorator returns
            decorators = r.values(item.decorator, scope)
            told = bool(decorators) and all(isinstance(v, str) and not v.startswith("<") for v in decorators)
            if not told:
                return cst.Module([]).code_for_node(item.decorator)[:120]
            continue
        if isinstance(item, (cst.Name, cst.Attribute)):
            told = _a_type(r, item, scope, depth)
        elif isinstance(item, (cst.SimpleString, cst.ConcatenatedString)):
            told = all(_type_value(Const(v)) for v in r.constants(item, scope))
        elif isinstance(item, cst.Subscript):
            told = all(isinstance(e.slice, cst.Index) for e in item.slice)
            forms = r.names(item.value, scope)
            items = [e.slice.value for e in item.slice if isinstance(e.slice, cst.Index)]
            if any(f.endswith(_VALUE_FORMS) for f in forms):
                items = []  # Literal["a + b"]: values, never evaluated
            elif any(f.endswith(_NOTED_FORMS) for f in forms):
                items = items[:1]  # Annotated[int, Field(gt=0)]: the notes are values
            todo.extend([item.value, *items])
        elif isinstance(item, cst.BinaryOperation):
            told = isinstance(item.operator, cst.BitOr)
            todo.extend((item.left, item.right))
        elif isinstance(item, (cst.Tuple, cst.List, cst.Dict)):  # a factory's fields: ("lr", float), {"lr": float}
            told = not any(isinstance(e, (cst.StarredElement, cst.StarredDictElement)) for e in item.elements)
            todo.extend(e.value for e in item.elements if not isinstance(e, cst.StarredDictElement))
        else:  # a number, `...`; or a call, a lambda, a comprehension, a value the resolver marks: a value
            told = isinstance(item, (cst.Integer, cst.Float, cst.Ellipsis))
        if not told:
            return cst.Module([]).code_for_node(item)[:120] if isinstance(item, cst.CSTNode) else type(item).__name__
    return None


def _a_type(r: Resolver, node: cst.Name | cst.Attribute, scope: Scope, depth: int) -> bool:
    values = r.values(node, scope)
    told = [v for v in values if _type_value(v)]
    if values and len(told) == len(values):
        return True
    if depth <= 0 or not isinstance(node, cst.Name):
        return False
    # An alias (`Vec = List[float]`) the resolver does not evaluate is read as a type expression; a
    # binding that is a name counts as the value it evaluated to, or, imported from the job's module
    # (`from types_ import Batch`), as that module binds it.
    bound = r.bindings(node.value, scope)
    return bool(bound) and all(_untold_leaf(r, b[0], b[1], depth - 1) is None if isinstance(b, tuple)
                               else b in told or _told_where_bound(r, b, depth - 1) for b in bound)


def _told_where_bound(r: Resolver, name: object, depth: int) -> bool:
    own = r.program.own_attribute(name, r.path) if isinstance(name, str) and r.program is not None else None
    return own is not None and all(_untold_leaf(there, cst.Name(attr), there.root, depth) is None
                                   for there, attr in own)


def _type_value(value: object) -> bool:
    if isinstance(value, str):  # a class, a module's attribute, or what a typing factory made
        return "()" not in value or value.startswith(_TYPE_MAKERS)
    if isinstance(value, Const):
        return not isinstance(value.value, str) or type_expression(value.value)
    return isinstance(value, FuncRef)
