"""Hand-written gradients, Hessians and Gram matrices, vouched for by their structure.

`X.T @ v` sums over the rows of X, but the other factor chooses how: a model's residual gives a gradient,
a one-hot vector gives a row back. A taint flag cannot tell a scalar from a per-row vector, so the flow
analysis reviews every such product (update-channel-leak.data-product) unless it matches this closed
grammar, in which case its site data reduces like an aggregate (a secret stays a secret; a value of
unknown provenance stays unknown). Nothing else is vouched for; no name the author chooses counts
(a function called `sigmoid` is inlined and judged by its body).

    product   := T @ R | T @ A | T @ Y | T @ diag(V) @ A | (A.T * V) @ A      (also np.dot / np.matmul / .dot,
                 any factor scaled by a scalar: `s * A.T @ R` is `(s * A.T) @ R`)
    T         := A.T | A.transpose() | np.transpose(A)
    A         := a design matrix (below); the SAME code on both sides and inside every prediction
    R         := P - Y | Y - P | s * R | R * s | R / s | -R | a name every assignment of which is an R
    P         := core | core + s | s + core | link(P) | a name every assignment of which is a P
    core      := A @ W | np.dot(A, W) | np.matmul(A, W) | A.dot(W)
    link(Z)   := 1 / (1 + np.exp(-Z)) | scipy.special.expit(Z) | np.tanh(Z) | np.exp(Z) | np.clip(Z, s, s)
                 | f(Z) for a function f of the module whose body is one `return link(its parameter)`
    V         := P * (1 - P) | (1 - P) * P | V[:, k] | s * V | a name every assignment of which is a V
    W         := a name, a field or a constant item of one, carrying nothing from the site and nothing of
                 unknown provenance here (model parameters from the server, or updated by the loop itself);
                 a parameter of the function travels to its callers, where what they pass is judged
    Y         := a design matrix (a label column)
    s         := a number | len(Z) | Z.shape[k] | Z.size | float(s) | int(s) | round(s) | arithmetic of scalars
                 | a name every binding of which is a scalar (also `for i in range(s, ..)`), with Z a
                 design, a permutation or W (a size of anything else may be a value: `int(x[i, j])`)
                 | an argparse option declared with type=float or type=int (and no nargs or action)
    design    := a table read (rules/flow sources: pandas, numpy, polars, pyarrow, scipy.io, svmlight; not
                 images or datasets) with harmless arguments | a name or a `self` field every
                 assignment of which is a design and that nothing mutates (below) | design[str keys]
                 | design[:, cols] | design.iloc[:, cols] | design[a batch of rows] | .to_numpy() .values
                 .astype() .copy() .reshape(-1, 1) .pop(str) .drop(columns=..) .dropna() | np.asarray /
                 np.array | np.hstack / np.column_stack / np.concatenate(axis=1) of designs and bias columns
                 np.ones((s, 1)) | design op s | (design - stat) / stat with stat a column reduction
                 (axis 0) of a design that is no batch (every row), or stat op s
                 | a per-column scaler's fit_transform(design)
    batch     := design[lo:hi] with scalar bounds not both constant | design[idx] with idx a
                 permutation (np.random.permutation, rng.permutation, np.arange, choice(replace=False)),
                 or a slice of one

Mutation: a name of a design (and every name that may alias it: assigned from it, iterated from it) must
never be written into anywhere in the module (item or attribute stores, augmented assignments, in-place
methods, `inplace=True`, `out=`, numpy's writing functions, a function of the module that writes into the
parameter it is passed, or any call the gate cannot see). Names are matched by spelling, module-wide:
an over-approximation that can only refuse.

Limits (docs/architecture.md, "The update channel"): the gate cannot bound how many rows a batch or the
whole table has (a gradient over one row is that row): the run-time update filter is the layer for that;
it cannot see shapes (a weight matrix with one column per row broadcasts the residual into a matrix);
weights chosen by a malicious server (model inversion) are as out of its reach as they are for autograd.
A design matrix may be a parameter of the function that takes the product (`def step(x, y, w)`, `data["X"]`):
the product is then vouched for at each call, where the argument must be a design matrix by the same
grammar (a call through another module of the job included); a call that passes anything else, or a
parameter of its own, makes it a data-product there.
"""

from __future__ import annotations

import functools

import libcst as cst

from ..resolve import CHILD_FIELDS, IS_NODE, FuncRef, Iterated, Kinds, Resolver, Scope, children
from . import vocabulary
from .names import _HEADER_SKIPS, _SOURCE_CALLS  # _HEADER_SKIPS: a header line (0 or 1), never more
from .values import Param

MAX_DEPTH = 24
_MATMUL_NAMES = frozenset({"numpy.dot", "numpy.matmul"})
_LINK_CALLS = frozenset({"scipy.special.expit", "numpy.tanh", "numpy.exp"})
_STAT_METHODS = frozenset({"mean", "std", "var", "min", "max", "median", "sum", "nanmean", "nanstd"})
_STAT_CALLS = frozenset(f"numpy.{m}" for m in _STAT_METHODS)
_SCALERS = frozenset({"sklearn.preprocessing.StandardScaler()", "sklearn.preprocessing.MinMaxScaler()",
                      "sklearn.preprocessing.MaxAbsScaler()", "sklearn.preprocessing.RobustScaler()"})
_CONVERSIONS = frozenset({"to_numpy", "astype", "copy"})  # methods that keep rows and columns
_TABLE_LIBS = ("pandas.", "polars.")  # row_root: libraries whose tables' items are columns
_SAME_ROWS_CALLS = vocabulary.load().names("same_rows_calls")  # row_root: what has its argument's rows
_SAME_ROWS_METHODS = vocabulary.load().words("same_rows_methods")
_FLAT_FRAMES = vocabulary.load().names("flat_frames")  # selected_columns
_ARRAY_CALLS = frozenset({"numpy.asarray", "numpy.array", "numpy.float64", "numpy.float32"})
STACKS = _STACKS = frozenset({"numpy.hstack", "numpy.column_stack", "numpy.concatenate"})
_PERMUTATIONS = frozenset({"numpy.random.permutation", "numpy.arange"})
_SCALAR_CALLS = frozenset({"builtins.len", "builtins.float", "builtins.int", "builtins.round", "math.sqrt",
                           "math.log", "math.exp", "builtins.min", "builtins.max"})
# the data readers (of rules/flow sources) whose result is a table: rows of records, columns of features
_TABLE_READERS = ("pandas.read_", "pandas.io.", "numpy.load", "numpy.genfromtxt", "numpy.fromfile", "numpy.memmap",
                  "numpy.lib.npyio.", "polars.read_", "polars.scan_", "pyarrow.", "scipy.io.loadmat",
                  "sklearn.datasets.load_svmlight_file")
# keyword arguments of a data read that say how to parse it, not which rows to keep (not `comment`, which
# drops the lines it starts, nor `unpack=True`, which hands the table back transposed: a row per column)
_READ_KEYWORDS = frozenset({"usecols", "sep", "delimiter", "dtype", "names", "allow_pickle", "mmap_mode",
                            "encoding", "na_values", "index_col", "columns", "engine", "low_memory",
                            "quotechar", "decimal", "thousands"})

# numpy functions whose result may share memory with their argument (every other numpy function copies)
_NUMPY_VIEWS = frozenset({
    "numpy.asarray", "numpy.asanyarray", "numpy.reshape", "numpy.ravel", "numpy.transpose", "numpy.squeeze",
    "numpy.atleast_1d", "numpy.atleast_2d", "numpy.atleast_3d", "numpy.expand_dims", "numpy.broadcast_to",
    "numpy.swapaxes", "numpy.moveaxis", "numpy.ascontiguousarray", "numpy.asfortranarray", "numpy.diagonal",
    "numpy.real", "numpy.imag", "numpy.split", "numpy.array_split", "numpy.hsplit", "numpy.vsplit", "numpy.dsplit",
    "numpy.frombuffer", "numpy.flip", "numpy.fliplr", "numpy.flipud", "numpy.rot90", "numpy.nditer",
    "numpy.lib.stride_tricks.as_strided", "numpy.lib.stride_tricks.sliding_window_view", "numpy.ndarray",
    "numpy.memmap", "numpy.require", "numpy.rollaxis", "numpy.matrix", "numpy.asmatrix"})
_COPYING_METHODS = frozenset({"copy", "dot", "matmul", "sum", "mean", "std", "var", "min", "max", "prod", "tolist",
                              "item", "round", "cumsum", "argmax", "argmin", "any", "all", "__len__", "to_list"})
_METADATA = frozenset({"shape", "size", "ndim", "dtype", "nbytes", "itemsize", "columns", "dtypes"})
# calls whose result holds none of what they are handed; `sum(x)` is `0 + x[0] + ...`, arithmetic (`_held`)
_NUMBER_CALLS = frozenset({"builtins.len", "builtins.float", "builtins.int", "builtins.str", "builtins.bool",
                           "builtins.round", "builtins.print", "builtins.isinstance", "builtins.repr", "builtins.sum"})
# numpy functions that write into their first argument; methods that write into their receiver
_WRITING_CALLS = frozenset({"numpy.copyto", "numpy.put", "numpy.place", "numpy.putmask", "numpy.fill_diagonal",
                            "numpy.random.shuffle", "random.shuffle", "numpy.put_along_axis"})
_WRITING_METHODS = frozenset({"fill", "put", "itemset", "resize", "sort", "partition", "setfield", "setflags",
                              "update", "insert", "append", "extend", "clear", "remove", "discard", "popitem",
                              "reverse", "shuffle", "setdefault"})  # (pandas' own: `inplace=True`, above)
# builtin list, dict and set methods that store what they are handed (a name bound only to a display is one)
# methods that write chosen positions of their receiver (written_at_positions)
_POSITION_WRITERS = frozenset({"__setitem__", "itemset", "put", "put_", "scatter_", "scatter_add_", "index_fill_",
                               "index_put_", "index_copy_", "index_add_", "masked_fill_", "masked_scatter_", "setfield"})
_CONTAINER_METHODS = frozenset({"append", "extend", "insert", "add", "update", "setdefault"})
_CONTAINER_DISPLAYS = (cst.List, cst.Dict, cst.Set, cst.ListComp, cst.DictComp, cst.SetComp)


# The nodes the module index looks at (`_Index._walk`); every other node is only walked through.
_BINDING_NODES = Kinds(cst.FunctionDef, cst.Lambda, cst.ClassDef, cst.Global, cst.Nonlocal, cst.Assign,
                       cst.AnnAssign, cst.AugAssign, cst.NamedExpr, cst.Del, cst.For, cst.CompFor, cst.WithItem,
                       cst.ExceptHandler, cst.ExceptStarHandler, cst.MatchAs, cst.MatchStar, cst.MatchMapping,
                       cst.Import, cst.ImportFrom, cst.Call, cst.Attribute)
_YIELD = Kinds(cst.Yield)
_SCOPE_NODES = Kinds(cst.FunctionDef, cst.Lambda, cst.ClassDef)


_KEY_FORMS = (cst.SimpleString, cst.ConcatenatedString, cst.List, cst.Tuple, cst.Subscript, cst.ListComp, cst.IfExp)


def _bounded(check):
    """A check that does not vouch past MAX_DEPTH nested checks (a deep or self-referring expression)."""
    @functools.wraps(check)
    def bounded(self, *args):
        if self.depth > MAX_DEPTH:
            return False
        self.depth += 1
        try:
            return check(self, *args)
        finally:
            self.depth -= 1
    return bounded


# ---- the module index: every binding site of every name, and what is written into -----------


class _Site:
    __slots__ = ("kind", "value", "scope", "position")

    def __init__(self, kind: str, value: cst.CSTNode | None, scope: cst.CSTNode, position: int = 0):
        # "assign" (value), "aug" (value: the AugAssign), "for" (value: the iterable), "unpack" (value: a
        # call, position: which part of the tuple it returns), "param" (scope: its function), "other"
        # (nothing the grammar can follow)
        self.kind = kind
        self.value = value
        self.scope = scope  # the scope node the value is read in
        self.position = position


class _Index:
    """One walk over the module: binding sites by (scope node, name), `self` fields by attribute, what is
    written into (by spelling), and which names may alias which."""

    def __init__(self, r: Resolver):
        self.r = r
        self.scopes: dict[int, Scope] = {id(s.node): s for s in r.scope_of.values()}
        self.scopes[id(r.module)] = r.root
        for bodies in r.class_scopes.values():
            for body in bodies:
                self.scopes[id(body.node)] = body
        self.sites: dict[tuple[int, str], list[_Site]] = {}
        self.fields: dict[str, list[_Site]] = {}
        self.written: set[str] = set()  # names (or "self.attr") written into
        self.declared_global: set[tuple[int, str]] = set()  # (id(function), name) of its `global` statements
        self.label_written: set[str] = set()  # names written into only as `name["label"] = v` (untouched_labels)
        self.item_written: set[str] = set()  # names written into at positions (`v[7] = 1`, `v.scatter_(...)`): written
        self.aliases: dict[str, set[str]] = {}  # name -> names that may hold it
        self.fields_untrusted = False  # setattr / __dict__ / vars(): any field may be anything
        self.own_calls: list[tuple[cst.FunctionDef, cst.Call]] = []
        self.deferred: list[tuple[cst.FunctionDef, set[str], list[str]]] = []  # (function, arguments, targets)
        self.container_calls: list[tuple[cst.Call, cst.CSTNode]] = []  # (a container method's call, its scope)
        self._walk(r.module, r.module)
        self._container_calls()
        self._through_functions()
        self._written_through_calls()

    # -- walking

    def _add(self, scope: cst.CSTNode, name: str, site: _Site) -> None:
        if (id(scope), name) in self.declared_global:
            scope = self.r.module  # `global fds; fds = FederatedDataset(...)`: a binding of the module's name
        self.sites.setdefault((id(scope), name), []).append(site)

    def _scope_obj(self, node: cst.CSTNode) -> Scope | None:
        return self.scopes.get(id(node))

    def _walk(self, node: cst.CSTNode, scope: cst.CSTNode) -> None:
        if not _BINDING_NODES[node.__class__]:  # most nodes: one test instead of the chain below
            for name in CHILD_FIELDS[node.__class__]:  # children() inlined: every node of the module passes here
                value = getattr(node, name)
                if value.__class__ is tuple or value.__class__ is list:
                    for item in value:
                        if IS_NODE[item.__class__]:
                            self._walk(item, scope)
                elif IS_NODE[value.__class__]:
                    self._walk(value, scope)
            return
        if isinstance(node, (cst.FunctionDef, cst.Lambda)):
            if isinstance(node, cst.FunctionDef):
                self._add(scope, node.name.value, _Site("other", None, scope))
                for d in node.decorators:
                    self._walk(d, scope)
            p = node.params
            for param in [*p.posonly_params, *p.params, *p.kwonly_params, p.star_arg, p.star_kwarg]:
                if isinstance(param, cst.Param):
                    self._add(node, param.name.value, _Site("param", None, node))
                    if param.default is not None:
                        self._walk(param.default, scope)
            self._walk(node.body, node)
            return
        if isinstance(node, cst.ClassDef):
            self._add(scope, node.name.value, _Site("other", None, scope))
            for part in (*node.decorators, *node.bases, *node.keywords):
                self._walk(part, scope)
            self._walk(node.body, node)
            return
        if isinstance(node, cst.Global):
            for n in node.names:  # what the function binds it to is one more binding of the module's name (_add)
                self.declared_global.add((id(scope), n.name.value))
        elif isinstance(node, cst.Nonlocal):
            for n in node.names:  # written from elsewhere: whatever the function binds it to
                self._add(self.r.module, n.name.value, _Site("other", None, scope))
                self.written.add(n.name.value)
        elif isinstance(node, cst.Assign):
            for t in node.targets:
                self._target(t.target, node.value, scope)
        elif isinstance(node, cst.AnnAssign):
            if node.value is not None:
                self._target(node.target, node.value, scope)
        elif isinstance(node, cst.AugAssign):
            if isinstance(node.target, cst.Name):
                self._add(scope, node.target.value, _Site("aug", node, scope))
            self.written.update(_roots(node.target))  # in place for an array
            if isinstance(node.target, cst.Subscript):
                self.item_written.update(_roots(node.target))
            self._alias(node.target, node.value, scope)
        elif isinstance(node, cst.NamedExpr):
            self._target(node.target, node.value, scope)
        elif isinstance(node, cst.Del):
            self._opaque(node.target, scope, written=True)
        elif isinstance(node, (cst.For, cst.CompFor)):
            if isinstance(node.target, cst.Name):
                self._add(scope, node.target.value, _Site("for", node.iter, scope))
            else:
                self._opaque(node.target, scope)
            self._alias(node.target, node.iter, scope)
        elif isinstance(node, cst.WithItem):
            if node.asname is not None:
                self._opaque(node.asname.name, scope)
                self._alias(node.asname.name, node.item, scope)
        elif isinstance(node, (cst.ExceptHandler, cst.ExceptStarHandler)):
            if node.name is not None:
                self._opaque(node.name.name, scope)
        elif isinstance(node, (cst.MatchAs, cst.MatchStar)):
            if node.name is not None:
                self._opaque(node.name, scope)
        elif isinstance(node, cst.MatchMapping) and node.rest is not None:
            self._opaque(node.rest, scope)
        elif isinstance(node, (cst.Import, cst.ImportFrom)) and not isinstance(getattr(node, "names", None),
                                                                               cst.ImportStar):
            for alias in node.names:
                target = alias.asname.name if alias.asname is not None else alias.name
                while isinstance(target, cst.Attribute):
                    target = target.value
                self._opaque(target, scope)
        elif isinstance(node, cst.Call):
            self._call(node, scope)
        elif isinstance(node, cst.Attribute) and node.attr.value == "__dict__":
            self.fields_untrusted = True
        for child in children(node):
            self._walk(child, scope)

    def _opaque(self, target: cst.BaseExpression, scope: cst.CSTNode, written: bool = False) -> None:
        if isinstance(target, cst.Name):
            self._add(scope, target.value, _Site("other", None, scope))
            if written:
                self.written.add(target.value)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for el in target.elements:
                self._opaque(el.value, scope, written)
        elif isinstance(target, cst.StarredElement):
            self._opaque(target.value, scope, written)
        else:
            self.written.update(_roots(target))
            if isinstance(target, cst.Subscript):
                self.item_written.update(_roots(target))

    def _target(self, target: cst.BaseExpression, value: cst.BaseExpression, scope: cst.CSTNode) -> None:
        if isinstance(target, cst.Name):
            self._add(scope, target.value, _Site("assign", value, scope))
            self._alias(target, value, scope)
        elif isinstance(target, (cst.Tuple, cst.List)):
            elems = value.elements if isinstance(value, (cst.Tuple, cst.List)) else None
            if elems is not None and len(elems) == len(target.elements) and \
                    not any(isinstance(e, cst.StarredElement) for e in (*elems, *target.elements)):
                for t, v in zip(target.elements, elems):
                    self._target(t.value, v.value, scope)
            elif isinstance(value, cst.Call) and all(isinstance(e.value, cst.Name) for e in target.elements):
                for i, e in enumerate(target.elements):  # `x, y = load(path)`: the parts of what it returns
                    self._add(scope, e.value.value, _Site("unpack", value, scope, i))
                self._alias(target, value, scope)
            else:
                self._opaque(target, scope)
                self._alias(target, value, scope)
        elif isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name) and \
                target.value.value in ("self", "cls"):
            self.fields.setdefault(target.attr.value, []).append(_Site("assign", value, scope))
            self._alias(target, value, scope)
        elif isinstance(target, cst.Attribute):
            self.fields.setdefault(target.attr.value, []).append(_Site("other", None, scope))  # `h.x = v`
            self.written.update(_roots(target))
            self._alias(target, value, scope)
        elif _label_store(target):
            self.label_written.add(target.value.value)  # `df["income"] = ...`: a column with a label the code spells
            self._alias(target, value, scope)
        else:
            self._opaque(target, scope, written=True)
            self._alias(target, value, scope)  # `d["x"] = X`: d now holds X

    def _alias(self, target: cst.BaseExpression, value: cst.BaseExpression | None, scope: cst.CSTNode) -> None:
        """`target` may now hold (a view of) any name `value` holds (not through arithmetic, a comparison or
        a function known to copy); what passes through a function of the module counts once it is known to
        hand back what it is given (`_through_functions`)."""
        if value is None:
            return
        held, through = self._held(value, scope)
        targets = _target_keys(target)
        self._link(held, targets)
        for fn, names in through:
            self.deferred.append((fn, names, targets))

    def _link(self, held: set[str], targets: list[str]) -> None:
        for t in targets:
            for name in held:
                self.aliases.setdefault(name, set()).add(t)

    def _held(self, node: cst.CSTNode, scope_node: cst.CSTNode) -> tuple[set[str], list]:
        """Names an expression may hand back as they are, and (function, names) handed to the module's
        own functions on the way."""
        out: set[str] = set()
        through: list = []
        scope = self._scope_obj(scope_node)
        stack = [node]
        while stack:
            n = stack.pop()
            if isinstance(n, (cst.BinaryOperation, cst.UnaryOperation, cst.Comparison)) or _metadata(n):
                continue  # a new array; what an array is (`x.shape[0]`), not what it holds
            if isinstance(n, (cst.Attribute, cst.Subscript, cst.Name)):
                key = _root_key(n)
                if key is not None:
                    out.add(key)
                    continue
            if isinstance(n, cst.Subscript):
                stack.append(n.value)
                continue
            if isinstance(n, cst.Arg):
                stack.append(n.value)  # `f(dataset="iris")`: the keyword's name is no value the call holds
                continue
            if isinstance(n, cst.Call) and scope is not None:
                kind = self._call_holds(n, scope)
                if kind is None:
                    continue
                if kind:  # the module's functions: they hold their arguments if they return a parameter
                    names: set[str] = set()
                    for a in n.args:
                        inner, more = self._held(a.value, scope_node)
                        names |= inner
                        through.extend(more)
                    through.extend((fn, names) for fn in kind)
                    continue
            stack.extend(children(n))
        return out, through

    def _call_holds(self, call: cst.Call, scope: Scope) -> list | None:
        """None when a call's result holds none of what it is given (a copy, a number); a list of the
        module's functions it calls; [] when it may hold anything it is given."""
        func = call.func
        if _on_text(func):
            return None
        copy_false = any(a.keyword is not None and a.keyword.value == "copy" for a in call.args)
        shallow = any(a.keyword is not None and a.keyword.value == "deep" for a in call.args)
        if isinstance(func, cst.Attribute) and ((func.attr.value in _COPYING_METHODS and not shallow) or
                                               (func.attr.value == "astype" and not copy_false)):
            return None
        values = self.r.values(func, scope)
        names = {v for v in values if isinstance(v, str)}
        if names and not copy_false and all((n.startswith("numpy.") and n not in _NUMPY_VIEWS and "()" not in n)
                                            or n in _NUMBER_CALLS for n in names):
            return None
        own = [v.node for v in values if isinstance(v, FuncRef) and isinstance(v.node, cst.FunctionDef)
               and id(v.node) in self.r.scope_of]
        if own and len(own) == len(values):
            return own
        return []

    def _through_functions(self) -> None:
        """A function of the module hands back what it is given when one of its returns (or yields) may
        hold a parameter: then its calls link their arguments to what takes the result."""
        from .syntax import _params, _return_values  # noqa: PLC0415 - syntax.py imports this module
        handing: set[int] = set()
        changed = True
        while changed:
            changed = False
            for fn, names, targets in self.deferred:
                if id(fn) in handing:
                    continue
                returned: set[str] = set()
                returns = _return_values(fn)
                generator = _yields(fn)
                for v in returns:
                    held, through = self._held(v, fn)
                    returned |= held
                    returned |= {n for f, ns in through if id(f) in handing for n in ns}
                params = {p.name.value for p in _params(fn)}
                if generator or not returns or any(self._reaches(p, returned) for p in params):
                    handing.add(id(fn))
                    changed = True
            for fn, names, targets in self.deferred:
                if id(fn) in handing:
                    self._link(names, targets)

    def _reaches(self, start: str, goal: set[str]) -> bool:
        seen, todo = {start}, [start]
        while todo:
            k = todo.pop()
            if k in goal:
                return True
            for nxt in self.aliases.get(k, ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return False

    def _call(self, call: cst.Call, scope_node: cst.CSTNode) -> None:
        scope = self._scope_obj(scope_node)
        if scope is None:
            return
        func = call.func
        if _on_text(func):
            return  # `"{}".format(x)`, `", ".join(names)`: a new string
        values = self.r.values(func, scope)
        names = {v for v in values if isinstance(v, str)}
        method = func.attr.value if isinstance(func, cst.Attribute) else None
        if "builtins.setattr" in names or "builtins.vars" in names or "builtins.delattr" in names:
            self.fields_untrusted = True
        for a in call.args:
            if a.keyword is not None and a.keyword.value == "out":
                self.written.update(_roots(a.value))
            if a.keyword is not None and a.keyword.value == "inplace" and method is not None:
                self.written.update(_roots(func.value))
        if method is not None and (method in _WRITING_METHODS or method.startswith("__i") or
                                   method in ("__setitem__", "__setattr__") or
                                   (method.endswith("_") and not method.startswith("__"))):
            self.written.update(_roots(func.value))  # `x.fill(0)`, `x.mul_(m)`, `x.__imul__(m)`
            if method in _POSITION_WRITERS:
                self.item_written.update(_roots(func.value))
            self._hold_arguments(call, _roots(func.value), scope_node)  # `rows.append(X)`: rows holds X
        if "builtins.setattr" in names and call.args:
            self._hold_arguments(call, _roots(call.args[0].value), scope_node)
        if method == "pop" and not (len(call.args) == 1 and isinstance(call.args[0].value, cst.SimpleString)):
            self.written.update(_roots(func.value))  # `df.pop("y")` takes a column out; anything else writes
        refs = [v for v in values if isinstance(v, FuncRef)]
        if names & _WRITING_CALLS and call.args:
            self.written.update(_roots(call.args[0].value))
            self.item_written.update(_roots(call.args[0].value))
        own = [v.node for v in refs if isinstance(v.node, cst.FunctionDef) and id(v.node) in self.r.scope_of]
        if own and len(own) == len(refs) and not names:
            for fn in own:
                self.own_calls.append((fn, call))
            return
        from .syntax import _known_lib  # noqa: PLC0415 - syntax.py imports this module
        if refs or not names or not all(_known_lib(n) for n in names):
            if method in _CONTAINER_METHODS and isinstance(func.value, cst.Name) and not refs:
                self.container_calls.append((call, scope_node))  # decided once every binding is known
                return
            for a in call.args:  # code the gate cannot see may write into what it is handed
                self.written.update(_roots(a.value))

    def _container_calls(self) -> None:
        """`preds.extend(model(x).tolist())`: a name that every binding of its scope makes a list, dict or set
        (a display or a comprehension) is the builtin container, whose methods write into it, never into
        what they are handed; on anything else the method is code the gate cannot see."""
        for call, scope_node in self.container_calls:
            sites = self.sites.get((id(scope_node), call.func.value.value))
            if sites and all(site.kind == "assign" and isinstance(site.value, _CONTAINER_DISPLAYS) for site in sites):
                continue
            for a in call.args:
                self.written.update(_roots(a.value))

    def _hold_arguments(self, call: cst.Call, holders: set[str], scope_node: cst.CSTNode) -> None:
        held: set[str] = set()
        for a in call.args:
            names, through = self._held(a.value, scope_node)
            held |= names
            self.deferred.extend((fn, ns, sorted(holders)) for fn, ns in through)
        self._link(held, sorted(holders))

    def _written_through_calls(self) -> None:
        """A function of the module that writes into its parameter writes into what its callers pass."""
        changed = True
        while changed:
            changed = False
            for fn, call in self.own_calls:
                params = [*fn.params.posonly_params, *fn.params.params]
                scope = self.r.scope_of.get(id(fn))
                if scope is not None and scope.parent is not None and scope.parent.is_class and params:
                    params = params[1:]
                for i, a in enumerate(call.args):
                    name = None if a.star else a.keyword.value if a.keyword is not None else \
                        params[i].name.value if i < len(params) else None
                    hit = name is None or not self.untouched(name) or (a.keyword is not None and
                                                                       fn.params.star_kwarg is not None)
                    # only items stored under labels the code spells out: so for the caller's object too
                    into = self.label_written if hit and name is not None and self.untouched(name, labels=True) and \
                        not (a.keyword is not None and fn.params.star_kwarg is not None) else self.written
                    roots = _roots(a.value)
                    if hit and not roots <= into:
                        into.update(roots)
                        changed = True

    # -- queries

    def written_at_positions(self, key: str) -> bool:
        """Something writes into `key` (or a name that may alias it) at chosen positions, not as a whole (`fill_`)."""
        return self._reaches(key, self.item_written)

    def untouched(self, key: str, labels: bool = False) -> bool:
        """Nothing writes into `key` or into any name that may alias it (with `labels`, but items stored under a
        label the code spells out, `df["income"] = v`: the labels stay strings)."""
        seen, todo = {key}, [key]
        while todo:
            k = todo.pop()
            if k in self.written or (k in self.label_written and not labels):
                return False
            for nxt in self.aliases.get(k, ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return True


def _root_key(node: cst.BaseExpression) -> str | None:
    """The name a chain starts from; `self.x...` is the field `self.x`."""
    chain = []
    while isinstance(node, (cst.Attribute, cst.Subscript)):
        chain.append(node)
        node = node.value
    if isinstance(node, cst.Name):
        if node.value in ("self", "cls") and chain and isinstance(chain[-1], cst.Attribute):
            return "self." + chain[-1].attr.value
        return node.value
    return None


def _roots(node: cst.BaseExpression) -> set[str]:
    """Every name a write through `node` may reach: its chain's root, and what a call in the chain was given."""
    out: set[str] = set()
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, (cst.Attribute, cst.Subscript)):
            key = _root_key(n)
            if key is not None:
                out.add(key)
                continue
            stack.append(n.value)
        elif isinstance(n, cst.Name):
            out.add(n.value)
        elif isinstance(n, cst.Call):
            stack.append(n.func)
            stack.extend(a.value for a in n.args)
        elif isinstance(n, (cst.Tuple, cst.List)):
            stack.extend(e.value for e in n.elements)
    return out


def _metadata(node: cst.CSTNode) -> bool:
    """`x.shape[0]`, `df.columns`, `x.dtype`: a chain through what an array is, not what it holds."""
    while isinstance(node, (cst.Attribute, cst.Subscript)):
        if isinstance(node, cst.Attribute) and node.attr.value in _METADATA:
            return True
        node = node.value
    return False


def _on_text(func: cst.BaseExpression) -> bool:
    """A method of a string literal (`"{}".format(x)`): it builds a new string and writes into nothing."""
    return isinstance(func, cst.Attribute) and \
        isinstance(func.value, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString))


def body_holds(fn: cst.FunctionDef, kinds: Kinds) -> bool:
    """Whether the function's own body (not a function or class defined in it) holds a node of `kinds`. A walk with
    children() that stops at the first one: a libcst visitor over every body cost 3% of the stdlib subset."""
    stack: list[cst.CSTNode] = [fn.body]
    while stack:
        n = stack.pop()
        if kinds[n.__class__]:
            return True
        if not _SCOPE_NODES[n.__class__]:
            stack.extend(children(n))
    return False


def _yields(fn: cst.FunctionDef) -> bool:
    return body_holds(fn, _YIELD)


def _target_keys(target: cst.BaseExpression) -> list[str]:
    if isinstance(target, (cst.Tuple, cst.List)):
        return [k for el in target.elements for k in _target_keys(el.value)]
    if isinstance(target, cst.StarredElement):
        return _target_keys(target.value)
    key = _root_key(target) if isinstance(target, (cst.Name, cst.Attribute, cst.Subscript)) else None
    return [key] if key is not None else []


def _index(r: Resolver) -> _Index:
    # Kept on the resolver, so that it dies with it: an index held by a
    # module-level weak-keyed table would keep its key (self.r) alive for good.
    idx = r.derived.get(_Index)
    if idx is None:
        idx = r.derived[_Index] = _Index(r)
    return idx


# ---- the grammar ------------------------------------------------------------------------------


def _code(node: cst.CSTNode) -> str:
    return "".join(cst.Module([]).code_for_node(node).split())


# `len(x) // k`: a share of at least a tenth of the rows, and the rest, on the grid of coarse_share
_SHARE_DIVISORS = frozenset({2.0, 4.0, 5.0, 10.0})


def _row_slice(site: _Site) -> bool:
    """`a = x[lo:hi]`: a binding to some of another value's rows."""
    value = site.value if site.kind == "assign" else None
    if not isinstance(value, cst.Subscript) or not value.slice or not isinstance(value.slice[0].slice, cst.Slice):
        return False
    first = value.slice[0].slice
    return not (first.lower is None and first.upper is None and first.step is None)


def coarse_share(fraction: float) -> bool:
    """A share of the rows the gate vouches for: a multiple of a twentieth from a tenth to nine tenths. Two
    shares of the same rows then differ by a twentieth of them or more: with any fraction, `x[:int(0.5 *
    len(x))]` and `x[:int(0.501 * len(x))]` differ by one row, and so do their sums."""
    return 0.1 <= fraction <= 0.9 and abs(fraction * 20 - round(fraction * 20)) < 1e-9


def _number(node: cst.CSTNode) -> float | None:
    if isinstance(node, (cst.Integer, cst.Float)):
        try:
            return float(node.evaluated_value)
        except (ValueError, TypeError):
            return None
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
        inner = _number(node.expression)
        return -inner if inner is not None else None
    return None


def _positional(call: cst.Call) -> list[cst.BaseExpression] | None:
    """The positional arguments, or None when the call unpacks `*args` / `**kwargs`."""
    if any(a.star for a in call.args):
        return None
    return [a.value for a in call.args if a.keyword is None]


def _keyword(call: cst.Call, name: str) -> cst.BaseExpression | None:
    return next((a.value for a in call.args if a.keyword is not None and a.keyword.value == name), None)


def _drops_columns(call: cst.Call) -> bool:
    """`.drop(columns=[...])`, `.drop("y", axis=1)`: columns only; never rows, never in place."""
    if _keyword(call, "columns") is not None:
        return all(a.keyword is not None and a.keyword.value == "columns" for a in call.args)
    axis = _keyword(call, "axis")
    return axis is not None and (_number(axis) == 1.0 or (isinstance(axis, cst.SimpleString)
                                                          and axis.evaluated_value == "columns")) and \
        all(a.keyword is None or a.keyword.value == "axis" for a in call.args)


class _Check:
    """One product's check: the resolver and scope of the frame, what a weight expression carries there
    (`taint`, None at a call site), and whether a design matrix may be a parameter of the frame's function
    (`defer`: then each call must pass one, see `satisfied`)."""

    def __init__(self, r: Resolver, scope: Scope, taint, defer: bool):
        self.r = r
        self.scope = scope
        self.taint = taint
        self.defer = defer
        self.requirements: set[tuple[str, tuple[str, ...]]] = set()  # (parameter, string keys) each call must pass
        self.weight_params: set[str] = set()  # parameters the weights carry as they are
        self.depth = 0
        self.whole = False  # judging what a column statistic is taken over: every row, no batch
        self.active: set[tuple] = set()  # (form, scope, name) being checked: a name's own re-assignment

    @functools.cached_property
    def idx(self) -> _Index:  # built when a check first needs the module's bindings (most end before)
        return _index(self.r)

    def names(self, node: cst.CSTNode, scope: Scope) -> set[str]:
        return self.r.names(node, scope)

    def _sites(self, name: str, scope: Scope) -> tuple[list[_Site], Scope] | None:
        s = self.r.binding_scope(name, scope)
        if s is None:
            return None
        sites = self.idx.sites.get((id(s.node), name))
        return (sites, s) if sites else None

    def _every(self, name: cst.Name, scope: Scope, form, tag: str = "", local: bool = False) -> bool:
        """Every assignment of the name matches `form` (in the scope it is read in)."""
        found = self._sites(name.value, scope)
        if found is None:
            return False
        sites, s = found
        if local and s is not scope:
            return False  # predictions and residuals are read where the product is (weights are judged there)
        key = (tag or form.__name__, id(s), name.value)
        if key in self.active:
            return True  # `x = (x - x.mean(0)) / x.std(0)`: judged by its other assignments
        if self.depth > MAX_DEPTH:
            return False
        self.depth += 1
        self.active.add(key)
        try:
            for site in sites:
                where = self.idx.scopes.get(id(site.scope))
                if where is None:
                    return False
                if site.kind == "unpack":
                    if not self._returned(site, where, form):
                        return False
                elif site.kind == "param":
                    if not (form == self.design and self._parameter(name.value, site, ())):
                        return False
                elif site.kind != "assign" or not form(site.value, where):
                    return False
            return True
        finally:
            self.depth -= 1
            self.active.discard(key)

    def _parameter(self, name: str, site: _Site, keys: tuple[str, ...]) -> bool:
        """A design matrix that is a parameter of the frame's own function: every call must pass one
        (checked where it is called, `satisfied`)."""
        if not self.defer or site.scope is not self.scope.node:
            return False
        self.requirements.add((name, keys))
        return True

    def _returned(self, site: _Site, scope: Scope, form) -> bool:
        """`x, y = load(path)` with load a function of the module every `return` of which is a tuple of that
        length: its part matches `form` where the function reads it."""
        from .syntax import _return_values  # noqa: PLC0415 - syntax.py imports this module
        values = self.r.values(site.value.func, scope)
        refs = [v for v in values if isinstance(v, FuncRef) and isinstance(v.node, cst.FunctionDef)
                and id(v.node) in self.r.scope_of]
        if not refs or len(refs) != len(values):
            return False
        for ref in refs:
            returns = _return_values(ref.node)
            inner = self.r.scope_of[id(ref.node)]
            if not returns or not all(isinstance(t, cst.Tuple) and len(t.elements) > site.position and
                                      not any(isinstance(e, cst.StarredElement) for e in t.elements) and
                                      form(t.elements[site.position].value, inner) for t in returns):
                return False
        return True

    # -- scalars

    def scalar(self, node: cst.BaseExpression, scope: Scope) -> bool:
        if _number(node) is not None:
            return True
        if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, (cst.Minus, cst.Plus)):
            return self.scalar(node.expression, scope)
        if isinstance(node, cst.BinaryOperation) and not isinstance(node.operator, cst.MatrixMultiply):
            return self.scalar(node.left, scope) and self.scalar(node.right, scope)
        if isinstance(node, cst.Call):
            names = self.names(node.func, scope)
            args = _positional(node)
            if not names or not names <= _SCALAR_CALLS or args is None:
                return False
            if "builtins.len" in names:
                return len(args) == 1 and self._sized(args[0], scope)
            # float(), int(), round() of a number; float(x[i, j]) is a patient's value, and a residual
            # scaled by it (sent beside the unscaled one) hands the value out
            return all(self.scalar(a, scope) for a in args)
        if isinstance(node, cst.Attribute) and node.attr.value in ("size", "ndim"):
            return self._sized(node.value, scope)
        if isinstance(node, cst.Subscript) and isinstance(node.value, cst.Attribute) and \
                node.value.attr.value == "shape" and len(node.slice) == 1 and \
                isinstance(node.slice[0].slice, cst.Index):
            return self._sized(node.value.value, scope)  # x.shape[0]
        if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name):
            if node.value.value in ("self", "cls"):
                return self._field(node.attr.value, self.scalar)
            return self.option(node, scope)
        if isinstance(node, cst.Name):
            found = self._sites(node.value, scope) if self._assigned(node, scope) else None
            if found is None or self.depth > MAX_DEPTH:
                return False
            self.depth += 1
            try:
                return all(self._scalar_site(site) for site in found[0])
            finally:
                self.depth -= 1
        return False

    def _assigned(self, name: cst.Name, scope: Scope) -> bool:
        """Before the module index is built: the resolver knows the name only from assignments and loops
        (a parameter, an import or a function is never a scalar of the grammar)."""
        bound = self.r.binding_scope(name.value, scope)
        items = bound.bindings.get(name.value, ()) if bound is not None else ()
        return bool(items) and all(isinstance(i, (tuple, Iterated)) for i in items)

    def _sized(self, node: cst.BaseExpression, scope: Scope) -> bool:
        """What a size is taken of: a design matrix, a permutation or the weights, whose sizes are how many
        rows and columns the job has; the size of anything else may be a value (`len("." * int(x[i, j]))`,
        `x[x[:, 0] == v].shape[0]`, whether a patient is there)."""
        return self.design(node, scope) or self._permutation(node, scope) or self.weights(node, scope)

    def _scalar_site(self, site: _Site) -> bool:
        where = self.idx.scopes.get(id(site.scope))
        if where is None:
            return False
        if site.kind == "assign":
            return self.scalar(site.value, where)
        if site.kind == "aug":
            return self.scalar(site.value.value, where)
        if site.kind == "for":  # `for i in range(0, n, bs)`, with scalar bounds
            args = _positional(site.value) if isinstance(site.value, cst.Call) else None
            return args is not None and "builtins.range" in self.names(site.value.func, where) and \
                all(self.scalar(a, where) for a in args)
        return False

    def process_group(self, node: cst.BaseExpression, scope: Scope, call: str) -> bool:
        """`dist.get_world_size()` / `dist.get_rank()` of the default process group (`call`), or a name every
        assignment of which is one (also a part of what a function of the module returns: `rank, world = setup()`)."""
        if isinstance(node, cst.Name):
            return self._every(node, scope, lambda v, s: self.process_group(v, s, call), tag=call)
        return isinstance(node, cst.Call) and not node.args and self.names(node.func, scope) == {call}

    def option(self, node: cst.Attribute, scope: Scope) -> bool:
        """`args.lr` after `args = parser.parse_args()`, declared with type=float or type=int and no
        nargs or action: argparse makes it one number, whatever the job's config passes."""
        declared = False
        for use in self.r.calls:
            call = use.node
            if not (isinstance(call.func, cst.Attribute) and call.func.attr.value == "add_argument"):
                continue
            dest = _keyword(call, "dest")
            flags = [a.value for a in call.args if a.keyword is None]
            spelled = [c for f in flags[:1] for c in self.r.constants(f, use.scope) if isinstance(c, str)]
            if dest is not None:
                spelled = [c for c in self.r.constants(dest, use.scope) if isinstance(c, str)]
            else:
                spelled = [c.lstrip("-").replace("-", "_") for c in spelled]
            if node.attr.value not in spelled:
                continue
            kind = _keyword(call, "type")
            if kind is None or not self.names(kind, use.scope) <= {"builtins.float", "builtins.int"} or \
                    not self.names(kind, use.scope) or _keyword(call, "nargs") is not None or \
                    _keyword(call, "action") is not None:
                return False
            declared = True
        return declared and self._every(node.value, scope, self._parsed)

    def _parsed(self, node: cst.BaseExpression, scope: Scope) -> bool:
        """`parser.parse_args()`, or a call of the module's function that returns one (`args = parse()`)."""
        if not isinstance(node, cst.Call) or node.args:
            return False
        if isinstance(node.func, cst.Attribute) and node.func.attr.value == "parse_args":
            return True
        from .syntax import _return_values  # noqa: PLC0415 - syntax.py imports this module
        values = self.r.values(node.func, scope)
        refs = [v for v in values if isinstance(v, FuncRef) and isinstance(v.node, cst.FunctionDef)
                and id(v.node) in self.r.scope_of]
        if not refs or len(refs) != len(values) or self.depth > MAX_DEPTH:
            return False
        self.depth += 1
        try:
            return all((returns := _return_values(ref.node)) and
                       all(self._parsed(v, self.r.scope_of[id(ref.node)]) for v in returns) for ref in refs)
        finally:
            self.depth -= 1

    def _field(self, attr: str, form) -> bool:
        """Every assignment of `self.attr` in the module matches `form`, and nothing else writes it."""
        sites = self.idx.fields.get(attr)
        if not sites or self.idx.fields_untrusted or self.depth > MAX_DEPTH:
            return False
        self.depth += 1
        try:
            for site in sites:
                where = self.idx.scopes.get(id(site.scope))
                if site.kind != "assign" or where is None or not form(site.value, where):
                    return False
            return True
        finally:
            self.depth -= 1

    # -- design matrices and label columns

    @_bounded
    def design(self, node: cst.BaseExpression, scope: Scope) -> bool:
        if isinstance(node, cst.Name):
            return self.idx.untouched(node.value) and self._every(node, scope, self.design)
        if isinstance(node, cst.Attribute):
            value, attr = node.value, node.attr.value
            if isinstance(value, cst.Name) and value.value in ("self", "cls"):
                return self.idx.untouched("self." + attr) and self._field(attr, self.design)
            return attr == "values" and self.design(value, scope)
        if isinstance(node, cst.Subscript):
            return self._design_subscript(node, scope)
        if isinstance(node, cst.BinaryOperation):
            return self._scaled_or_standardised(node, scope)
        if isinstance(node, cst.Call):
            return self._design_call(node, scope)
        return False

    @_bounded
    def share(self, node: cst.BaseExpression, scope: Scope, rows: tuple) -> bool:
        """`node` is a fixed share of the row count of `rows`: (the base's binding site, its row_root)."""
        if isinstance(node, cst.Name):
            return self._every(node, scope, lambda v, s: self.share(v, s, rows), tag="share")
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.FloorDivide):
            return self._rows_of(node.left, scope, rows) and _number(node.right) in _SHARE_DIVISORS
        args = _positional(node) if isinstance(node, cst.Call) else None
        if not args or len(args) != 1 or len(node.args) != 1 or \
                not self.names(node.func, scope) & {"builtins.int", "math.floor"}:  # rounded down, as `//` is:
            return False  # `math.ceil(0.5 * len(x))` and `len(x) // 2` differ by one row
        inner = args[0]
        if not isinstance(inner, cst.BinaryOperation):
            return False
        if isinstance(inner.operator, cst.Divide):  # int(len(x) / 5)
            return self._rows_of(inner.left, scope, rows) and _number(inner.right) in _SHARE_DIVISORS
        if isinstance(inner.operator, cst.Multiply):  # int(0.8 * len(x)), int(len(x) * 0.8)
            for fraction, counted in ((inner.left, inner.right), (inner.right, inner.left)):
                f = _number(fraction)
                if f is not None and coarse_share(f) and self._rows_of(counted, scope, rows):
                    return True
        return False

    def _rows_of(self, node: cst.BaseExpression, scope: Scope, rows: tuple) -> bool:
        """`len(x)`, `x.shape[0]`, `x.size(0)` of the base's own binding, or of a name with the same rows
        (`rows`: the base's binding site and its row_root)."""
        from .syntax import _row_count  # noqa: PLC0415 - syntax.py imports this module
        if not _row_count(node) or (isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and
                                    self.names(node.func, scope) != {"builtins.len"}):
            return False  # (`len` rebound by the job is no row count)
        of = node.value.value if isinstance(node, cst.Subscript) else \
            node.func.value if isinstance(node.func, cst.Attribute) else node.args[0].value
        if not isinstance(of, cst.Name):
            return False
        found = self._sites(of.value, scope)
        if found is not None and found[0] == [rows[0]]:
            return True
        root = self.row_root(of, scope)
        return root is not None and root == rows[1]

    def row_root(self, node: cst.BaseExpression, scope: Scope) -> tuple | None:
        """Which rows a value has, row for row: a name bound once is its binding, unless that binding is a
        conversion or a column selection of another value (same_rows_calls / same_rows_methods in
        rules/flow/reductions.yaml, `.values`, `df["c"]`, `.pop(str)`, `.drop(columns=...)`) and nothing
        writes into the name (which could add or drop rows: `df.dropna(inplace=True)`), in which case it has
        that value's rows; `x, y = load(p)` are both the rows of the call when every tuple `load` returns
        holds parts with the same rows. Two values with the same root have the same number of rows; past
        MAX_DEPTH nested steps, None (no rows known: never equal to anything)."""
        if self.depth > MAX_DEPTH:
            return None
        self.depth += 1
        try:
            return self._row_root(node, scope)
        finally:
            self.depth -= 1

    def _row_root(self, node: cst.BaseExpression, scope: Scope) -> tuple | None:
        if isinstance(node, cst.Name):
            found = self._sites(node.value, scope)
            if found is None or len(found[0]) != 1:
                return None
            site = found[0][0]
            where = self.idx.scopes.get(id(site.scope))
            if where is None or not self.idx.untouched(node.value):
                return None  # rows may be added or dropped in place (`df.dropna(inplace=True)`)
            if site.kind == "assign" and (inner := self.row_root(site.value, where)) is not None:
                return inner
            if site.kind == "unpack" and self._rows_returned(site.value, where):
                return "call", id(site.value)
            return ("sliced" if _row_slice(site) else "site"), id(site)
        if isinstance(node, cst.Attribute) and node.attr.value == "values" and self._table(node.value, scope):
            return self.row_root(node.value, scope)  # `df.values`
        if isinstance(node, cst.Subscript) and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index) \
                and self._table(node.value, scope) and self._string_keys(node.slice[0].slice.value, scope):
            return self.row_root(node.value, scope)  # `df["label"]`, `df[["a", "b"]]`
        args = _positional(node) if isinstance(node, cst.Call) else None
        if args is None:
            return None
        keywords = [a.keyword.value for a in node.args if a.keyword is not None]
        if len(args) == 1 and set(keywords) <= {"dtype", "copy", "device"} and self._library(args[0], scope) and \
                any(_SAME_ROWS_CALLS(n) for n in self.names(node.func, scope)):
            return self.row_root(args[0], scope)  # `torch.tensor(df.values, dtype=...)`, `np.log1p(y)`
        if not isinstance(node.func, cst.Attribute):
            return None
        method, receiver = node.func.attr.value, node.func.value
        if method in _SAME_ROWS_METHODS and self._library(receiver, scope) and \
                set(keywords) <= {"dtype", "copy", "device", "non_blocking"} and \
                all(isinstance(a, (cst.Name, cst.Attribute, cst.SimpleString)) for a in args):
            return self.row_root(receiver, scope)  # `.to_numpy(dtype=...)`, `.float()`, `.astype(np.float32)`
        if self._table(receiver, scope) and (_drops_columns(node) if method == "drop" else method == "pop" and
                                             len(node.args) == 1 and isinstance(node.args[0].value, cst.SimpleString)):
            return self.row_root(receiver, scope)  # a column out, every row kept
        return None

    def _library(self, node: cst.BaseExpression, scope: Scope) -> bool:
        """An object of a library by resolution (an array, a tensor, a table): the job's own class may define
        `float()`, `values` or `__array__` to hand out any rows it likes whatever its `__len__` says. An item of
        one (`df[["a", "b"]]`) is one too."""
        from .syntax import _known_lib  # noqa: PLC0415 - syntax.py imports this module
        while isinstance(node, cst.Subscript):
            node = node.value
        names = self.names(node, scope)
        return bool(names) and all(_known_lib(n) for n in names)

    def _table(self, node: cst.BaseExpression, scope: Scope) -> bool:
        """A pandas or polars table by resolution: its items are columns with its rows (a dict's items, as in
        np.load's or torch.load's, are arrays of any length, and its len() counts keys)."""
        names = self.names(node, scope)
        return bool(names) and all(n.startswith(_TABLE_LIBS) for n in names)

    def _rows_returned(self, call: cst.Call, scope: Scope) -> bool:
        """`load(p)` with load a function of the module every `return` of which is a tuple of parts that all
        have the same rows (row_root where the function reads them)."""
        from .syntax import _return_values  # noqa: PLC0415 - syntax.py imports this module
        values = self.r.values(call.func, scope)
        refs = [v for v in values if isinstance(v, FuncRef) and isinstance(v.node, cst.FunctionDef)
                and id(v.node) in self.r.scope_of]
        if not refs or len(refs) != len(values):
            return False
        for ref in refs:
            inner = self.r.scope_of[id(ref.node)]
            for t in _return_values(ref.node) or [None]:
                if not isinstance(t, cst.Tuple) or any(isinstance(e, cst.StarredElement) for e in t.elements):
                    return False
                roots = {self.row_root(e.value, inner) for e in t.elements}
                if len(roots) != 1 or None in roots:
                    return False
        return True

    def _design_call(self, node: cst.Call, scope: Scope) -> bool:
        func = node.func
        names = self.names(func, scope)
        args = _positional(node)
        if args is None:
            return False
        if self._own_returns(node, scope, self.design):
            return True  # `load("train.x")` with `load = lambda part: np.load(...)`
        if names and any(_SOURCE_CALLS(n) and n.startswith(_TABLE_READERS) for n in names):
            return len(args) <= 1 and all(self._read_keyword(a, scope) for a in node.args if a.keyword is not None)
        if names & _ARRAY_CALLS:
            return len(args) == 1 and self.design(args[0], scope) and \
                all(a.keyword.value in ("dtype", "copy") for a in node.args if a.keyword is not None)
        if names & _STACKS:
            if len(args) != 1 or not isinstance(args[0], (cst.List, cst.Tuple)):
                return False
            if "numpy.concatenate" in names:
                axis = _keyword(node, "axis")
                if axis is None or _number(axis) not in (1.0, -1.0):
                    return False
            elif any(a.keyword is not None for a in node.args):
                return False
            parts = [e.value for e in args[0].elements if not isinstance(e, cst.StarredElement)]
            return len(parts) == len(args[0].elements) and \
                all(self.design(p, scope) or self._bias_column(p, scope) for p in parts)
        if not isinstance(func, cst.Attribute):
            return False
        method, receiver = func.attr.value, func.value
        if method == "fit_transform" and len(args) == 1 and not any(a.keyword for a in node.args):
            return bool(self.names(receiver, scope)) and self.names(receiver, scope) <= _SCALERS and \
                self.design(args[0], scope)
        if not self.design(receiver, scope):
            return False
        if method in _CONVERSIONS:
            return all(self._harmless_conversion(a) for a in node.args)
        if method == "reshape":
            return [_number(a) for a in args] in ([-1.0, 1.0], [-1.0]) and not any(a.keyword for a in node.args)
        if method in ("ravel", "flatten", "squeeze") or (method == "dropna" and not node.args):
            return not node.args
        if method == "pop":
            return len(node.args) == 1 and isinstance(node.args[0].value, cst.SimpleString)
        if method == "drop":
            return _drops_columns(node)
        return False

    def _harmless_conversion(self, arg: cst.Arg) -> bool:
        """`astype(float)`, `to_numpy(dtype=np.float64)`, `copy()`: a type, never an index."""
        if arg.keyword is not None:
            return arg.keyword.value in ("dtype", "copy", "order", "na_value")
        return isinstance(arg.value, (cst.Name, cst.Attribute, cst.SimpleString))

    def _read_keyword(self, arg: cst.Arg, scope: Scope) -> bool:
        name = arg.keyword.value
        if name in _HEADER_SKIPS:
            return _number(arg.value) in (0.0, 1.0)
        if name == "header":  # line k is the header and the lines above it are dropped: the first line, or none
            value = arg.value
            return _number(value) == 0.0 or (isinstance(value, cst.Name) and value.value == "None") or \
                (isinstance(value, cst.SimpleString) and value.evaluated_value == "infer")
        return name in _READ_KEYWORDS

    def _bias_column(self, node: cst.BaseExpression, scope: Scope) -> bool:
        """`np.ones((n, 1))` / `np.ones(n)`: the intercept's column."""
        if not (isinstance(node, cst.Call) and "numpy.ones" in self.names(node.func, scope)):
            return False
        args = _positional(node)
        if not args or len(args) != 1 or any(a.keyword is not None and a.keyword.value != "dtype" for a in node.args):
            return False
        shape = args[0]
        if isinstance(shape, (cst.Tuple, cst.List)):
            dims = [e.value for e in shape.elements]
            return len(dims) == 2 and self.scalar(dims[0], scope) and _number(dims[1]) == 1.0
        return self.scalar(shape, scope)

    def _scaled_or_standardised(self, node: cst.BinaryOperation, scope: Scope) -> bool:
        """design op s, s * design, (design - stat) / stat."""
        op = node.operator
        if not isinstance(op, (cst.Multiply, cst.Divide, cst.Add, cst.Subtract)):
            return False
        if isinstance(op, cst.Multiply) and self.scalar(node.left, scope):
            return self.design(node.right, scope)
        return self.design(node.left, scope) and (self.scalar(node.right, scope) or self.stat(node.right, scope))

    def stat(self, node: cst.BaseExpression, scope: Scope) -> bool:
        """A per-column statistic of a design: `x.mean(axis=0)`, `np.std(x, axis=0)`, `x.std(0) + 1e-8`."""
        if isinstance(node, cst.BinaryOperation) and not isinstance(node.operator, cst.MatrixMultiply):
            left, right = node.left, node.right
            return (self.stat(left, scope) or self.scalar(left, scope)) and \
                (self.stat(right, scope) or self.scalar(right, scope)) and \
                not (self.scalar(left, scope) and self.scalar(right, scope))
        if isinstance(node, cst.Name):
            return self._every(node, scope, self.stat)
        if not isinstance(node, cst.Call):
            return False
        args = _positional(node)
        if args is None:
            return False
        axis = _keyword(node, "axis")
        if isinstance(node.func, cst.Attribute) and node.func.attr.value in _STAT_METHODS and \
                not (self.names(node.func, scope) & _STAT_CALLS):
            target, rest = node.func.value, args
        elif self.names(node.func, scope) & _STAT_CALLS and args:
            target, rest = args[0], args[1:]
        else:
            return False
        if rest:
            if len(rest) != 1 or axis is not None:
                return False
            axis = rest[0]
        others = [a for a in node.args if a.keyword is not None and a.keyword.value not in ("axis", "keepdims", "ddof")]
        if others or not (axis is None or _number(axis) == 0.0):
            return False
        # over every row: the statistic of a batch is its few rows' values (`np.median(x[r:r + 1], axis=0)`
        # is row r), and `x - stat` hands them to every product of x
        whole, self.whole = self.whole, True
        try:
            return self.design(target, scope)
        finally:
            self.whole = whole

    def _design_subscript(self, node: cst.Subscript, scope: Scope) -> bool:
        key = _string_key(node)
        if key is not None and isinstance(node.value, cst.Name):
            # `data["train_X"]`: a parameter's item (each call must pass a design there), or an item of a
            # dict the module builds
            found = self._sites(node.value.value, scope)
            if found is not None and len(found[0]) == 1 and found[0][0].kind == "param":
                return self.idx.untouched(node.value.value) and self._parameter(node.value.value, found[0][0], (key,))
            if self._item(node.value, key, scope):
                return True
        base = node.value
        positional = isinstance(base, cst.Attribute) and base.attr.value in ("iloc", "loc")
        if positional:
            base = base.value
        if not self.design(base, scope):
            return False
        parts = [el.slice for el in node.slice]
        if len(parts) == 1 and isinstance(parts[0], cst.Index) and not positional:
            key = parts[0].value
            if self._string_keys(key, scope):
                return True  # a column (or a file of an npz archive) by name
            return not self.whole and self._permutation(key, scope)  # a batch of rows
        if len(parts) == 1:
            return not self.whole and self._batch(parts[0], scope)
        if len(parts) == 2:
            rows, cols = parts
            full = isinstance(rows, cst.Slice) and rows.lower is None and rows.upper is None and rows.step is None
            return (full or (not self.whole and self._batch(rows, scope))) and self._columns(cols, scope)
        return False

    def _item(self, node: cst.BaseExpression, key: str, scope: Scope) -> bool:
        """`base[key]` where base is a dict literal, a name every assignment of which is one (and that
        nothing writes into), or a call of the module's function every `return` of which is one."""
        if isinstance(node, cst.Name):
            return self.idx.untouched(node.value) and \
                self._every(node, scope, lambda v, s: self._item(v, key, s), tag="item:" + key)
        if isinstance(node, cst.Dict):
            values = [e.value for e in node.elements if isinstance(e, cst.DictElement)
                      and isinstance(e.key, cst.SimpleString) and e.key.evaluated_value == key]
            return len(values) == 1 and all(isinstance(e, cst.DictElement) for e in node.elements) and \
                self.design(values[0], scope)
        if isinstance(node, cst.Call):
            return self._own_returns(node, scope, lambda v, s: self._item(v, key, s))
        return False

    def _own_returns(self, call: cst.Call, scope: Scope, form) -> bool:
        """A call of the module's own functions (or lambdas) every `return` of which matches `form`."""
        from .syntax import _return_values  # noqa: PLC0415 - syntax.py imports this module
        values = self.r.values(call.func, scope)
        refs = [v for v in values if isinstance(v, FuncRef) and id(v.node) in self.r.scope_of]
        if not refs or len(refs) != len(values) or self.depth > MAX_DEPTH:
            return False
        self.depth += 1
        try:
            for ref in refs:
                inner = self.r.scope_of[id(ref.node)]
                returns = [ref.node.body] if isinstance(ref.node, cst.Lambda) else _return_values(ref.node)
                if not returns or not all(form(v, inner) for v in returns):
                    return False
            return True
        finally:
            self.depth -= 1

    def _string_keys(self, key: cst.BaseExpression, scope: Scope) -> bool:
        """Column names: a string, a list of strings, a name every assignment of which is one (and that
        nothing writes into), or a slice of one (`COLUMNS[:-1]`)."""
        if isinstance(key, cst.SimpleString):
            return True
        if isinstance(key, cst.Name):
            return self._may_be_keys(key, scope) and self.idx.untouched(key.value) and \
                self._every(key, scope, self._string_keys)
        if isinstance(key, cst.Subscript) and len(key.slice) == 1 and isinstance(key.slice[0].slice, cst.Slice):
            sl = key.slice[0].slice
            return all(p is None or _number(p) is not None for p in (sl.lower, sl.upper, sl.step)) and \
                self._string_keys(key.value, scope)
        if isinstance(key, cst.ListComp):
            return self._labels_kept(key, scope)
        if isinstance(key, cst.IfExp):
            # `"character" if "character" in batch else "label"`: one of the names the code spells out, whichever
            # the test picks (what the test reads is the flow's: a bit of it, judged as a branch on it)
            return self._string_keys(key.body, scope) and self._string_keys(key.orelse, scope)
        return isinstance(key, (cst.List, cst.Tuple)) and bool(key.elements) and \
            all(isinstance(e.value, cst.SimpleString) for e in key.elements)

    def _labels_kept(self, comp: cst.ListComp, scope: Scope) -> bool:
        """`[c for c in df.columns if c != "income"]` of a Flower partition as pandas (its labels are the Arrow
        table's field names, strings: never a list of booleans that pandas would take for a mask of rows),
        filtered only by comparing the label with names the code spells out (a test of a cell would pick
        which columns go on)."""
        loop = comp.for_in
        if not (isinstance(comp.elt, cst.Name) and isinstance(loop.target, cst.Name) and
                comp.elt.value == loop.target.value and loop.inner_for_in is None and loop.asynchronous is None and
                isinstance(loop.iter, cst.Attribute) and loop.iter.attr.value == "columns" and
                self._flat_frame(loop.iter.value, scope)):
            return False
        for test in (i.test for i in loop.ifs):
            if not (isinstance(test, cst.Comparison) and isinstance(test.left, cst.Name) and
                    test.left.value == loop.target.value and len(test.comparisons) == 1):
                return False
            target = test.comparisons[0]
            strings = [target.comparator] if isinstance(target.operator, (cst.Equal, cst.NotEqual)) else \
                [e.value for e in target.comparator.elements] if isinstance(target.operator, (cst.In, cst.NotIn)) and \
                isinstance(target.comparator, (cst.List, cst.Tuple, cst.Set)) else []
            if not strings or not all(isinstance(v, cst.SimpleString) for v in strings):
                return False
        return True

    def selection(self, node: cst.BaseExpression, scope: Scope) -> bool:
        """A frame holding exactly the columns a literal list names (`t[["a", "b"]]`), of a table with flat
        labels (a design taken whole, a Hugging Face dataset as pandas: flat_frames); or a name every
        assignment of which is one and that nothing writes into, or a call of the module's own functions
        every return of which is one."""
        if isinstance(node, cst.Name):
            return self.idx.untouched(node.value) and self._every(node, scope, self.selection)
        if isinstance(node, cst.Call):
            return self._own_returns(node, scope, self.selection)
        if not (isinstance(node, cst.Subscript) and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index)):
            return False
        key = node.slice[0].slice.value
        return isinstance(key, (cst.List, cst.Tuple)) and bool(key.elements) and \
            all(isinstance(e, cst.Element) and isinstance(e.value, cst.SimpleString) for e in key.elements) and \
            (self._flat_frame(node.value, scope) or self.design(node.value, scope))

    def _flat_frame(self, node: cst.BaseExpression, scope: Scope) -> bool:
        """`fds.load_partition(i).to_pandas()` or `fds.load_partition(i, "train").with_format("pandas")[:]`
        with `fds` a dataset of flat_frames built with no `preprocessor` (or still None: a cache), a name every
        assignment of which is one and that nothing writes into but items under labels the code spells out, or
        a call of the module's own functions every return of which is one."""
        if isinstance(node, cst.Name):
            return self.idx.untouched(node.value, labels=True) and self._every(node, scope, self._flat_frame)
        if isinstance(node, cst.Call) and self._own_returns(node, scope, self._flat_frame):
            return True  # `load(pid)` with every return one
        if isinstance(node, cst.Subscript) and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Slice):
            node, fmt = node.value, "pandas"  # `.with_format("pandas")[:]`: rows of the formatted dataset
            if not (isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and len(node.args) == 1
                    and node.func.attr.value == "with_format" and node.args[0].keyword is None and
                    isinstance(node.args[0].value, cst.SimpleString) and node.args[0].value.evaluated_value == fmt):
                return False
        elif not (isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and not node.args and
                  node.func.attr.value == "to_pandas"):
            return False
        return self._partition(node.func.value, scope)

    def _partition(self, node: cst.BaseExpression, scope: Scope) -> bool:
        """`fds.load_partition(i)` (or `load_split`) of a dataset of flat_frames, a part of its random split
        (`p.train_test_split(test_size=0.2)["test"]`), a name every assignment of which is one and that nothing
        writes into, or a parameter every call of the module passes one (arguments.passed)."""
        from .arguments import passed  # noqa: PLC0415 - arguments imports this module
        if isinstance(node, cst.Name):
            if parameter(self.r, scope, node.value):
                given = passed(self.r, scope, node.value)
                return bool(given) and all(self._partition(arg, where) for arg, where in given)
            return self.idx.untouched(node.value, labels=True) and self._every(node, scope, self._partition)
        if isinstance(node, cst.Subscript) and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index) and \
                isinstance(node.slice[0].slice.value, cst.SimpleString):
            split = node.value  # `parts["test"]` of `p.train_test_split(...)`, or of a name bound to one
            while isinstance(split, cst.Name) and self.idx.untouched(split.value, labels=True):
                found = self._sites(split.value, scope)
                if found is None or len(found[0]) != 1 or found[0][0].kind != "assign":
                    return False
                split, scope = found[0][0].value, self.idx.scopes.get(id(found[0][0].scope))
            return isinstance(split, cst.Call) and isinstance(split.func, cst.Attribute) and scope is not None and \
                split.func.attr.value == "train_test_split" and self._partition(split.func.value, scope)
        return isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and \
            node.func.attr.value in ("load_partition", "load_split") and isinstance(node.func.value, cst.Name) and \
            self.idx.untouched(node.func.value.value, labels=True) and self._every(node.func.value, scope, self._flat_dataset)

    def _flat_dataset(self, node: cst.BaseExpression, scope: Scope) -> bool:
        """None, or a dataset of flat_frames built with no `preprocessor` and nothing hidden in **kwargs."""
        if isinstance(node, cst.Name) and node.value == "None":
            return True
        return isinstance(node, cst.Call) and any(_FLAT_FRAMES(n) for n in self.names(node.func, scope)) and \
            not any(a.star or (a.keyword is not None and a.keyword.value == "preprocessor") for a in node.args)

    def _may_be_keys(self, key: cst.Name, scope: Scope) -> bool:
        """Before the module index is built: every binding the resolver knows of the name is a string, a
        list or a slice of one (a loop variable or a parameter is not)."""
        bound = self.r.binding_scope(key.value, scope)
        items = bound.bindings.get(key.value, ()) if bound is not None else ()
        return bool(items) and all(isinstance(i, tuple) and isinstance(i[0], _KEY_FORMS) for i in items)

    def _columns(self, cols: cst.BaseSlice, scope: Scope) -> bool:
        if isinstance(cols, cst.Slice):
            return all(p is None or self.scalar(p, scope) for p in (cols.lower, cols.upper, cols.step))
        key = cols.value
        if self._string_keys(key, scope) or self.scalar(key, scope):
            return True
        return isinstance(key, (cst.List, cst.Tuple)) and bool(key.elements) and \
            all(_number(e.value) is not None for e in key.elements)

    def _batch(self, rows: cst.BaseSlice, scope: Scope) -> bool:
        """A run of rows with scalar bounds, not both constant (`x[i:i + bs]`), or a permutation's."""
        if isinstance(rows, cst.Index):
            return self._permutation(rows.value, scope)
        bounds = [p for p in (rows.lower, rows.upper) if p is not None]
        if rows.step is not None or not bounds or not all(self._bound(p, scope) for p in bounds):
            return False
        return not all(self.r.constants(p, scope) for p in bounds)

    def _bound(self, node: cst.BaseExpression, scope: Scope) -> bool:
        """A slice bound: a scalar by structure, or (where the product is) a value carrying nothing from
        the site (a chunk size from the job's config: a slice bound is an integer or the slice fails)."""
        if self.scalar(node, scope):
            return True
        return scope is self.scope and self.taint is not None and not self.taint(node)

    def _permutation(self, node: cst.BaseExpression, scope: Scope) -> bool:
        if isinstance(node, cst.Name):
            return self.idx.untouched(node.value) and self._every(node, scope, self._permutation)
        if isinstance(node, cst.Subscript) and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Slice):
            sl = node.slice[0].slice
            return self._permutation(node.value, scope) and \
                all(p is None or self.scalar(p, scope) for p in (sl.lower, sl.upper, sl.step))
        if not isinstance(node, cst.Call):
            return False
        names = self.names(node.func, scope)
        method = node.func.attr.value if isinstance(node.func, cst.Attribute) else None
        args = _positional(node)
        if args is None or not all(self.scalar(a, scope) for a in args):
            return False
        if "numpy.arange" in names:  # every row in order; `np.arange(3, 4)` is row 3
            return not any(a.keyword for a in node.args) and not all(self.r.constants(a, scope) for a in args)
        if names & _PERMUTATIONS or method == "permutation":  # a random order: the job cannot choose the rows
            return not any(a.keyword for a in node.args)
        if method == "choice" or "numpy.random.choice" in names:
            replace = _keyword(node, "replace")
            return isinstance(replace, cst.Name) and replace.value == "False" and \
                all(a.keyword is None or a.keyword.value in ("size", "replace") for a in node.args) and \
                all(self.scalar(a.value, scope) for a in node.args if a.keyword is not None
                    and a.keyword.value == "size")
        return False

    # -- predictions, residuals, Hessian weights

    def weights(self, node: cst.BaseExpression, scope: Scope) -> bool:
        plain = node
        while isinstance(plain, (cst.Attribute, cst.Subscript)):
            if isinstance(plain, cst.Subscript) and not all(
                    isinstance(el.slice, cst.Index) and isinstance(el.slice.value, (cst.SimpleString, cst.Integer))
                    for el in plain.slice):
                return False
            plain = plain.value
        # a name with no binding may be anything another module injects
        if not (isinstance(plain, cst.Name) and scope is self.scope and self.taint is not None and
                (plain.value in ("self", "cls") or self.r.binding_scope(plain.value, scope) is not None)):
            return False
        carried = self.taint(node)
        if any(not isinstance(o, Param) for o in carried):
            return False  # site data, a host file, a secret or a value of unknown provenance
        # the function's parameters travel to its callers (their arguments are judged there); one that is
        # already a conditionally vouched gradient (`w = w - lr * grad`) is judged with its own conditions
        self.weight_params.update(o.name for o in carried if not o.gradient)
        return True

    @_bounded
    def prediction(self, node: cst.BaseExpression, scope: Scope, a: str) -> bool:
        if isinstance(node, cst.Name):
            return self._every(node, scope, lambda v, s: self.prediction(v, s, a), tag="prediction:" + a, local=True)
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
            if self.scalar(node.right, scope):
                return self.prediction(node.left, scope, a)
            if self.scalar(node.left, scope):
                return self.prediction(node.right, scope, a)
        if self._core(node, scope, a):
            return True
        return self.link(node, scope, lambda z, s: self.prediction(z, s, a))

    def _core(self, node: cst.BaseExpression, scope: Scope, a: str) -> bool:
        """A @ W, np.dot(A, W), np.matmul(A, W), A.dot(W) with the product's own A."""
        pair = _matmul_pair(node, self.r, scope)
        return pair is not None and _code(pair[0]) == a and self.weights(pair[1], scope)

    @_bounded
    def link(self, node: cst.BaseExpression, scope: Scope, inner) -> bool:
        """A link function of `inner`: 1 / (1 + np.exp(-Z)), expit, tanh, exp, clip, or the module's own
        function whose body is one `return` of a link of its parameter (inlined: its name never counts)."""
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Divide) and \
                _number(node.left) == 1.0 and isinstance(node.right, cst.BinaryOperation) and \
                isinstance(node.right.operator, cst.Add):
            one, e = node.right.left, node.right.right
            if _number(one) != 1.0:
                one, e = e, one
            if _number(one) == 1.0 and isinstance(e, cst.Call) and "numpy.exp" in self.names(e.func, scope):
                args = _positional(e)
                z = _negated(args[0]) if args is not None and len(args) == 1 and len(e.args) == 1 else None
                return z is not None and (inner(z, scope) or self._clipped(z, scope, inner))
            return False
        if not isinstance(node, cst.Call):
            return False
        args = _positional(node)
        if args is None or len(args) != len(node.args):
            return False
        if self._clipped(node, scope, inner):
            return True
        values = self.r.values(node.func, scope)
        names = {v for v in values if isinstance(v, str)}
        if names and names <= _LINK_CALLS and len(args) == 1:
            return inner(args[0], scope)
        refs = [v for v in values if isinstance(v, FuncRef)]
        if len(args) == 1 and refs and len(refs) == len(values):
            return all(self._own_link(ref, args[0], scope, inner) for ref in refs)
        return False

    def _clipped(self, node: cst.BaseExpression, scope: Scope, inner) -> bool:
        if not (isinstance(node, cst.Call) and "numpy.clip" in self.names(node.func, scope)):
            return False
        args = _positional(node)
        return args is not None and len(args) == 3 and len(node.args) == 3 and \
            self.scalar(args[1], scope) and self.scalar(args[2], scope) and inner(args[0], scope)

    def _own_link(self, ref: FuncRef, arg: cst.BaseExpression, scope: Scope, inner) -> bool:
        fn = ref.node
        if not isinstance(fn, cst.FunctionDef) or id(fn) not in self.r.scope_of or fn.decorators:
            return False
        p = fn.params
        if len(p.params) != 1 or p.posonly_params or p.kwonly_params or isinstance(p.star_arg, cst.Param) or \
                p.star_kwarg is not None or \
                p.params[0].default is not None:
            return False
        param = p.params[0].name.value
        body = [s for s in fn.body.body if not _docstring(s)] if isinstance(fn.body, cst.IndentedBlock) else []
        if len(body) != 1 or not isinstance(body[0], cst.SimpleStatementLine) or len(body[0].body) != 1 or \
                not isinstance(body[0].body[0], cst.Return) or body[0].body[0].value is None:
            return False
        inner_scope = self.r.scope_of[id(fn)]

        def is_param(z: cst.BaseExpression, s: Scope) -> bool:
            return isinstance(z, cst.Name) and z.value == param and s is inner_scope

        return self.link(body[0].body[0].value, inner_scope, is_param) and inner(arg, scope)

    @_bounded
    def residual(self, node: cst.BaseExpression, scope: Scope, a: str) -> bool:
        node = self._unscaled(node, scope)
        if isinstance(node, cst.Name):
            return self._every(node, scope, lambda v, s: self.residual(v, s, a), tag="residual:" + a, local=True)
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Subtract):
            return (self.prediction(node.left, scope, a) and self.design(node.right, scope)) or \
                (self.design(node.left, scope) and self.prediction(node.right, scope, a))
        return False

    @_bounded
    def hessian_weights(self, node: cst.BaseExpression, scope: Scope, a: str) -> bool:
        """P * (1 - P) of the product's own A (also a column of it, or scaled)."""
        node = self._unscaled(node, scope)
        if isinstance(node, cst.Name):
            return self._every(node, scope, lambda v, s: self.hessian_weights(v, s, a), tag="hessian:" + a, local=True)
        if isinstance(node, cst.Subscript) and len(node.slice) == 2:
            rows, col = node.slice[0].slice, node.slice[1].slice
            return isinstance(rows, cst.Slice) and rows.lower is None and rows.upper is None and \
                rows.step is None and isinstance(col, cst.Index) and _number(col.value) is not None and \
                self.hessian_weights(node.value, scope, a)
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Multiply):
            for p, q in ((node.left, node.right), (node.right, node.left)):
                if isinstance(q, cst.BinaryOperation) and isinstance(q.operator, cst.Subtract) and \
                        _number(q.left) == 1.0 and _code(q.right) == _code(p) and self.prediction(p, scope, a):
                    return True
        return False

    def diagonal(self, node: cst.BaseExpression, scope: Scope, a: str) -> bool:
        """np.diag(V) with V Hessian weights of the product's own A."""
        if isinstance(node, cst.Name):
            return self._every(node, scope, lambda v, s: self.diagonal(v, s, a), tag="diagonal:" + a, local=True)
        if not (isinstance(node, cst.Call) and "numpy.diag" in self.names(node.func, scope)):
            return False
        args = _positional(node)
        return args is not None and len(args) == 1 and len(node.args) == 1 and self.hessian_weights(args[0], scope, a)

    def _unscaled(self, node: cst.BaseExpression, scope: Scope) -> cst.BaseExpression:
        """Strip scalar factors and signs: s * R, R * s, R / s, -R."""
        while True:
            if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, (cst.Minus, cst.Plus)):
                node = node.expression
            elif isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Multiply) and \
                    self.scalar(node.left, scope):
                node = node.right
            elif isinstance(node, cst.BinaryOperation) and isinstance(node.operator, (cst.Multiply, cst.Divide)) and \
                    self.scalar(node.right, scope):
                node = node.left
            else:
                return node

    # -- the product

    def transposed(self, node: cst.BaseExpression, scope: Scope) -> tuple[cst.BaseExpression, cst.BaseExpression | None] | None:
        """(A, V) for `A.T`, `A.transpose()`, `np.transpose(A)`, scaled, or weighted `A.T * V` (V None)."""
        node = self._unscaled(node, scope)
        if isinstance(node, cst.Attribute) and node.attr.value == "T":
            return node.value, None
        if isinstance(node, cst.Call) and not node.args:
            if isinstance(node.func, cst.Attribute) and node.func.attr.value == "transpose":
                return node.func.value, None
        if isinstance(node, cst.Call) and "numpy.transpose" in self.names(node.func, scope) and \
                len(node.args) == 1 and node.args[0].keyword is None and not node.args[0].star:
            return node.args[0].value, None
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Multiply):
            for t, v in ((node.left, node.right), (node.right, node.left)):
                inner = self.transposed(t, scope)
                if inner is not None and inner[1] is None:
                    return inner[0], v
        return None

    def product(self, node: cst.CSTNode) -> bool:
        factors = _factors(node, self.r, self.scope)
        if len(factors) not in (2, 3):
            return False
        scope = self.scope
        first = self.transposed(factors[0], scope)
        if first is None:
            return False
        a_node, weighted = first
        a = _code(a_node)
        if not self.design(a_node, scope):
            return False
        rest = [self._unscaled(f, scope) for f in factors[1:]]
        if len(rest) == 2:  # A.T @ np.diag(V) @ A
            return weighted is None and _code(rest[1]) == a and self.diagonal(rest[0], scope, a)
        other = rest[0]
        if weighted is not None:  # (A.T * V) @ A
            return _code(other) == a and self.hessian_weights(weighted, scope, a)
        # Gram A.T @ A, cross moments A.T @ Y, gradient A.T @ R
        return _code(other) == a or self.design(other, scope) or self.residual(other, scope, a)

    def verdict(self, node: cst.CSTNode) -> frozenset | None:
        """None unless the product matches; else what each call must pass (empty: nothing)."""
        if not self.product(node):
            return None
        if {name for name, _ in self.requirements} & self.weight_params:
            return None  # the weights are (made from) the design matrix the caller passes: `x @ x[3]`
        return frozenset(self.requirements)


def _negated(node: cst.BaseExpression) -> cst.BaseExpression | None:
    """Z of `-Z`; `-X @ w` parses as `(-X) @ w`, which is `-(X @ w)`."""
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
        return node.expression
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.MatrixMultiply):
        left = _negated(node.left)
        return node.with_changes(left=left) if left is not None else None
    return None


def _docstring(stmt: cst.CSTNode) -> bool:
    return isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and \
        isinstance(stmt.body[0], cst.Expr) and isinstance(stmt.body[0].value, (cst.SimpleString,
                                                                                 cst.ConcatenatedString))


def _matmul_pair(node: cst.CSTNode, r: Resolver, scope: Scope) -> tuple[cst.BaseExpression, cst.BaseExpression] | None:
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.MatrixMultiply):
        return node.left, node.right
    if isinstance(node, cst.Call):
        args = _positional(node)
        if args is None or len(args) != len(node.args):
            return None
        if isinstance(node.func, cst.Attribute) and node.func.attr.value in ("dot", "matmul") and len(args) == 1 and \
                not (r.names(node.func, scope) & _MATMUL_NAMES):
            return node.func.value, args[0]
        if r.names(node.func, scope) & _MATMUL_NAMES and len(args) == 2:
            return args[0], args[1]
    return None


def _factors(node: cst.CSTNode, r: Resolver, scope: Scope) -> list[cst.BaseExpression]:
    """The matrix factors of a chain of products: `A.T @ D @ A`, `A.T.dot(D).dot(A)`, np.dot(A.T, r)."""
    pair = _matmul_pair(node, r, scope)
    if pair is None:
        return [node]
    return _factors(pair[0], r, scope) + _factors(pair[1], r, scope)


def _string_key(node: cst.Subscript) -> str | None:
    if len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index) and \
            isinstance(node.slice[0].slice.value, cst.SimpleString):
        key = node.slice[0].slice.value.evaluated_value
        return key if isinstance(key, str) else None
    return None


def vouched(r: Resolver, scope: Scope, node: cst.CSTNode, taint, in_function: bool) -> frozenset | None:
    """Whether the product `node` (a `@`, np.dot / np.matmul, or `.dot` chain) is a gradient, a Hessian, a
    Gram matrix or a cross moment of a design matrix, by the grammar above: None when it is not; else the
    (parameter, string keys) that every call of the enclosing function must pass a design matrix for (an
    empty set when the design matrices are the module's own). `taint(expr)` is what an expression carries
    where the product is read."""
    return _Check(r, scope, taint, in_function).verdict(node)


def satisfied(r: Resolver, scope: Scope, requirements: frozenset, arguments: dict) -> bool:
    """Whether a call passes a design matrix (by the grammar, judged where the call is) for every
    requirement of a function's vouched product; `arguments`: parameter -> the call's argument."""
    check = _Check(r, scope, None, False)
    for name, keys in requirements:
        arg = arguments.get(name)
        if arg is None:
            return False
        for key in keys:
            arg = cst.Subscript(value=arg, slice=[cst.SubscriptElement(cst.Index(cst.SimpleString(repr(key))))])
        if not check.design(arg, scope):
            return False
    return True


def whole(r: Resolver, scope: Scope, node: cst.BaseExpression) -> bool:
    """Whether `node` is a design matrix taken whole (no batch, no permutation: every row of the table),
    by the grammar above; the flow analysis' reductions and column labels use it."""
    check = _Check(r, scope, None, False)
    check.whole = True
    return check.design(node, scope)


def share(r: Resolver, scope: Scope, node: cst.BaseExpression, base: cst.BaseExpression) -> bool:
    """Whether `node` is a fixed share of the rows of `base`, a name bound once (`x = ...`, or `x, y =
    load(...)`: one binding either way): `int(0.8 * len(x))`, `len(x) // 5`, or a name every assignment of
    which is one. A slice of `x` up to it or from it keeps a tenth of the rows or more, whichever rows the
    data has: a train/validation split, not rows chosen."""
    check = _Check(r, scope, None, False)
    found = check._sites(base.value, scope) if isinstance(base, cst.Name) else None
    if found is None or len(found[0]) != 1 or found[0][0].kind not in ("assign", "unpack") or _row_slice(found[0][0]):
        return False
    root = check.row_root(base, scope)
    # a share of a share is none: `int(0.9 * len(a))` of `a = x[:int(0.5 * len(x))]` and `int(0.45 * len(x))`
    # of x round apart by one row
    return (root is None or root[0] != "sliced") and check.share(node, scope, (found[0][0], root))


def process_shard(r: Resolver, scope: Scope, rows: cst.Slice) -> bool:
    """`x[rank::world]` (or `x[::world]`) with the process's rank and the size of its process group: each of the
    group's processes takes its share of every row, as DistributedSampler hands them out. As with a batch loop,
    the gate cannot bound how many processes share the rows (the run-time update filter is the layer for that);
    an offset other than the rank (`x[n - 1::world]`) or any other step is rows chosen."""
    if rows.step is None or rows.upper is not None:
        return False
    check = _Check(r, scope, None, False)
    return check.process_group(rows.step, scope, "torch.distributed.get_world_size") and \
        (rows.lower is None or check.process_group(rows.lower, scope, "torch.distributed.get_rank"))


def assignments(r: Resolver, scope: Scope, name: str) -> list[tuple[cst.BaseExpression, Scope]] | None:
    """What every binding of `name` (read in `scope`) assigns, each with the scope it is read in; None when one
    binds it otherwise (a parameter, a loop, an unpacking, an import, `global`) or the name is written into."""
    idx = _index(r)
    found = _Check(r, scope, None, False)._sites(name, scope)
    if found is None or name in idx.written:
        return None
    out = [(site.value, idx.scopes.get(id(site.scope))) for site in found[0] if site.kind == "assign"]
    return out if len(out) == len(found[0]) and all(where is not None for _, where in out) else None


def written_at_positions(r: Resolver, name: str) -> bool:
    """Whether the module writes into `name` (or a name that may alias it) at chosen positions anywhere, matched by
    spelling: `onehot[7] = 1.0`, `v.scatter_(0, i, 1)`, `np.put(v, 7, 1)`; not `label.fill_(0.0)` (all alike)."""
    return _index(r).written_at_positions(name)


def parameter(r: Resolver, scope: Scope, name: str) -> bool:
    """Whether `name` (read in `scope`) is a parameter of its function that the function never rebinds or writes."""
    found = _Check(r, scope, None, False)._sites(name, scope)
    return found is not None and name not in _index(r).written and [s.kind for s in found[0]] == ["param"]


def fixed(r: Resolver, scope: Scope, node: cst.BaseExpression) -> bool:
    """Whether `node` is a scalar (`s` above) or a per-column statistic of a design taken whole
    (`x.mean(axis=0)`): an operand that scales or shifts every row alike."""
    check = _Check(r, scope, None, False)
    check.whole = True
    return check.scalar(node, scope) or check.stat(node, scope)


def scalar(r: Resolver, scope: Scope, node: cst.BaseExpression) -> bool:
    """Whether `node` is a scalar (`s` above): one number, never an array of them."""
    check = _Check(r, scope, None, False)
    check.whole = True
    return check.scalar(node, scope)


def _label_store(target: cst.BaseExpression) -> bool:
    """`name["label"] = v`."""
    return isinstance(target, cst.Subscript) and isinstance(target.value, cst.Name) and len(target.slice) == 1 and \
        isinstance(target.slice[0].slice, cst.Index) and isinstance(target.slice[0].slice.value, cst.SimpleString)


def selected_columns(r: Resolver, scope: Scope, node: cst.BaseExpression) -> bool:
    """Whether `node` is a frame whose column labels are a literal list the code spells out (_Check.selection),
    or the field names of a Flower partition of a hub dataset (with labels the code spells out added:
    _Check._flat_frame), which name the public dataset's columns, never the site's values."""
    check = _Check(r, scope, None, False)
    return check.selection(node, scope) or check._flat_frame(node, scope)


def column_names(r: Resolver, scope: Scope, node: cst.BaseExpression) -> bool:
    """Whether `node` names columns (a string, a list of strings, a name every assignment of which is one)."""
    return _Check(r, scope, None, False)._string_keys(node, scope)


def same(a: cst.CSTNode, b: cst.CSTNode) -> bool:
    """The same code (whitespace aside): `x * x`."""
    return _code(a) == _code(b)
