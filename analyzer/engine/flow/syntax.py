"""Questions about the job's syntax that the flow analysis asks (what a call, a subscript or a
function is), answered from the libcst tree and the resolver's names alone."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Callable

import libcst as cst

from ..resolve import FuncRef, Iterated, Kinds, Resolver, Scope, children
from . import gradients
from .names import (
    _AGG_NAMES, _CONSOLE, _DIMENSION_SELECTOR_METHODS, _DIMENSION_SELECTORS, _EXCEPTION_READERS, _FITTED_GROUP_ATTRS,
    _FITTED_STATISTICS, _GROUPING, _HANDLE_WRITES, _KNOWN_LIBS, _LABEL_ATTRS, _METADATA_ATTRS, _METRIC_CALLS, _MODEL_APPLICATIONS,
    _NOT_COLUMNS, _OUTPUT_LOSSES, _POSITION_SELECTOR_METHODS, _POSITION_SELECTORS, _REDUCTIONS, _ROUND_NUMBERS,
    _TABLE_ATTRS, _TABLE_OWNERS, _TRAINER_ATTRS, _TRAINER_CALLBACKS,
)
from .values import EMPTY, Origin, Param, Passed, _typed

if TYPE_CHECKING:
    from .module_flow import Flow


def _return_values(fn: cst.FunctionDef, limit: int = 8) -> list:
    """The values of the function's own `return` statements (not of nested functions or classes)."""
    out: list = []
    stack = list(fn.body.body) if isinstance(fn.body, cst.IndentedBlock) else []
    while stack and len(out) <= limit:
        node = stack.pop()
        if isinstance(node, cst.SimpleStatementLine):
            for small in node.body:
                if isinstance(small, cst.Return):
                    if small.value is None:
                        return []
                    out.append(small.value)
        elif isinstance(node, (cst.FunctionDef, cst.ClassDef)):
            continue
        elif isinstance(node, cst.BaseCompoundStatement):
            for field in ("body", "orelse", "finalbody"):
                part = getattr(node, field, None)
                if isinstance(part, (cst.Else, cst.Finally, cst.If)):
                    part = part if isinstance(part, cst.If) else part.body
                if isinstance(part, cst.If):
                    stack.append(part)
                elif isinstance(part, cst.IndentedBlock):
                    stack.extend(part.body)
            for h in getattr(node, "handlers", ()) or ():
                stack.extend(h.body.body if isinstance(h.body, cst.IndentedBlock) else ())
            for c in getattr(node, "cases", ()) or ():
                stack.extend(c.body.body if isinstance(c.body, cst.IndentedBlock) else ())
    return out if len(out) <= limit else []


def _yielded(fn: cst.FunctionDef) -> list:
    """What the function's own `yield` expressions hand out: a yield's value, the iterable of a `yield from`."""
    out: list = []
    todo = list(children(fn.body))
    while todo:
        n = todo.pop()
        if isinstance(n, cst.Yield) and n.value is not None:
            out.append(n.value.item if isinstance(n.value, cst.From) else n.value)
        if not isinstance(n, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
            todo.extend(children(n))
    return out


def _functions(values: frozenset) -> list[FuncRef]:
    """The functions and lambdas among `values` in source order (module, then place in it), never in a set's
    order (by address): which candidate runs first decides what a call back into a module whose analysis is
    still running sees, so that order made findings differ from run to run (xml.dom's, in the stdlib)."""
    refs = [v for v in values if isinstance(v, FuncRef)]
    if len(refs) > 1:
        refs.sort(key=FuncRef.place)
    return refs


def _strip_params(t: frozenset) -> frozenset:
    if Param not in map(type, t):  # most values: t itself, not a set built again to equal it
        return t
    return frozenset(o for o in t if not isinstance(o, Param))


def _params(fn: cst.FunctionDef | cst.Lambda) -> list[cst.Param]:
    p = fn.params
    out = [*p.posonly_params, *p.params]
    if isinstance(p.star_arg, cst.Param):
        out.append(p.star_arg)
    out.extend(p.kwonly_params)
    if p.star_kwarg is not None:
        out.append(p.star_kwarg)
    return out


@dataclasses.dataclass
class _CallFacts:
    """What a call's syntax says, read once per call node."""

    names: set
    method: str | None
    receiver: cst.BaseExpression | None
    inner_sinks: tuple  # per argument: itself a call that hands its arguments out (and reports them)
    sink: tuple | None  # (UPDATE, LOG or FILE, what)
    refs: list  # same-file functions or methods it calls
    bound: bool  # refs are methods called on an instance
    handed_only: bool = False  # a sink that may only read: what it is handed counts (Roles.shared_file_sink)
    inits: list = dataclasses.field(default_factory=list)  # __init__ of the module's own class it builds
    lambdas: tuple = ()  # lambdas of the module it calls by name (`send = lambda v: ...; send(x)`)
    wrapped: tuple = ()  # (what, class bound) of a class attribute `f = staticmethod(g)` / `classmethod(g)`
    buffer: cst.BaseExpression | None = None  # an in-memory file it writes into (`np.save(buf, x)`)
    handle: cst.BaseExpression | None = None  # any other handle it writes into (`print(x, file=fh)`)
    source: object = None  # the Origin (or Param) it reads, if a source
    foreign: str | None = None  # the code the gate cannot see that it calls
    role: str | None = None  # what a library call does to its arguments (Frame.role)
    object_call: bool = False  # a call of an object the gate cannot name (`self.loader(f)`)
    view: bool = False  # hands back its argument as another type (an element stays an element)
    library: bool = False  # a function of a library the analysis knows
    metric_object: bool = False  # a loss or metric object the gate cannot see (`criterion(out, y)`)
    sized: bool = False  # builds something as large as its arguments say (`range(n)`, `np.zeros(n)`)
    builds: bool = False  # a library class that builds a model, a layer, an estimator or an optimizer
    seeds: bool = False  # seeds a random generator
    draws: bool = False  # draws from a random generator
    keeps_rows: bool = False  # a conversion or a prediction: every row it is given stays in place
    applies: bool = False  # `model.apply(variables, x)`: the model called on x with its variables (_applies_model)
    callbacks: tuple = ()  # (the job's callback, a call of it) that a library trainer's constructor is handed
    protocol: list = dataclasses.field(default_factory=list)  # implicit methods of the module's class it builds
    called: list = dataclasses.field(default_factory=list)  # __call__/forward of the job's class of the object it calls
    rebound: bool = False  # it calls an object, and the job rebinds a __call__/forward or hooks a torch module
    bar_text: frozenset = frozenset()  # positions of the arguments a progress bar prints (its description)
    pairs: bool = False  # its first argument is a written-out list of (dataset, name) pairs, each scored whole
    built: tuple = ()  # the job's classes it builds an object of (every name it resolves to is one)
    passed: "Passed | None" = None  # a parameter it calls: what the job's calls pass for it
    unsure: bool = False  # refs are methods run on what may be something else too (Roles.unsure_receiver)


def _named_metrics(call: cst.Call) -> bool:
    """`eval_metrics(pool, ["AUC", "Logloss"])` (or `metrics=[...]`), with at most the tree range and period as
    numbers besides (named_metric_evaluations)."""
    given = {("metrics" if i == 1 else "data" if i == 0 else f"#{i}") if a.keyword is None else a.keyword.value: a
             for i, a in enumerate(call.args)}
    metrics = given.pop("metrics", None)
    given.pop("data", None)
    return metrics is not None and not any(a.star for a in call.args) and \
        isinstance(metrics.value, (cst.List, cst.Tuple)) and bool(metrics.value.elements) and \
        all(isinstance(e, cst.Element) and isinstance(e.value, cst.SimpleString) for e in metrics.value.elements) and \
        all(k in ("ntree_start", "ntree_end", "eval_period") and isinstance(a.value, cst.Integer) for k, a in given.items())


def _evaluation_pairs(call: cst.Call) -> bool:
    """`eval_set([(d, "valid"), ...])` (or `evals=[...]` first) or with `iteration` besides: the (dataset, name)
    pairs written out, no other argument (a `feval` is the job's code, whatever it returns; evaluation_pairs)."""
    first = call.args[0] if call.args else None
    if first is None or first.star or (first.keyword is not None and first.keyword.value != "evals") or \
            not isinstance(first.value, (cst.List, cst.Tuple)):
        return False
    pairs = call.args[0].value.elements
    if not pairs or not all(isinstance(p, cst.Element) and isinstance(p.value, cst.Tuple) and len(p.value.elements) == 2
                            and all(isinstance(e, cst.Element) for e in p.value.elements) for p in pairs):
        return False
    rest = call.args[1:]
    return len(rest) <= 1 and all(not a.star and (a.keyword is None or a.keyword.value == "iteration") for a in rest)


def _as_store(node: cst.BaseExpression) -> cst.BaseExpression:
    """An argument as the target of a weak update (a bare name becomes `name[_]`)."""
    if isinstance(node, cst.Name):
        return cst.Subscript(value=node, slice=[cst.SubscriptElement(cst.Index(cst.Name("_")))])
    return node


def _transposed(node: cst.BaseExpression) -> bool:
    """`x.T`, `x.transpose()`, `np.transpose(x)`, also scaled or negated: `2 * x.T`, `-(x.T * w)`."""
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, (cst.Multiply, cst.Divide)):
        return _transposed(node.left) or _transposed(node.right)
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, (cst.Minus, cst.Plus)):
        return _transposed(node.expression)
    if isinstance(node, cst.Attribute):
        return node.attr.value in ("T", "mT", "H")
    if isinstance(node, cst.Call):
        func = node.func
        name = func.attr.value if isinstance(func, cst.Attribute) else getattr(func, "value", "")
        return name in ("transpose", "t") and (isinstance(func, cst.Attribute) or len(node.args) == 1)
    return False


def _left_transposed(node: cst.BaseExpression) -> bool:
    """`X.T`, or a product whose leftmost factor is one: `X.T.dot(D)`, `X.T @ D`."""
    if _transposed(node):
        return True
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.MatrixMultiply):
        return _left_transposed(node.left)
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value in ("dot", "matmul"):
        return _left_transposed(node.func.value)
    return False


def _grouped(node: cst.BaseExpression | None) -> bool:
    """A group-by (`df.groupby("site")`): its aggregates are per group, maybe per patient."""
    while isinstance(node, (cst.Call, cst.Attribute, cst.Subscript)):
        if isinstance(node, cst.Call):
            if isinstance(node.func, cst.Attribute) and node.func.attr.value in _GROUPING:
                return True
            node = node.func
        else:
            node = node.value
    return False


def _aggregate_arg(node: cst.BaseExpression) -> bool:
    """An argument of select/agg that reduces over every row: `pl.col("x").mean().alias("m")`, "mean"."""
    if isinstance(node, (cst.List, cst.Tuple)):
        return bool(node.elements) and all(_aggregate_arg(e.value) for e in node.elements)
    if isinstance(node, cst.SimpleString):
        try:
            return node.evaluated_value in _AGG_NAMES
        except Exception:  # noqa: BLE001
            return False
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
        attr = node.func.attr.value
        if attr in ("alias", "round", "cast", "name"):
            return _aggregate_arg(node.func.value)
        if attr in _AGG_NAMES:
            return _over_rows(node, 0, "reduction") == "reduction" and not any(_grouped(a.value) for a in node.args)
    return False


def _applies_model(node: cst.Call, names: set) -> bool:
    """`model.apply(variables, x, ...)` of a library model (model_applications), running its `__call__`: every
    object the receiver may be is one (not `df.apply(f)`), no `method` or `capture_intermediates` (code of the
    job's choosing) and no `*`/`**` the gate cannot read."""
    return bool(names and node.args) and all(_MODEL_APPLICATIONS(n) for n in names) and \
        node.args[0].keyword is None and not any(
            a.star or (a.keyword is not None and a.keyword.value in ("method", "capture_intermediates"))
            for a in node.args)


def _mutable_collections(call: cst.Call) -> bool:
    """`mutable=` of flax's Module.apply written as collections it returns beside the output (a name, a list of
    names, True); `mutable=False`, or a value the gate cannot read, may leave the output alone."""
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == "mutable":
            value = arg.value
            return (isinstance(value, (cst.List, cst.Tuple)) and bool(value.elements)) or \
                isinstance(value, cst.SimpleString) or (isinstance(value, cst.Name) and value.value == "True")
    return False


def _object_call(func: cst.BaseExpression, names: set, flow: "Flow") -> bool:
    """A call of an object the gate cannot name (`self.loader(f)`, `transform(path)`)."""
    if names and all(n.endswith("()") for n in names):
        return True  # an instance called: `loader = LoadImage(); loader(path)`
    if isinstance(func, (cst.Name, cst.Subscript)):
        return not names  # `layer(x)` of a loop over layers, `self.layers[-1](x)`: an item no name ties to a class
    if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and func.value.value in ("self", "cls"):
        return func.attr.value not in flow.methods and not any(_known_lib(n) for n in names)
    return False


_DEFINES = Kinds(cst.FunctionDef, cst.ClassDef, cst.Lambda)
_BINDS = Kinds(cst.AssignTarget, cst.AnnAssign, cst.AugAssign, cst.For, cst.AsName, cst.NamedExpr)
_IS_LAMBDA = Kinds(cst.Lambda)
_IS_WALRUS = Kinds(cst.NamedExpr)


def _bound_in(node: cst.CSTNode) -> set[str]:
    """The names a statement binds anywhere in its body (not in the functions and classes it defines).
    Walked with resolve.children (libcst's own `children` runs a visitor per node: 2% of NVFlare's tree)."""
    names: set[str] = set()
    todo = children(node)
    while todo:
        n = todo.pop()
        kind = n.__class__
        if _DEFINES[kind]:
            continue
        if _BINDS[kind]:
            names.update(_target_names(n.name if isinstance(n, cst.AsName) else n.target))
        todo.extend(children(n))
    return names


def _walrus_targets(node: cst.BaseComp) -> list[str]:
    """Names an assignment expression inside a comprehension binds in the enclosing scope (PEP 572); a lambda
    in it has its own scope. In libcst's order of children (the order they are bound in), walked so only when
    the comprehension holds one: resolve.children finds none in almost all, at a fraction of the cost."""
    stack: list[cst.CSTNode] = [node]
    while stack:
        n = stack.pop()
        if _IS_WALRUS[n.__class__]:
            break
        if not _IS_LAMBDA[n.__class__]:
            stack.extend(children(n))
    else:
        return []
    out: list[str] = []
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, cst.NamedExpr) and isinstance(n.target, cst.Name):
            out.append(n.target.value)
        if not isinstance(n, cst.Lambda):
            stack.extend(n.children)
    return out


def _target_names(target: cst.BaseExpression) -> list[str]:
    """The names an assignment or a `for` binds: `p`, `(name, p)`, `(i, (k, v))`."""
    if isinstance(target, cst.Name):
        return [target.value]
    if isinstance(target, (cst.Tuple, cst.List)):
        return [n for el in target.elements for n in _target_names(el.value)]
    if isinstance(target, cst.StarredElement):
        return _target_names(target.value)
    return []


def _names_in(node: cst.CSTNode) -> list[str]:
    out = []
    stack = [node]
    while stack and len(out) < 8:
        n = stack.pop()
        if isinstance(n, cst.Name):
            out.append(n.value)
        elif isinstance(n, cst.Call):
            stack.extend(a.value for a in n.args)
        elif isinstance(n, cst.BinaryOperation):
            stack.extend((n.left, n.right))
        elif isinstance(n, cst.Attribute):
            stack.append(n.value)
    return out


def _bound_first(body: Scope, name: str) -> bool:
    """Whether `name` is the first parameter of a method, which the call binds to the object (`self`)."""
    fn = body.node
    return isinstance(fn, cst.FunctionDef) and body.parent is not None and body.parent.is_class and \
        not _is_static(fn) and bool(_params(fn)) and _params(fn)[0].name.value == name


def _nested_in(scope: Scope, outer: Scope) -> bool:
    """Whether the scope `scope` is inside `outer` (a function defined in it, at any depth)."""
    s = scope.parent
    while s is not None and s is not outer:
        s = s.parent
    return s is not None


def _parameter_names(scope: Scope, outer: Scope) -> set[str]:
    """The parameters of the functions from `scope` out to `outer` (not its own): what their Params name."""
    names: set[str] = set()
    s = scope
    while s is not None and s is not outer:
        if isinstance(s.node, (cst.FunctionDef, cst.Lambda)):
            names.update(p.name.value for p in _params(s.node))
        s = s.parent
    return names


def _is_static(fn: cst.FunctionDef) -> bool:
    return any(isinstance(d.decorator, cst.Name) and d.decorator.value == "staticmethod" for d in fn.decorators)


def _is_classmethod(fn: cst.FunctionDef) -> bool:
    return any(isinstance(d.decorator, cst.Name) and d.decorator.value == "classmethod" for d in fn.decorators)


def _known_lib(name: str) -> bool:
    return name.startswith(_KNOWN_LIBS)


def _kept_rows(node: cst.Subscript, r: Resolver, scope: Scope) -> str | None:
    """"rows" when a subscript keeps every row (a column by name: `df["age"]`, `data["x"]`; `x[:, cols]`,
    `x[..., k]`, `df.iloc[:, cols]`); "field" for one constant position (`batch[0]`: a field of a loader's
    batch, a row of anything else); None for a selection of rows (a slice, an index, a mask)."""
    parts = [el.slice for el in node.slice]
    first = parts[0] if parts else None
    located = isinstance(node.value, cst.Attribute) and node.value.attr.value in ("loc", "iloc", "at", "iat")
    if isinstance(first, cst.Slice):
        full = first.lower is None and first.upper is None and first.step is None
        # a share from either end (`x[:int(0.8 * len(x))]`, `x[len(x) // 5:]`) is a split, not rows chosen
        share = first.step is None and (first.lower is None) != (first.upper is None) and \
            gradients.share(r, scope, first.lower or first.upper, node.value)
        return "rows" if full or share or _batch_loop(first, r, scope) or gradients.process_shard(r, scope, first) \
            else None
    if not isinstance(first, cst.Index) or located:
        return None
    key = first.value
    if (isinstance(key, cst.Ellipsis) and len(parts) > 1) or (isinstance(key, cst.Name) and key.value == "None"):
        return "rows"  # `x[..., k]`, `x[None]` (a new axis in front of every row)
    if len(parts) != 1:
        return None
    if _column_of_table(node.value, r, scope, 0) and _constant_keys(key, r, scope):
        return None  # `df["income"]["P-17"]`, `df.age[1042]`: a column's elements picked by their index labels
    if gradients.column_names(r, scope, key) or _column_loop(key, r, scope) or _shuffled_batch(key, r, scope):
        return "rows"
    if isinstance(key, cst.Integer) or (isinstance(key, cst.UnaryOperation) and isinstance(key.expression, cst.Integer)):
        return "field"
    return None


_FEW_ROWS = 8  # a constant slice at most this wide names a handful of rows (no batch loop or share is written so)
_FIRST_ROWS = 4  # ... and one of the first rows at most this wide (`x[:8]` is a warm-up's or a dry run's batch)


def _named_rows(node: cst.Subscript, r: Resolver, scope: Scope) -> bool:
    """Whether a subscript's first index names rows by constant positions (Origin.few): a number (`x[7]`, `x[k]`
    with `k = 7`), a list of numbers (`x[[7, 7]]`, also as `torch.tensor([7])` or `np.array([7])`), or a slice
    with constant bounds at most _FEW_ROWS wide (`x[7:8]`, `x[-2:]`), or of the first rows at most _FIRST_ROWS
    wide (`x[:1]` is row 0). An index computed from the data, a loop, a share or a site's partition names no
    constant rows, and neither does a wider slice of the first rows (`x[:8]`: a warm-up's or a dry run's first
    batch, benign/rt20_nb_throwaway_underscore.ipynb)."""
    first = node.slice[0].slice if node.slice else None
    if isinstance(first, cst.Slice):
        if first.step is not None:
            return False
        lo = r.constants(first.lower, scope) if first.lower is not None else [0]
        hi = r.constants(first.upper, scope) if first.upper is not None else [None]
        if len(lo) != 1 or len(hi) != 1 or not isinstance(lo[0], int) or not isinstance(hi[0], (int, type(None))):
            return _window(first, r, scope)
        if lo[0] == 0:
            return hi[0] is not None and 0 < hi[0] <= _FIRST_ROWS
        if hi[0] is None:
            return -_FEW_ROWS <= lo[0] < 0
        return (lo[0] < 0) == (hi[0] < 0) and 0 < hi[0] - lo[0] <= _FEW_ROWS
    if not isinstance(first, cst.Index):
        return False
    return _constant_positions(first.value, r, scope)


def _window(rows: cst.Slice, r: Resolver, scope: Scope) -> bool:
    """`x[k:k + 1]`: a constant width at most _FEW_ROWS from a position no loop steps through (the server's message,
    the round, a setting: every binding of k an assignment of no loop's target; `s = i * 4` in `for i in ...` is
    a batch loop's; an attribute, `x[m.current_round:m.current_round + 1]`, of a name no loop binds), so a handful
    of rows named by where they are."""
    lower, upper = rows.lower, rows.upper
    if not (isinstance(lower, (cst.Name, cst.Attribute)) and isinstance(upper, cst.BinaryOperation) and
            isinstance(upper.operator, cst.Add) and gradients.same(upper.left, lower)):
        return False
    width = r.constants(upper.right, scope)
    if not (len(width) == 1 and isinstance(width[0], int) and not isinstance(width[0], bool) and
            0 < width[0] <= _FEW_ROWS):
        return False
    if isinstance(lower, cst.Attribute):
        return not _reads_a_loop_target(lower, r, scope)
    bound = gradients.assignments(r, scope, lower.value)
    return bound is not None and not any(_reads_a_loop_target(value, r, where) for value, where in bound)


def _reads_a_loop_target(value: cst.BaseExpression, r: Resolver, scope: Scope) -> bool:
    """Whether an expression reads a name some binding of which is a loop's or a comprehension's target
    (`i * 4`, `perm[i]`)."""
    stack: list[cst.CSTNode] = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Name):
            where = r.binding_scope(node.value, scope)
            if where is not None and any(isinstance(b, tuple) and isinstance(b[0], Iterated)
                                         for b in where.bindings.get(node.value, ())):
                return True
        stack.extend(children(node))
    return False


def _constant_positions(key: cst.BaseExpression, r: Resolver, scope: Scope, depth: int = 0) -> bool:
    """Whether an index is one or more constant positions: `7`, `k` with `k = 7`, `[7, 7]`, `torch.tensor([7])`, a
    name every binding of which is one (`keep = torch.tensor([7])`); the round's number (round_numbers, also
    through `int()`) is one position too, which the server places."""
    if isinstance(key, cst.Call) and len(key.args) == 1 and "builtins.int" in r.names(key.func, scope):
        key = key.args[0].value
    if any(map(_ROUND_NUMBERS, r.names(key, scope))):
        return True
    if isinstance(key, cst.Name) and not r.constants(key, scope) and depth < gradients.MAX_DEPTH:
        bound = gradients.assignments(r, scope, key.value)
        return bool(bound) and all(_constant_positions(v, r, where, depth + 1) for v, where in bound)
    if isinstance(key, cst.Call) and len(key.args) >= 1 and key.args[0].keyword is None and \
            r.names(key.func, scope) & _POSITION_ARRAYS:
        key = key.args[0].value  # torch.tensor([7, 7]), np.array([7])
    if isinstance(key, cst.Call) and "builtins.range" in r.names(key.func, scope) and len(key.args) >= 2:
        bounds = [r.constants(a.value, scope) for a in key.args[:2]]  # `range(7, 8)`: a handful of positions
        return all(len(b) == 1 and isinstance(b[0], int) for b in bounds) and 0 < bounds[1][0] - bounds[0][0] <= _FEW_ROWS
    if isinstance(key, (cst.List, cst.Tuple)) and not r.constants(key, scope):  # `[[7, 7]]` for gather
        return bool(key.elements) and all(not isinstance(e, cst.StarredElement) and
                                          _constant_positions(e.value, r, scope, depth + 1) for e in key.elements)
    positions = r.constants(key, scope)
    flat = [v for c in positions for v in (c if isinstance(c, (list, tuple)) else (c,))]
    return bool(flat) and all(isinstance(v, int) and not isinstance(v, bool) for v in flat)


def _dimension_selector(call: cst.Call, names: frozenset, method: str | None) -> int | None:
    """For a dimension selector (dimension_selectors), the position of its `dim` argument: after the input of a
    function (`torch.narrow(x, 0, 7, 1)`), first for a method (`x.narrow(0, 7, 1)`)."""
    if any(map(_DIMENSION_SELECTORS, names)):
        return 1
    return 0 if method in _DIMENSION_SELECTOR_METHODS and not any(map(_POSITION_SELECTORS, names)) else None


def _selects_columns(call: cst.Call, names: frozenset, method: str | None, r: Resolver, scope: Scope) -> bool:
    """A dimension selector along a constant dimension past the first (`x.narrow(1, 0, 2)`, `x.select(1, 0)`): every
    row stays, as in `x[:, 0:2]`."""
    skip = _dimension_selector(call, names, method)
    dim = _argument(call, skip, "dim") if skip is not None else None
    value = r.constants(dim, scope) if dim is not None else []
    return len(value) == 1 and isinstance(value[0], int) and not isinstance(value[0], bool) and value[0] > 0


def _selects_named_rows(call: cst.Call, names: frozenset, method: str | None, r: Resolver, scope: Scope) -> bool:
    """Whether a library call picks rows by constant positions, as `x[7:8]` or `x[[7]]` does (Origin.few):
    `x.narrow(0, 7, 1)`, `x.index_select(0, torch.tensor([7]))`, `np.take(x, [7], axis=0)`, `Subset(ds, [7])`
    (dimension_selectors, position_selectors). Along another dimension it picks columns, not rows."""
    def constant(node: cst.BaseExpression | None, value: int) -> bool:
        return node is not None and r.constants(node, scope) == [value]

    skip = _dimension_selector(call, names, method)
    if skip is not None:
        if not constant(_argument(call, skip, "dim"), 0):
            return False
        start, length = _argument(call, skip + 1, "start"), _argument(call, skip + 2, "length")
        if length is None:  # select, index_select, gather: the positions
            index = start or _argument(call, skip + 1, "index")
            return index is not None and _constant_positions(index, r, scope)
        lo, width = r.constants(start, scope) if start is not None else [], r.constants(length, scope)
        return len(lo) == 1 == len(width) and all(isinstance(v, int) and not isinstance(v, bool) for v in lo + width) \
            and 0 < width[0] <= _FEW_ROWS
    if any(map(_POSITION_SELECTORS, names)) or method in _POSITION_SELECTOR_METHODS:
        skip = 1 if any(map(_POSITION_SELECTORS, names)) else 0
        positions = _argument(call, skip, "indices")
        axis = _argument(call, skip + 1, "axis")
        return positions is not None and _constant_positions(positions, r, scope) and \
            (axis is None or constant(axis, 0) or (isinstance(axis, cst.Name) and axis.value == "None"))
    return False


_POSITION_ARRAYS = frozenset({"torch.tensor", "torch.LongTensor", "torch.as_tensor", "numpy.array", "numpy.asarray"})


# red team 8: a column of a table (pandas Series) indexed by a constant picks elements by their index labels
def _column_of_table(node: cst.BaseExpression, r: Resolver, scope: Scope, depth: int) -> bool:
    """Whether `node` may be one column of a table, by its structure: one string key of a pandas or polars value
    (`df["age"]`), an attribute of one that is no table attribute (`df.age`), or a name any binding of which is
    one. Its index labels may be values of the data (`index_col=`, `set_index`, a transpose, a group-by, a
    Series built from a dict): a key of it is an element, never a column."""
    if depth > gradients.MAX_DEPTH:
        return False
    if isinstance(node, cst.Name):
        bound = gradients.assignments(r, scope, node.value) or ()
        return any(_column_of_table(v, r, where, depth + 1) for v, where in bound)
    if isinstance(node, cst.Attribute):
        names = r.names(node.value, scope)
        return bool(names) and _typed(names, _TABLE_OWNERS) and node.attr.value not in _NOT_COLUMNS
    if isinstance(node, cst.Subscript) and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
        names = r.names(node.value, scope)
        return bool(names) and _typed(names, _TABLE_OWNERS) and _constant_keys(node.slice[0].slice.value, r, scope,
                                                                               (str,))
    return False


def _of_table(node: cst.BaseExpression, r: Resolver, scope: Scope) -> bool:
    """Whether `node` is a pandas or polars value by resolution or by structure: a selection of columns of one
    (`df[["a", "b"]]`) or what a method of one returns (`df[["a", "b"]].sum(axis=1)`)."""
    for _ in range(gradients.MAX_DEPTH):
        names = r.names(node, scope)
        if names:
            return _typed(names, _TABLE_OWNERS)
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
            node = node.func.value
        elif isinstance(node, cst.Subscript) and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index) \
                and gradients.column_names(r, scope, node.slice[0].slice.value):
            node = node.value
        else:
            return False
    return False


def _batch_parts(r: Resolver) -> frozenset[str]:
    """Names the module binds to one part of an unpacked value (`xb, yb` of `for xb, yb in loader`, `x, y = batch`,
    `for i, (xb, yb) in enumerate(loader)`; not `batch` of `for i, batch in enumerate(loader)`): a loader's batch
    is a tuple of fields, but a part of it is a field, whose constant item is a row. Any scope: conservative."""
    known = r.derived.get(_batch_parts)
    if known is None:
        found: set[str] = set()
        todo: list[cst.CSTNode] = [r.module]
        while todo:
            n = todo.pop()
            todo.extend(children(n))
            targets = [n.target] if isinstance(n, (cst.For, cst.CompFor)) else \
                [t.target for t in n.targets] if isinstance(n, cst.Assign) else []
            for target in targets:
                if not isinstance(target, (cst.Tuple, cst.List)):
                    continue
                parts = [e.value for e in target.elements]
                iterable = n.iter if isinstance(n, (cst.For, cst.CompFor)) else None
                if isinstance(iterable, cst.Call) and "builtins.enumerate" in r.names(iterable.func, r.root) and \
                        len(parts) == 2:
                    parts = [e.value for e in parts[1].elements] if isinstance(parts[1], (cst.Tuple, cst.List)) else []
                stack = parts
                while stack:
                    e = stack.pop()
                    if isinstance(e, cst.Name):
                        found.add(e.value)
                    elif isinstance(e, (cst.Tuple, cst.List)):
                        stack.extend(x.value for x in e.elements)
                    elif isinstance(e, cst.StarredElement) and isinstance(e.value, cst.Name):
                        found.add(e.value.value)
        known = r.derived[_batch_parts] = frozenset(found)
    return known


def _constant_keys(key: cst.BaseExpression, r: Resolver, scope: Scope, kinds: tuple = (str, int)) -> bool:
    """`key` folds to constants of `kinds` only (a string, a position; never a list of columns)."""
    consts = r.constants(key, scope)
    return bool(consts) and all(isinstance(c, kinds) and not isinstance(c, bool) for c in consts)


# keyword arguments of a reduction that say how to reduce, not which rows count (`where=`, `weights=` do)
_REDUCTION_KEYWORDS = frozenset({"axis", "dim", "keepdims", "keepdim", "dtype", "ddof", "skipna", "numeric_only",
                                 "q", "bins", "range", "density", "method", "interpolation", "unbiased", "correction",
                                 "out", "start", "p", "ord"})


def _pairwise(node: cst.Assign) -> bool:
    """`a, b = x, y`: one target, a tuple of as many values, nothing starred."""
    if len(node.targets) != 1:
        return False
    target, value = node.targets[0].target, node.value
    return isinstance(target, (cst.Tuple, cst.List)) and isinstance(value, (cst.Tuple, cst.List)) and \
        len(target.elements) == len(value.elements) and \
        not any(isinstance(e, cst.StarredElement) for e in (*target.elements, *value.elements))


def _callback_items(call: cst.Call, keywords=_TRAINER_CALLBACKS, positional: bool = False):
    """(callback, a call of it with one argument per parameter) for each callback a trainer (or a data source, by
    its `keywords`; and each `positional` argument when asked) is handed: the call stands for the library's, where
    what the callback is given comes from."""
    for a in call.args:
        if a.star or (a.keyword.value not in keywords if a.keyword is not None else not positional):
            continue
        items = [e.value for e in a.value.elements] if isinstance(a.value, (cst.List, cst.Tuple)) else [a.value]
        for item in items:
            yield item, cst.Call(func=item, args=[cst.Arg(cst.Name("_")) for _ in range(4)])


def _column_loop(key: cst.BaseExpression, r: Resolver, scope: Scope) -> bool:
    """`for c in FEATURES: df[c]`, `for c in df.columns: df[c]`, `cols = df.select_dtypes(...).columns; df[cols]`:
    a name that only ever holds column names (or iterates them)."""
    if not isinstance(key, cst.Name):
        return False
    bound = r.binding_scope(key.value, scope)
    sites = list(bound.bindings.get(key.value, ())) if bound is not None else []
    return bool(sites) and all(
        isinstance(i, tuple) and (_labels(i[0].iter if isinstance(i[0], Iterated) else i[0], r, i[1]))
        for i in sites)


def _labels(node: cst.CSTNode, r: Resolver, scope: Scope) -> bool:
    """Column names: a table's `.columns` (also of `select_dtypes(...)`), or names the grammar knows."""
    if isinstance(node, cst.Attribute) and node.attr.value == "columns":
        return True
    return isinstance(node, cst.BaseExpression) and gradients.column_names(r, scope, node)


def _shuffled_batch(key: cst.BaseExpression, r: Resolver, scope: Scope) -> bool:
    """`x[perm[i:i + b]]` (or through a name) with `perm` a random permutation of the rows and the slice the
    job's batch loop: random batches that together are every row."""
    if isinstance(key, cst.Name):
        bound = r.binding_scope(key.value, scope)
        sites = list(bound.bindings.get(key.value, ())) if bound is not None else []
        if len(sites) != 1 or not isinstance(sites[0], tuple) or not isinstance(sites[0][0], cst.Subscript):
            return False
        key = sites[0][0]
    if not (isinstance(key, cst.Subscript) and len(key.slice) == 1 and isinstance(key.slice[0].slice, cst.Slice)
            and isinstance(key.value, cst.Name) and _batch_loop(key.slice[0].slice, r, scope)):
        return False
    bound = r.binding_scope(key.value.value, scope)
    sites = list(bound.bindings.get(key.value.value, ())) if bound is not None else []
    calls = [i[0] for i in sites if isinstance(i, tuple) and isinstance(i[0], cst.Call)]
    while calls and len(calls) == len(sites) and all(  # `np.asarray(jax.random.permutation(...))`
            "numpy.asarray" in r.names(c.func, scope) and c.args for c in calls):
        calls = [c.args[0].value for c in calls]
    return bool(calls) and len(calls) == len(sites) and all(
        isinstance(c, cst.Call) and (any(n.endswith((".permutation", ".randperm")) for n in r.names(c.func, scope))
                                     or (isinstance(c.func, cst.Attribute) and c.func.attr.value == "permutation"))
        for c in calls)


def _batch_loop(rows: cst.Slice, r: Resolver, scope: Scope) -> bool:
    """`x[i:i + b]` with `for i in range(start, end, b)`, or `x[i * b:(i + 1) * b]` with `for i in range(...)`: the
    job's batch loop, whose batches together are every row (the gate cannot bound the batch size)."""
    lower, upper = rows.lower, rows.upper
    if isinstance(upper, cst.Name):  # `end = start + b; x[start:end]`
        bound = r.binding_scope(upper.value, scope)
        sites = list(bound.bindings.get(upper.value, ())) if bound is not None else []
        if len(sites) == 1 and isinstance(sites[0], tuple) and isinstance(sites[0][0], cst.BinaryOperation):
            upper = sites[0][0]
    if rows.step is not None or not isinstance(upper, cst.BinaryOperation):
        return False
    index = lower.left if isinstance(lower, cst.BinaryOperation) and isinstance(lower.operator, cst.Multiply) else lower
    if not isinstance(index, cst.Name):
        return False
    bound = r.binding_scope(index.value, scope)
    sites = list(bound.bindings.get(index.value, ())) if bound is not None else []
    ranges = [i[0].iter for i in sites if isinstance(i, tuple) and isinstance(i[0], Iterated)]
    if not ranges or len(ranges) != len(sites) or not all(
            isinstance(it, cst.Call) and "builtins.range" in r.names(it.func, scope) for it in ranges):
        return False
    code = gradients.same
    if index is lower:  # x[i:i + b] stepping by b
        return isinstance(upper.operator, cst.Add) and code(upper.left, index) and all(
            len(it.args) == 3 and code(it.args[2].value, upper.right) for it in ranges)
    # x[i * b:(i + 1) * b] over consecutive i
    return isinstance(upper.operator, cst.Multiply) and code(upper.right, lower.right) and \
        isinstance(upper.left, cst.BinaryOperation) and code(upper.left.left, index) and \
        all(len(it.args) <= 2 for it in ranges)


def _column_statistic(node: cst.BaseExpression) -> bool:
    """`x.mean(axis=0)`, `x.std(0)`: a reduction told to run over the rows, one value per column."""
    if not (isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value in _REDUCTIONS):
        return False
    axis = _argument(node, 0, "axis") or _argument(node, 0, "dim")
    return isinstance(axis, cst.Integer) and axis.value == "0" and not _weighted(node)


def _pads_with_constants(call: cst.Call) -> bool:
    """`F.pad(x, (1, 1))`: widths that are non-negative integer literals, in the constant mode (padding_calls)."""
    widths, mode = _argument(call, 1, "pad"), _argument(call, 2, "mode")
    return isinstance(widths, (cst.Tuple, cst.List)) and all(isinstance(e.value, cst.Integer) for e in widths.elements) \
        and (mode is None or gradients.same(mode, cst.SimpleString('"constant"')) or
             gradients.same(mode, cst.SimpleString("'constant'")))


def _row_count(node: cst.BaseExpression, of: cst.BaseExpression | None = None) -> bool:
    """`x.size(0)`, `x.shape[0]`, `len(x)`: the number of rows (with `of`, of that very expression)."""
    counted = None
    if isinstance(node, cst.Subscript) and isinstance(node.value, cst.Attribute) and node.value.attr.value == "shape":
        if len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index) and \
                isinstance(node.slice[0].slice.value, cst.Integer) and node.slice[0].slice.value.value == "0":
            counted = node.value.value
    elif isinstance(node, cst.Call) and len(node.args) == 1:
        if isinstance(node.func, cst.Attribute) and node.func.attr.value == "size":
            if isinstance(node.args[0].value, cst.Integer) and node.args[0].value.value == "0":
                counted = node.func.value
        elif isinstance(node.func, cst.Name) and node.func.value == "len":
            counted = node.args[0].value
    return counted is not None and (of is None or gradients.same(counted, of))


def _argument(call: cst.Call, position: int, keyword: str) -> cst.BaseExpression | None:
    """The argument of a call by its keyword, or at its position in the signature."""
    for a in call.args:
        if a.keyword is not None and a.keyword.value == keyword:
            return a.value
    positional = [a for a in call.args if a.keyword is None and not a.star]
    return positional[position].value if len(positional) > position else None


def _weighted(call: cst.Call) -> bool:
    """A reduction told which rows count or how much (`weights=`, `where=`), or given `*args` it cannot read."""
    return any(a.star or (a.keyword is not None and a.keyword.value not in _REDUCTION_KEYWORDS) for a in call.args)


def _projection(elt: cst.BaseExpression, targets: set[str], conversion: Callable[[cst.BaseExpression], bool]) -> bool:
    """An element made only of the loop's own element: it, a constant item of it, a conversion of one, a tuple
    of them (`(r["file"], int(r["label"]))`). It tests nothing and picks nothing: the comprehension is every
    row's field, as a column is (no attribute: a property of the job's class runs code)."""
    if isinstance(elt, cst.Name):
        return elt.value in targets
    if isinstance(elt, cst.Subscript):
        return len(elt.slice) == 1 and isinstance(elt.slice[0].slice, cst.Index) and \
            isinstance(elt.slice[0].slice.value, (cst.Integer, cst.SimpleString)) and \
            _projection(elt.value, targets, conversion)
    if isinstance(elt, (cst.Tuple, cst.List)):
        return bool(elt.elements) and all(not isinstance(e, cst.StarredElement) and
                                          _projection(e.value, targets, conversion) for e in elt.elements)
    if isinstance(elt, cst.Call):
        return conversion(elt.func) and len(elt.args) == 1 and elt.args[0].keyword is None and \
            not elt.args[0].star and _projection(elt.args[0].value, targets, conversion)
    return False


def _taken_whole(element: frozenset, over: frozenset) -> frozenset:
    """The sources of what a loop goes over that its element holds (`a for a, b in zip(x, y)`: x's), as the loop
    holds them; nothing when the element holds anything else: another source, or what a method of the job's
    class handed out on the way (`r[0]` by a `__getitem__` of its own: Frame.protocol_values)."""
    def key(o):
        return o.key if isinstance(o, Origin) else o.name
    keys = {key(o) for o in over}
    if any(key(o) not in keys or (isinstance(o, Origin) and (o.callback or o.statistic)) for o in element):
        return EMPTY
    held = {key(o) for o in element}
    return frozenset(o for o in over if key(o) in held)


def _over_rows(call: cst.Call, position: int, role: str) -> str | None:
    """`role` for a reduction over the rows (axis None or 0, by keyword or at its position in the signature:
    after the array for a module function, first for a method, after q for a quantile); "per-row" for a
    per-row reduction (axis 1, dim=-1: one value per row, the values); "statistic" when the axis cannot be
    read or the call weighs or masks the rows."""
    if _weighted(call):
        return "statistic"
    axis = None
    for a in call.args:
        if a.keyword is not None and a.keyword.value in ("axis", "dim"):
            axis = a.value
    positional = [a.value for a in call.args if a.keyword is None]
    if any(not (isinstance(v, cst.Name) and v.value in ("True", "False")) for v in positional[position + 1:]):
        return "statistic"  # `np.average(x, 0, weights)`: arguments after the axis it does not read
    if axis is None:
        axis = positional[position] if len(positional) > position else None
    if axis is None or (isinstance(axis, cst.Name) and axis.value == "None"):
        return role
    if isinstance(axis, cst.Integer):
        return role if axis.value == "0" else "per-row"
    if isinstance(axis, (cst.Tuple, cst.List)) and any(isinstance(e.value, cst.Integer) and e.value.value == "0"
                                                      for e in axis.elements):
        return role
    if isinstance(axis, cst.UnaryOperation) and isinstance(axis.expression, cst.Integer):
        return "per-row"
    return "statistic"


# attribute names a library gives a meaning the flow relies on (a size, labels, a fitted statistic, a trainer's
# setting, a model's loss); a fitted estimator's coefficients are left out: they are model state whoever set them
# (`reg.coef_ = global_params`), and what a module sets on a named object travels with it (Frame._e_attribute)
_LIBRARY_MEANINGS = _METADATA_ATTRS | _TABLE_ATTRS | _LABEL_ATTRS | _FITTED_STATISTICS | _FITTED_GROUP_ATTRS | \
    _TRAINER_ATTRS | _OUTPUT_LOSSES


_ASSIGNING = Kinds(cst.Assign, cst.AugAssign, cst.AnnAssign, cst.For)


def _loss_reduction(call: cst.Call, r: Resolver, scope: Scope, unreduced: bool = False, per_class: bool = False) -> str:
    """A library loss or metric: "metric" unless its `reduction` (on the call, or on the loss object's
    constructor; by keyword, position or the legacy `reduce=False`) is 'none' ("values": one loss per
    element), or is not named for a loss `unreduced` by default (mlx's), or cannot be read ("statistic":
    also `*args`/`**kwargs`, and weights the code gives: `weight=` of a loss that is not `per_class`,
    `pos_weight=`, `sample_weight=`, unless one number)."""
    sites = [call]
    if isinstance(call.func, cst.Call):  # `nn.L1Loss(reduction="none")(x, y)`
        sites.append(call.func)
    if isinstance(call.func, cst.Name):  # `criterion = nn.L1Loss(reduction="none"); criterion(x, y)`
        bound = r.binding_scope(call.func.value, scope)
        if bound is not None:
            sites += [v for v, _ in (i for i in bound.bindings.get(call.func.value, ())
                                     if isinstance(i, tuple) and len(i) == 2) if isinstance(v, cst.Call)]
    if isinstance(call.func, cst.Attribute):  # `self.crit = nn.L1Loss(reduction="none")` then `self.crit(x, y)`
        attr = call.func.attr.value  # every construction any module of the job stores under that attribute name
        stores = ((m, use) for m in [r, *(r.program.mentioning(attr, r.path) if r.program is not None else [])]
                  for use in m.stores)
        sites += [use.value for m, use in stores if isinstance(use.node, cst.Attribute) and use.node.attr.value == attr
                  and isinstance(use.value, cst.Call) and _builds_metric(m, use.value, use.scope)]
    for site in sites:
        data = 2 if site is call else 0  # (input, target) or (y_true, y_pred); a loss object is built with none
        for i, a in enumerate(site.args):
            if a.star:
                return "statistic"  # `**opts` may hold reduction="none", `*args` a positional one
            key = a.keyword.value if a.keyword is not None else None
            if key is None and i < data:
                continue
            values = r.constants(a.value, scope)
            if key in ("sample_weight", "weights", "pos_weight") or (key == "weight" and not per_class):
                if not (isinstance(a.value, cst.Name) and a.value.value == "None") and not _one_number(a.value, r, scope):
                    return "statistic"  # weights the code chose may pick one sample (red team 8: `weight=` of BCE)
            elif key in ("reduction", "reduce") or key is None:
                # the reduction named, or a positional one (`l1_loss(x, y, None, None, "none")`,
                # `L1Loss(None, False)`), or reduce=False (one loss per element)
                if "none" in values or (key == "reduce" and False in values and True not in values):
                    return "values"
                if not values or (key is None and False in values):
                    return "statistic"
                if key is not None:
                    unreduced = False
    return "values" if unreduced else "metric"


def _builds_metric(r: Resolver, call: cst.Call, scope: Scope) -> bool:
    """A construction of a library loss or metric object (`nn.L1Loss(...)`: metric_calls)."""
    return any(_METRIC_CALLS(n + "()") for n in r.names(call.func, scope))


_ONE_NUMBER_CALLS = frozenset({"builtins.int", "builtins.float", "builtins.len", "builtins.round"})

_TENSOR_OF = frozenset({"torch.tensor", "torch.as_tensor"})


def _one_number(node: cst.BaseExpression, r: Resolver, scope: Scope, depth: int = 0) -> bool:
    """Whether `node` is one number by its shape (a literal, `int()`/`float()`/`len()` of anything, arithmetic of
    such, a 0-d tensor of one, a name every binding of which is one): a weight that scales every element alike."""
    if depth > gradients.MAX_DEPTH:
        return False
    if isinstance(node, (cst.Integer, cst.Float)):
        return True
    if isinstance(node, cst.UnaryOperation):
        return _one_number(node.expression, r, scope, depth + 1)
    if isinstance(node, cst.BinaryOperation) and not isinstance(node.operator, cst.MatrixMultiply):
        return _one_number(node.left, r, scope, depth + 1) and _one_number(node.right, r, scope, depth + 1)
    if isinstance(node, cst.Name):
        bound = gradients.assignments(r, scope, node.value)
        return bool(bound) and all(_one_number(v, r, where, depth + 1) for v, where in bound)
    if isinstance(node, cst.Call):
        names = r.names(node.func, scope)
        args = [a for a in node.args if a.keyword is None]
        if names and names <= _ONE_NUMBER_CALLS:
            return not any(a.star for a in node.args)
        return bool(names) and names <= _TENSOR_OF and len(args) == 1 and not args[0].star and \
            all(a.keyword.value in ("dtype", "device") for a in node.args if a.keyword is not None) and \
            _one_number(args[0].value, r, scope, depth + 1)
    return False


_WEIGHTED_FITS = frozenset({"fit", "partial_fit", "fit_transform", "fit_predict"})


def _fit_weights(call: cst.Call) -> cst.BaseExpression | None:
    """A fit's per-row weights (`sample_weight=`, or third positional `fit(X, y, w)`; `partial_fit`'s third is
    `classes`)."""
    fit = isinstance(call.func, cst.Attribute) and call.func.attr.value == "fit"
    return _argument(call, 2 if fit else 99, "sample_weight")


def _weighs_rows(call: cst.Call, r: Resolver, scope: Scope) -> bool:
    """A fit given per-row weights (_fit_weights) that are not one number: the weights choose which rows count."""
    weight = _fit_weights(call)
    return weight is not None and not (isinstance(weight, cst.Name) and weight.value == "None") and \
        not _one_number(weight, r, scope)


def _writes(call: cst.Call, name: str) -> bool:
    """Whether an open call (`name`) opens to write only."""
    mode = _open_mode(call, name)
    return mode is not None and any(c in mode for c in "wax") and "+" not in mode


def _open_mode(call: cst.Call, name: str) -> str | None:
    """The mode an open call (`name`) spells as a literal."""
    mode = None
    for a in call.args:
        if a.keyword is not None and a.keyword.value == "mode":
            mode = a.value
    positional = [a for a in call.args if a.keyword is None]
    if mode is None:
        index = 0 if name.endswith(".open") and not name.startswith(("builtins", "io", "codecs", "os")) else 1
        if name == "pathlib.Path.open":
            index = 1
        if len(positional) > index:
            mode = positional[index].value
    if isinstance(mode, cst.SimpleString):
        try:
            text = mode.evaluated_value
        except Exception:  # noqa: BLE001
            return None
        return text if isinstance(text, str) else None
    return None


def _public(call: cst.Call, r: Resolver, scope: Scope) -> bool:
    """`fl_ctx.set_prop(k, v, private=...)` (the third argument of set_prop/put): sent to the peers unless
    the flag is absent (set_prop defaults to private=True, nvflare/apis/fl_context.py) or every value the
    resolver folds it to is True; a flag the gate cannot fold is public."""
    positional = [a for a in call.args if a.keyword is None and not a.star]
    flag = next((a.value for a in call.args if a.keyword is not None and a.keyword.value == "private"),
                positional[2].value if len(positional) > 2 else None)
    if flag is None:
        return any(a.star for a in call.args)  # `set_prop(*args)` / `**kw`: the flag may be in them
    values = r.constants(flag, scope)
    return not values or not all(v is True for v in values)


def _logs_traceback(call: cst.Call, names: set[str], method: str | None) -> bool:
    """A log call that writes the exception being handled: `logger.exception(...)`, `exc_info=True`,
    `traceback.print_exc()`, NVFlare's `log_exception` (nvflare/apis/fl_component.py adds the traceback)."""
    if method in ("exception", "log_exception") or any(_EXCEPTION_READERS(n) for n in names):
        return True
    return any(a.keyword is not None and a.keyword.value == "exc_info" and
               not (isinstance(a.value, cst.Name) and a.value.value in ("False", "None")) for a in call.args)


def _looked_up_method(func: cst.BaseExpression, r: Resolver, scope: Scope) -> tuple[cst.BaseExpression, str] | None:
    """(receiver, method) of a call of `getattr(obj, name)` whose name is one constant."""
    if not isinstance(func, cst.Call) or len(func.args) < 2 or any(a.keyword is not None or a.star for a in func.args) \
            or "builtins.getattr" not in r.names(func.func, scope):
        return None
    attr = {c for c in r.constants(func.args[1].value, scope) if isinstance(c, str)}
    return (func.args[0].value, attr.pop()) if len(attr) == 1 else None


def _writes_handle(names: set[str], method: str | None) -> bool:
    """A write into a handle (or a writer built over one), whose file is where the handle was opened."""
    return method in _HANDLE_WRITES or "builtins.print" in names


def _prints_to_console(call: cst.Call, r: Resolver, scope: Scope) -> bool:
    for a in call.args:
        if a.keyword is not None and a.keyword.value == "file":
            names = r.names(a.value, scope)
            return bool(names & _CONSOLE)
    return True
