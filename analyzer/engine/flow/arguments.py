"""Arguments: what a script's command-line options may hold, read from the command lines the job's configs give it.

`args.n` after `args = parser.parse_args()` holds what argparse makes of the command line NVFlare starts the script
with, and the job's configs are what say which (detectors/configs.py `command_lines`, handed over as
Program.command_lines): a job folder that launches no script through its configs gives the gate no command line at
all. The gate rebuilds the parser the module declares from its literal `add_argument` calls and runs each command
line through the standard library's argparse itself, so that abbreviations (`--num 9` for `--num_clients`), `--n=3`,
a repeated option, types and defaults come out as they will at the site.

The flow (roles.py) asks for shares of the site's rows that the job's arguments size: a random split's size
(`train_test_split(x, test_size=args.test)`) that is a share the gate vouches for (gradients.py `coarse_share`:
twentieths from a tenth to nine tenths) for every command line (roles.py `fraction`), and a site's stride
(`Subset(ds, range(k, len(ds), n))`, calls.py: strided_partition). `np.array_split(x, n)[k]`
is not one: its parts round up where slices round down, so a part and a slice of the same share differ by one row.

An option may hold anything (None) when the unit's configs do not list every command line, or the gate cannot be
sure the parser is the one it rebuilt: it must be built in a function and named there only to add literal options
(in the function's own body, not under a test or in a loop) and to parse `sys.argv` (`parse_args()`), or be
returned to callers that only parse with it. Options with `nargs`, `const`, an action other than store and
store_true/false, a type other than int, float and str, `parents=`, `fromfile_prefix_chars` (arguments read from a
file), `set_defaults`, groups and subparsers are not rebuilt. A command line that argparse refuses (an unknown
option, `-h`) gives no values: a script that catches the SystemExit goes on with values of its own choosing. The
namespace must be read only (`args.n = 10**6`, `f(args)`, `vars(args)`: anything).
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import weakref
from typing import TYPE_CHECKING, Callable

import libcst as cst

from ..resolve import FuncRef, Resolver, Scope, children
from . import gradients
from .syntax import _argument, _return_values

if TYPE_CHECKING:  # pragma: no cover
    from argparse import ArgumentParser

MAX_VALUES = 64  # values one expression may fold to (a product of options' values)
MAX_DEPTH = 8  # names and calls followed to fold one expression
_PARSER = "argparse.ArgumentParser"
# ArgumentParser keywords that change nothing of what a command line parses to (add_help and allow_abbrev do:
# they are handed to the rebuilt parser)
_PARSER_KEYWORDS = frozenset({"description", "prog", "usage", "epilog", "formatter_class", "add_help", "allow_abbrev"})
_HANDED = frozenset({"add_help", "allow_abbrev"})
# add_argument keywords rebuilt as they are; `help` and `metavar` change no value, `choices` only refuses some (the
# values the gate lists are then a superset)
_OPTION_KEYWORDS = frozenset({"default", "dest", "required", "action"})
_IGNORED_KEYWORDS = frozenset({"help", "metavar", "choices"})
_TYPES = {"builtins.int": int, "builtins.float": float, "builtins.str": str}
_ACTIONS = frozenset({"store", "store_true", "store_false"})
# what the function that builds the parser may do with it besides adding options
_PARSING = frozenset({"parse_args"})
_HARMLESS = frozenset({"print_help", "print_usage", "format_help", "format_usage"})


class _Refused(Exception):
    """argparse refused a command line, or was asked to exit (`-h`)."""


@functools.cache
def _replica() -> type[ArgumentParser]:
    """The class of a rebuilt parser. argparse is imported only when a job's command lines reach a parser: most
    jobs' never do, and a small job's scan pays for every module imported."""
    import argparse

    class _Replica(argparse.ArgumentParser):
        """The module's parser, rebuilt: raises where the script would exit, prints nothing."""

        def error(self, message: str):  # type: ignore[override]
            raise _Refused(message)

        def exit(self, status: int = 0, message: str | None = None):  # type: ignore[override]
            raise _Refused(message or f"exit {status}")

        def _print_message(self, message: str, file=None) -> None:
            return None

    return _Replica


def values(r: Resolver, node: cst.BaseExpression, scope: Scope, depth: int = 0) -> frozenset | None:
    """Every value `node` may hold: a literal, an option of the command line, a name every binding of which is one
    of these, `max`/`min` and `+ - * //` of them; None when the gate cannot list them."""
    if depth > MAX_DEPTH:
        return None
    if isinstance(node, (cst.Integer, cst.Float, cst.SimpleString)) or \
            (isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus)):
        consts = r.constants(node, scope)
        return frozenset(consts) if len(consts) == 1 else None
    if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name):
        return _option(r, node.value, node.attr.value, scope)
    if isinstance(node, cst.Name):
        bound = gradients.assignments(r, scope, node.value)
        if not bound:
            return _passed(r, scope, node.value, depth) if gradients.parameter(r, scope, node.value) else None
        out: set = set()
        for value, where in bound:
            got = values(r, value, where, depth + 1)
            if got is None:
                return None
            out |= got
        return _bounded(out)
    if isinstance(node, cst.Call) and r.names(node.func, scope) in ({"builtins.max"}, {"builtins.min"}):
        pick = max if r.names(node.func, scope) == {"builtins.max"} else min
        return _combine(r, [a.value for a in node.args if a.keyword is None and not a.star], len(node.args), scope,
                        depth, lambda *xs: pick(xs))
    if isinstance(node, cst.BinaryOperation):
        op = _ARITHMETIC.get(node.operator.__class__)
        return _combine(r, [node.left, node.right], 2, scope, depth, op) if op is not None else None
    return None


_ARITHMETIC = {cst.Add: lambda a, b: a + b, cst.Subtract: lambda a, b: a - b, cst.Multiply: lambda a, b: a * b,
               cst.FloorDivide: lambda a, b: a // b}


def _combine(r: Resolver, operands: list, arity: int, scope: Scope, depth: int, op) -> frozenset | None:
    if not operands or len(operands) != arity:
        return None
    sets = [values(r, o, scope, depth + 1) for o in operands]
    if any(s is None or not all(_number(v) for v in s) for s in sets):
        return None
    size = 1
    for s in sets:
        size *= len(s)
    if size > MAX_VALUES:
        return None
    try:
        return _bounded({op(*combo) for combo in itertools.product(*sets)})
    except (ArithmeticError, OverflowError):  # `n // 0`: the script fails there, the gate says nothing
        return None


def _number(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _bounded(out: set) -> frozenset | None:
    return frozenset(out) if out and len(out) <= MAX_VALUES else None


def _passed(r: Resolver, scope: Scope, name: str, depth: int) -> frozenset | None:
    """Every value the module's calls pass a parameter of its function (or its default when one passes none)."""
    given = passed(r, scope, name)
    if given is None:
        return None
    out: set = set()
    for node, where in given:
        got = values(r, node, where, depth + 1)
        if got is None:
            return None
        out |= got
    return _bounded(out)


def passed(r: Resolver, scope: Scope, name: str) -> list[tuple[cst.BaseExpression, Scope]] | None:
    """What each of the module's calls passes the parameter `name` of the function `scope` is in (or its default
    when one passes none), with the scope it is read in: the function is a plain one of the module, only ever
    called by its name here, and named by no other module. None when the gate cannot list them all."""
    s = r.binding_scope(name, scope)
    fn = s.node if s is not None else None
    if not isinstance(fn, cst.FunctionDef) or fn.decorators or s.parent is None or s.parent.is_class or \
            isinstance(fn.params.star_arg, cst.Param) or fn.params.star_kwarg is not None:
        return None
    positional = [*fn.params.posonly_params, *fn.params.params]
    param = next((p for p in (*positional, *fn.params.kwonly_params) if p.name.value == name), None)
    title = fn.name.value
    if param is None or r.program is None or r.program.mentioning(title, r.path) or not _only_called(r, title):
        return None
    position = positional.index(param) if param in positional else None
    out = []
    for use in r.calls:
        call = use.node
        if not (isinstance(call.func, cst.Name) and call.func.value == title):
            continue
        if [v for v in r.values(call.func, use.scope) if not (isinstance(v, FuncRef) and v.node is fn)]:
            return None  # the name holds another function here
        if any(a.star for a in call.args):
            return None
        given = [a.value for a in call.args if a.keyword is not None and a.keyword.value == name]
        ordered = [a.value for a in call.args if a.keyword is None]
        if position is not None and position < len(ordered):
            given.append(ordered[position])
        if len(given) == 1:
            out.append((given[0], use.scope))
        elif not given and param.default is not None:
            out.append((param.default, s.parent))
        else:
            return None
    return out


def only_decorates(r: Resolver, name: str) -> bool:
    """Every mention of the function `name` in the module defines it or decorates a definition (`@timed`), and no
    other module of the job names it: it is called only where the gate applies it, with the function it decorates
    (Frame.decorated), never by code the gate cannot follow."""
    if r.program is not None and r.program.mentioning(name, r.path):
        return False
    return all((isinstance(parent, cst.FunctionDef) and parent.name is node) or
               (isinstance(parent, cst.Decorator) and parent.decorator is node) for node, parent, _ in _uses(r, r.module, name))


def _only_called(r: Resolver, name: str) -> bool:
    """Every mention of the function `name` in the module defines it or calls it (`name(...)`)."""
    return all((isinstance(parent, cst.FunctionDef) and parent.name is node) or
               (isinstance(parent, cst.Call) and parent.func is node) for node, parent, _ in _uses(r, r.module, name))


def fractions(r: Resolver, scope: Scope, node: cst.BaseExpression) -> bool:
    """Every value `node` may hold for every command line is a share the gate vouches for (coarse_share)."""
    got = values(r, node, scope)
    return got is not None and all(isinstance(v, float) and gradients.coarse_share(v) for v in got)


def strided_partition(r: Resolver, scope: Scope, call: cst.Call, partitions: Callable[[str], bool]) -> bool:
    """`Subset(ds, range(k, len(ds), n))` (`partitions`; also `list(range(...))`, or a name every binding of which
    is one): every n-th row of the dataset from the k-th, a site's share as `x[k::n]` would be, with n and k what
    the job's command lines make of them, every 1/n a share on coarse_share's grid (n in 2, 4, 5, 10) and every k
    below every n (`range(9, m, 2)` and `range(7, m, 2)` differ by two rows). It keeps a tenth of the rows or more,
    whichever rows the data has. A stride or an offset the gate cannot list (a bare script, a site's position in a
    list: `sites.index(name)`), another stride (`--num-sites 100000` is one row) and a partition cut to a count
    (`indices[:max_samples]`: two jobs with caps 1000 and 999 differ by one row) are rows chosen."""
    names = r.names(call.func, scope)
    dataset, indices = _argument(call, 0, "dataset"), _argument(call, 1, "indices")
    if not names or not all(map(partitions, names)) or dataset is None or indices is None:
        return False
    return _strided(r, scope, indices, dataset, 0) and _positions_kept(r)


_POSITIONS = "indices"  # what a Subset reads its rows by (torch/utils/data/dataset.py Subset.indices)
_BY_NAME = ("setattr", "__setattr__", "__dict__", "vars")  # stores the resolver does not read as `.attr = v`


def _positions_kept(r: Resolver) -> bool:
    """No module of the job names an `.indices` attribute (`p.indices = [7]`, `p.indices[:] = [7]`, `i = p.indices`:
    a Subset's positions rewritten after the stride) or stores an attribute by its name (attributes_kept)."""
    return attributes_kept(r, (_POSITIONS,))


def attributes_kept(r: Resolver, attrs: tuple[str, ...], by_name: tuple[str, ...] = _BY_NAME) -> bool:
    """No module of the job names one of `attrs` as an attribute (`crit.reduction = "none"`) or stores an attribute
    by its name (setattr, `__dict__`, vars(): `by_name`). Matched by spelling, whatever object it is on."""
    words = (*attrs, *by_name)
    others = [m for w in words for m in r.program.mentioning(w, r.path)] if r.program is not None else []
    modules = {id(m): m for m in (r, *others)}.values()
    return not any(_spelled(m, a, True) for m in modules for a in attrs) and \
        not any(_spelled(m, w, False) for m in modules for w in by_name)


def _spelled(r: Resolver, word: str, attribute: bool) -> bool:
    """Whether the module names `word` (as an attribute: `o.word`), found once per module and word (r.derived)."""
    memo = r.derived.setdefault(_spelled, {})
    key = (word, attribute)
    if key not in memo:
        memo[key] = any(not attribute or (isinstance(parent, cst.Attribute) and parent.attr is node)
                        for node, parent, _ in _uses(r, r.module, word))
    return memo[key]


def _strided(r: Resolver, scope: Scope, node: cst.BaseExpression, dataset: cst.BaseExpression, depth: int) -> bool:
    if depth > MAX_DEPTH:
        return False
    if isinstance(node, cst.Name):
        bound = gradients.assignments(r, scope, node.value)
        return bool(bound) and all(_strided(r, where, value, dataset, depth + 1) for value, where in bound)
    if not isinstance(node, cst.Call) or any(a.star or a.keyword for a in node.args):
        return False
    called = r.names(node.func, scope)
    if called == {"builtins.list"} and len(node.args) == 1:
        return _strided(r, scope, node.args[0].value, dataset, depth + 1)
    if called != {"builtins.range"} or len(node.args) != 3:
        return False
    start, stop, step = (a.value for a in node.args)
    every = isinstance(stop, cst.Call) and r.names(stop.func, scope) == {"builtins.len"} and len(stop.args) == 1 \
        and stop.args[0].value.deep_equals(dataset)
    offsets, strides = values(r, start, scope), values(r, step, scope)
    return every and offsets is not None and strides is not None and \
        all(_whole_number(v) for v in offsets | strides) and min(offsets) >= 0 and \
        max(offsets) < min(strides) and all(gradients.coarse_share(1 / n) for n in strides)


def _whole_number(v: object) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


# ---- the namespace and its options ---------------------------------------------------------------------------


def _option(r: Resolver, namespace: cst.Name, dest: str, scope: Scope) -> frozenset | None:
    """What `namespace.dest` may hold: the namespace is what one rebuilt parser parsed, and is only read."""
    bound = gradients.assignments(r, scope, namespace.value)
    if not bound or not _read_only(r, namespace.value):
        return None
    out: set = set()
    for value, where in bound:
        parser = _parsed_by(r, value, where, 0)
        options = _options(r, parser) if parser is not None else None
        if options is None or dest not in options:
            return None
        out |= options[dest]
    return frozenset(out)


def _parsed_by(r: Resolver, node: cst.BaseExpression, scope: Scope, depth: int) -> _Builder | None:
    """The function whose parser `node` is the parse of: `p.parse_args()` with `p` built there, `define().parse_args()`
    with `define` returning it, or a call of a function every return of which is one of these (the same parser)."""
    if depth > MAX_DEPTH or not isinstance(node, cst.Call):
        return None
    func = node.func
    if isinstance(func, cst.Attribute) and func.attr.value in _PARSING and not node.args:
        return _builder(r, func.value, scope, depth + 1)
    if node.args:
        return None
    refs = [v for v in r.values(func, scope)]
    if len(refs) != 1 or not isinstance(refs[0], FuncRef) or not isinstance(refs[0].node, cst.FunctionDef) or \
            id(refs[0].node) not in r.scope_of:
        return None
    inner = r.scope_of[id(refs[0].node)]
    return _one(_returned_parse(r, v, inner, depth + 1) for v in _return_values(refs[0].node))


def _returned_parse(r: Resolver, node, scope: Scope, depth: int) -> _Builder | None:
    if isinstance(node, cst.Name):  # `args = p.parse_args(); return args`
        bound = gradients.assignments(r, scope, node.value)
        return _one(_parsed_by(r, v, where, depth + 1) for v, where in bound) if bound else None
    return _parsed_by(r, node, scope, depth)


def _one(builders) -> _Builder | None:
    """The one parser all of them name, or None."""
    found = set(builders)
    return found.pop() if len(found) == 1 and None not in found else None


def _builder(r: Resolver, parser: cst.BaseExpression, scope: Scope, depth: int) -> _Builder | None:
    """The function that builds the parser `parser` names: a name bound in it to `argparse.ArgumentParser(...)`,
    or `define()` of a function that returns such a name (and that the module only ever calls to parse)."""
    if isinstance(parser, cst.Name):
        bound = gradients.assignments(r, scope, parser.value)
        if not bound or len(bound) != 1 or scope.node is r.module or not isinstance(scope.node, cst.FunctionDef):
            return None
        value, where = bound[0]
        if where is not scope or not isinstance(value, cst.Call) or r.names(value.func, scope) != {_PARSER}:
            return None
        return _Builder(scope.node, parser.value) if _kept_in(r, scope.node, parser.value) else None
    if isinstance(parser, cst.Call) and not parser.args and depth <= MAX_DEPTH:
        refs = list(r.values(parser.func, scope))
        if len(refs) != 1 or not isinstance(refs[0], FuncRef) or id(refs[0].node) not in r.scope_of or \
                not isinstance(parser.func, cst.Name) or not _only_parsed(r, parser.func.value):
            return None
        inner = r.scope_of[id(refs[0].node)]
        returns = _return_values(refs[0].node)
        return _one(_builder(r, v, inner, depth + 1) for v in returns) if returns else None
    return None


def _kept_in(r: Resolver, fn: cst.FunctionDef, name: str) -> bool:
    """The parser `name` of `fn` is only given literal options in the function's own body before it is first
    parsed or returned, parsed, or returned."""
    stores = _stores(r)
    body = list(fn.body.body) if isinstance(fn.body, cst.IndentedBlock) else []
    done = next((i for i, s in enumerate(body) if _parses_or_returns(s, name)), len(body))
    for node, parent, grand in _uses(r, fn, name):
        if id(node) in stores or isinstance(parent, cst.Return):
            continue  # its one binding (gradients.assignments), or handed to callers that only parse
        if not (isinstance(parent, cst.Attribute) and parent.value is node and isinstance(grand, cst.Call)
                and grand.func is parent):
            return False
        method = parent.attr.value
        if method == "add_argument":
            if not any(isinstance(s, cst.SimpleStatementLine) and any(
                    isinstance(b, cst.Expr) and b.value is grand for b in s.body) for s in body[:done]):
                return False  # under a test, in a loop or after parsing: the parse may not have seen it as built
        elif method not in _PARSING | _HARMLESS:
            return False
    return True


def _parses_or_returns(statement: cst.CSTNode, name: str) -> bool:
    todo = [statement]
    while todo:
        n = todo.pop()
        if isinstance(n, cst.Return) or (isinstance(n, cst.Attribute) and n.attr.value in _PARSING and
                                         isinstance(n.value, cst.Name) and n.value.value == name):
            return True
        todo.extend(children(n))
    return False


def _only_parsed(r: Resolver, name: str) -> bool:
    """Every mention of the function `name` in the module is `name().parse_args()`."""
    for node, parent, grand in _uses(r, r.module, name):
        if isinstance(parent, cst.FunctionDef) and parent.name is node:
            continue
        if not (isinstance(parent, cst.Call) and parent.func is node and not parent.args and
                isinstance(grand, cst.Attribute) and grand.attr.value in _PARSING):
            return False
    return True


def _read_only(r: Resolver, name: str) -> bool:
    """Every mention of the namespace's name in the module reads an option (`args.n`, not `args.__dict__`), binds
    the name, or returns it: nothing writes into it or hands it to code that could."""
    stores = _stores(r)
    for node, parent, _ in _uses(r, r.module, name):
        if id(node) in stores:
            continue  # the binding itself (judged by gradients.assignments)
        if isinstance(parent, cst.Return):
            continue
        if not (isinstance(parent, cst.Attribute) and parent.value is node and parent.attr.value != "__dict__"
                and id(parent) not in stores):
            return False
    return True


def _uses(r: Resolver, root: cst.CSTNode, name: str):
    """(Name node, parent, grandparent) of every mention of `name` under `root` (every scope: conservative)."""
    for node, parent, grand in _family(r):
        if node.__class__ is cst.Name and node.value == name and (root is r.module or _within(r, node, root)):
            yield node, parent, grand


def _derived(r: Resolver, kind: type):
    """The module's `kind` (built from the resolver once, kept with it)."""
    known = r.derived.get(kind)
    if known is None:
        known = r.derived[kind] = kind(r)
    return known


def _within(r: Resolver, node: cst.CSTNode, root: cst.CSTNode) -> bool:
    inside = _derived(r, _Inside)
    members = inside.of.get(id(root))
    if members is None:
        members = inside.of[id(root)] = set()
        todo = [root]
        while todo:
            n = todo.pop()
            members.add(id(n))
            todo.extend(children(n))
    return id(node) in members


class _Inside:
    def __init__(self, r: Resolver) -> None:
        self.of: dict[int, set[int]] = {}


def _family(r: Resolver) -> list[tuple[cst.CSTNode, cst.CSTNode | None, cst.CSTNode | None]]:
    """(node, parent, grandparent) of every Name of the module, walked once."""
    return _derived(r, _Family).names


class _Family:
    def __init__(self, r: Resolver):
        self.names: list = []
        todo: list = [(r.module, None, None)]
        while todo:
            node, parent, grand = todo.pop()
            if node.__class__ is cst.Name:
                self.names.append((node, parent, grand))
            todo.extend((c, node, parent) for c in children(node))


def _stores(r: Resolver) -> set[int]:
    """Every node inside a target the module assigns, deletes, augments or loops over."""
    return _derived(r, _Stores).ids


class _Stores:
    def __init__(self, r: Resolver):
        self.ids: set[int] = set()
        todo: list = [r.module]
        while todo:
            node = todo.pop()
            targets: list = []
            if isinstance(node, cst.Assign):
                targets = [t.target for t in node.targets]
            elif isinstance(node, (cst.AugAssign, cst.AnnAssign, cst.Del, cst.For, cst.CompFor, cst.NamedExpr)):
                targets = [node.target]
            elif isinstance(node, cst.WithItem) and node.asname is not None:
                targets = [node.asname.name]
            for t in targets:
                stack = [t]
                while stack:
                    n = stack.pop()
                    self.ids.add(id(n))
                    stack.extend(children(n))
            todo.extend(children(node))


def _argv_kept(r: Resolver) -> bool:
    """No module of the job changes the command line before it is parsed: `sys.argv` is only ever read one item at
    a time (`sys.argv[1]`), never bound to another name, handed on, written or grown (`sys.argv[1:] = [...]`,
    `a = sys.argv; a += [...]`). This module's findings then depend on every module of the job."""
    program = r.program
    kept = _KEPT.get(program)
    if kept is None:
        paths = sorted({p for found in program.modules.values() for p in found})
        kept = _KEPT[program] = all((m := program.resolver(p)) is not None and _reads_argv_only(m) for p in paths)
        _KEPT_PATHS[program] = paths
    program.edges.setdefault(r.path, set()).update(p for p in _KEPT_PATHS[program] if p != r.path)
    return kept


_KEPT: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # Program -> _argv_kept
_KEPT_PATHS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # Program -> the modules it read
_ARGV = "sys.argv"


def _reads_argv_only(r: Resolver) -> bool:
    stores = _stores(r)
    reads = {id(u.node.value) for u in r.subscripts if isinstance(u.node, cst.Subscript) and id(u.node) not in stores}
    for uses in (r.loads, r.stores, r.calls, r.references, r.subscripts):
        for u in uses:
            parts = (u.node, u.node.func) if isinstance(u.node, cst.Call) else \
                (u.node, u.node.value) if isinstance(u.node, cst.Subscript) else (u.node,)
            for node in parts:
                if id(node) not in reads and any(n == _ARGV or n.startswith(_ARGV + ".") for n in r.names(node, u.scope)):
                    return False
    return True


# ---- the rebuilt parser ----------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _Builder:
    """A parser: the function that builds it and the name it is bound to there."""

    fn: cst.FunctionDef = dataclasses.field(hash=False, compare=False)
    name: str
    key: int = 0  # id(fn)

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", id(self.fn))


def _options(r: Resolver, builder: _Builder) -> dict[str, frozenset] | None:
    """dest -> every value the parser gives it over the job's command lines; None when the gate cannot rebuild the
    parser or list the command lines, or argparse refuses one of them."""
    cache = _derived(r, _Parsed)
    if builder not in cache.of:
        cache.of[builder] = _parse_all(r, builder)
    return cache.of[builder]


class _Parsed:
    def __init__(self, r: Resolver) -> None:
        self.of: dict[_Builder, dict[str, frozenset] | None] = {}


def _parse_all(r: Resolver, builder: _Builder) -> dict[str, frozenset] | None:
    lines = r.program.command_lines if r.program is not None else None
    parser = _rebuild(r, builder) if lines and _argv_kept(r) else None
    if parser is None:
        return None
    import argparse

    out: dict[str, set] = {}
    for argv in lines:
        try:
            parsed = parser.parse_args(list(argv))
        except (_Refused, argparse.ArgumentError, ValueError, TypeError):
            return None
        for dest, value in vars(parsed).items():
            out.setdefault(dest, set()).add(value)
    return {dest: frozenset(v) for dest, v in out.items()}


def _rebuild(r: Resolver, builder: _Builder) -> ArgumentParser | None:
    """The parser, from its one `argparse.ArgumentParser(...)` and its literal `add_argument` calls, in the order of
    the function's body (_kept_in decided that they all run, and that nothing else adds to it)."""
    scope = r.scope_of[id(builder.fn)]
    (construction, _), = gradients.assignments(r, scope, builder.name)
    built = _keywords(r, construction, scope, _PARSER_KEYWORDS)
    if built is None:
        return None
    calls = [b.value for s in builder.fn.body.body if isinstance(s, cst.SimpleStatementLine) for b in s.body
             if isinstance(b, cst.Expr) and isinstance(b.value, cst.Call) and isinstance(b.value.func, cst.Attribute)
             and b.value.func.attr.value == "add_argument" and isinstance(b.value.func.value, cst.Name)
             and b.value.func.value.value == builder.name]
    import argparse

    try:
        parser = _replica()(prog="job", exit_on_error=False, **{k: v for k, v in built.items() if k in _HANDED})
        for call in calls:
            if not _add(r, parser, call, scope):
                return None
    except (argparse.ArgumentError, ValueError, TypeError):
        return None
    return parser


def _add(r: Resolver, parser: ArgumentParser, call: cst.Call, scope: Scope) -> bool:
    flags = []
    for a in call.args:
        if a.keyword is None:
            consts = r.constants(a.value, scope) if not a.star else []
            if len(consts) != 1 or not isinstance(consts[0], str):
                return False
            flags.append(consts[0])
    kwargs = _keywords(r, call, scope, _OPTION_KEYWORDS | _IGNORED_KEYWORDS | {"type"})
    if kwargs is None or not flags:
        return False
    kwargs = {k: v for k, v in kwargs.items() if k not in _IGNORED_KEYWORDS}
    if "action" in kwargs and kwargs["action"] not in _ACTIONS:
        return False
    kind = next((a.value for a in call.args if a.keyword is not None and a.keyword.value == "type"), None)
    if kind is not None:
        names = r.names(kind, scope)
        if len(names) != 1 or next(iter(names)) not in _TYPES:
            return False
        kwargs["type"] = _TYPES[next(iter(names))]
    parser.add_argument(*flags, **kwargs)
    return True


def _keywords(r: Resolver, call: cst.Call, scope: Scope, allowed: frozenset) -> dict | None:
    """The call's keyword arguments, each one literal constant (`type` and `formatter_class` are read apart)."""
    out = {}
    for a in call.args:
        if a.keyword is None:
            continue
        key = a.keyword.value
        if a.star or key not in allowed:
            return None
        if key in ("type", "formatter_class"):
            continue
        if key in _IGNORED_KEYWORDS:
            continue
        consts = r.constants(a.value, scope)
        if len(consts) != 1:
            return None
        out[key] = consts[0]
    return None if any(a.star for a in call.args) else out
