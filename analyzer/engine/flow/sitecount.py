"""Site counts: a FederatedDataset partition whose size the site sets, not the job.

flwr_datasets' FederatedDataset splits a dataset into as many partitions as its `partitioners` say. Counted by the
job, a partition is rows it chose (`partitioners={"train": 100000}` hands out one row: sources.yaml job_partitioned).
Counted by the site, it is the site's own share, taken whole. The site's count is
`context.node_config["num-partitions"]` of the Context Flower hands a function the ClientApp registers: a
SuperNode's node_config is its `--node-config` (flwr/supernode/cli/flower_supernode.py), and each run's Context is
built from it on the node (flwr/supernode/start_client_internal.py); nothing the ServerApp or `flwr run` sends
reaches it. In a simulation the engine counts its own nodes (flwr/server/superlink/fleet/vce/vce_api.py), all on the
machine of whoever runs it.

Vouched for, and only this:
- the FederatedDataset takes only the keywords of site_counted_keywords (no `preprocessor`, which may cut the
  dataset before it is partitioned) and a literal dict of partitioners, each a count or an IidPartitioner of one
  (site_counted_partitioners: every partition's size set by the count);
- each count is the node_config value itself (`int()` of it at most: no arithmetic, no min/max, no default), through
  names bound to nothing else and parameters every call of which, in any module, passes one;
- read from the context parameter of a function the ClientApp registers (`@app.train()`, `ClientApp(client_fn=f)`),
  which nothing else calls, in a module no other module names, with no mods anywhere (a mod hands on the Context of
  its choice), no Context the job builds and no other use of node_config than reading one key;
- the dataset and the partitioner are used for nothing but loading partitions and splits (`fds.partitioners["train"]
  = ...` would swap the count);
- no module of the job writes a file: the dataset a run-time name gives may be a folder holding one row of the
  site's that the job wrote.
Modules the site never runs (Program.never_run: a Flower app's ServerApp, its scripts) count for none of these: what
they name, call, build or write happens on another machine (the ServerApp's `torch.save` of the final model is no
file at the site), and a module the site runs that names one makes it run (detectors/not_run.py).
"""

from __future__ import annotations

import weakref

import libcst as cst

from ..resolve import FuncRef, Resolver, Scope, children
from . import gradients, vocabulary
from .arguments import _derived, _family, _stores, _uses

_V = vocabulary.load()
_KEYWORDS = _V.words("site_counted_keywords")
_IID = _V.names("site_counted_partitioners")
_COUNT_KEYS = _V.words("site_count_keys")
_APPS = _V.names("flower_client_apps")
_REGISTRATIONS = _V.words("flower_registrations")
_CONTEXTS = _V.names("flower_contexts")
_BACKDOORS = _V.names("attribute_backdoors")
_DUNDERS = _V.words("attribute_dunders")
_WRITER_CALLS = [_V.names(n) for n in ("file_writers", "path_first_writers", "file_creators")]
_WRITER_METHODS = _V.words("frame_writers") | _V.words("handle_writes") | {"save_to_disk", "write_text", "write_bytes"}
_OPEN_CALLS = _V.words("open_calls")
_READ_MODES = frozenset({"r", "rb", "rt", "tr", "br"})
_LOADS = frozenset({"load_partition", "load_split"})
_NODE_CONFIG = "node_config"
MAX_DEPTH = 8  # names, parameters and calls followed from one count to the Context


def site_counted(r: Resolver, scope: Scope, call: cst.Call) -> bool:
    """Whether every partition of the FederatedDataset `call` is a share of a count the site sets (module doc);
    judged once per call (the flow asks in every round)."""
    known = _derived(r, _Judged).of
    if id(call) not in known:
        known[id(call)] = _site_counted(r, scope, call)
    return known[id(call)]


class _Judged:
    def __init__(self, r: Resolver) -> None:
        self.of: dict[int, bool] = {}


def _site_counted(r: Resolver, scope: Scope, call: cst.Call) -> bool:
    if any(a.star or a.keyword is None or a.keyword.value not in _KEYWORDS for a in call.args):
        return False
    partitioners = next((a.value for a in call.args if a.keyword.value == "partitioners"), None)
    if not isinstance(partitioners, cst.Dict) or not partitioners.elements:
        return False
    for element in partitioners.elements:
        if not isinstance(element, cst.DictElement) or not isinstance(element.key, cst.SimpleString):
            return False
        if not (_count(r, element.value, scope, 0) or _iid(r, element.value, scope)):
            return False
    return _only_loaded(r, call) and not _tampered(r)


def _iid(r: Resolver, node: cst.BaseExpression, scope: Scope) -> bool:
    """`IidPartitioner(num_partitions=N)` of a site count, inline or through a name bound to nothing else and
    named nowhere else in the module (`partitioner.dataset = rows` would hand it other rows)."""
    if isinstance(node, cst.Name):
        bound = gradients.assignments(r, scope, node.value)
        return bool(bound) and all(isinstance(value, cst.Call) and _iid(r, value, where) for value, where in bound) \
            and all(_binds(r, n, parent) or n is node for n, parent, _ in _variables(r, node.value))
    if not isinstance(node, cst.Call) or len(node.args) != 1 or node.args[0].star:
        return False
    names = r.names(node.func, scope)
    arg = node.args[0]
    return bool(names) and all(_IID(n) for n in names) and \
        (arg.keyword is None or arg.keyword.value == "num_partitions") and _count(r, arg.value, scope, 0)


def _count(r: Resolver, node: cst.BaseExpression, scope: Scope, depth: int) -> bool:
    """Whether `node` holds exactly the site's count: `ctx.node_config["num-partitions"]` of a Context Flower
    hands the job, `int()` of one, or a name or parameter that only ever holds one."""
    if depth > MAX_DEPTH:
        return False
    if isinstance(node, cst.Call):
        return r.names(node.func, scope) == {"builtins.int"} and len(node.args) == 1 and \
            node.args[0].keyword is None and not node.args[0].star and _count(r, node.args[0].value, scope, depth + 1)
    if isinstance(node, cst.Subscript):
        return _config_read(node) in _COUNT_KEYS and _context(r, node.value.value, scope, depth + 1)
    if not isinstance(node, cst.Name):
        return False
    bound = _assigned(r, scope, node.value)
    if bound:
        return all(_count(r, value, where, depth + 1) for value, where in bound)
    passed = _passed(r, scope, node.value) if _parameter(r, scope, node.value) else None
    return bool(passed) and all(_count(home, arg, where, depth + 1) for home, arg, where in passed)


def _assigned(r: Resolver, scope: Scope, name: str) -> list[tuple[cst.BaseExpression, Scope]] | None:
    """What every binding of `name` (read in `scope`) assigns, as gradients.assignments, though code may write into
    what it holds: a count of node_config is a number or a string, which nothing writes into (its node_config is
    _tampered's)."""
    sites = _sites(r, scope, name)
    scopes = gradients._index(r).scopes
    out = [(site.value, scopes.get(id(site.scope))) for site in sites if site.kind == "assign"]
    return out if sites and len(out) == len(sites) and all(where is not None for _, where in out) else None


def _parameter(r: Resolver, scope: Scope, name: str) -> bool:
    """Whether `name` is a parameter its function never rebinds (what it holds is judged by _tampered)."""
    return [site.kind for site in _sites(r, scope, name)] == ["param"]


def _sites(r: Resolver, scope: Scope, name: str) -> list:
    found = gradients._Check(r, scope, None, False)._sites(name, scope)
    return found[0] if found is not None else []


def _config_read(node: cst.Subscript) -> str | None:
    """The literal key of `<name>.node_config["key"]`, else None."""
    if not (isinstance(node.value, cst.Attribute) and node.value.attr.value == _NODE_CONFIG and
            isinstance(node.value.value, cst.Name) and len(node.slice) == 1 and
            isinstance(node.slice[0].slice, cst.Index) and isinstance(node.slice[0].slice.value, cst.SimpleString)):
        return None
    key = node.slice[0].slice.value.evaluated_value
    return key if isinstance(key, str) else None


def _context(r: Resolver, node: cst.BaseExpression, scope: Scope, depth: int) -> bool:
    """Whether the name `node` is a parameter holding the Context Flower hands a registered function: its own
    parameter, or one every call of a helper passes such a Context."""
    if depth > MAX_DEPTH or not isinstance(node, cst.Name) or not _parameter(r, scope, node.value):
        return False
    if _registered(r, scope, node.value):
        return True
    passed = _passed(r, scope, node.value)
    return bool(passed) and all(_context(home, arg, where, depth + 1) for home, arg, where in passed)


def _registered(r: Resolver, scope: Scope, param: str) -> bool:
    """`param` is the context parameter of a module-level function the ClientApp registers, named nowhere else, in
    a module no other module of the job names (the job cannot call it with a Context of its own)."""
    s = r.binding_scope(param, scope)
    fn = s.node if s is not None else None
    if not isinstance(fn, cst.FunctionDef) or s.parent is not r.root or isinstance(fn.params.star_arg, cst.Param) or \
            fn.params.star_kwarg is not None:
        return False
    positional = [p.name.value for p in (*fn.params.posonly_params, *fn.params.params)]
    stem = r.path.rsplit("/", 1)[-1].removesuffix(".py")
    if stem == "__init__" or (r.program is not None and r.program.at_site(stem, r.path)):
        return False  # a package's own module is imported without its name (`from . import *` beside it)
    uses = [(parent, grand) for node, parent, grand in _variables(r, fn.name.value)
            if not (isinstance(parent, cst.FunctionDef) and parent.name is node)]
    if len(fn.decorators) == 1 and not uses:
        registration = fn.decorators[0].decorator
        return positional[1:2] == [param] and len(positional) == 2 and isinstance(registration, cst.Call) and \
            isinstance(registration.func, cst.Attribute) and registration.func.attr.value in _REGISTRATIONS and \
            isinstance(registration.func.value, cst.Name) and _app(r, registration.func.value.value)
    if fn.decorators or len(uses) != 1 or positional != [param]:
        return False
    arg, call = uses[0]  # `ClientApp(client_fn)` or `ClientApp(client_fn=client_fn)`, bound to the app
    app = _bound_to(r, call)
    return isinstance(arg, cst.Arg) and isinstance(call, cst.Call) and call.args[0] is arg and \
        (arg.keyword is None or arg.keyword.value == "client_fn") and app is not None and _app(r, app) and \
        any(value is call for value, _ in _app_bindings(r, app))


def _variables(r: Resolver, name: str):
    """(Name, parent, grandparent) of every mention of the variable `name` in the module, any scope (conservative):
    not an attribute's name (`cfg.train`), a keyword's (`f(train=1)`) or a module's (`from app.task import f`),
    which name no variable."""
    paths = _derived(r, _ModulePaths).ids
    for node, parent, grand in _uses(r, r.module, name):
        if not ((isinstance(parent, cst.Attribute) and parent.attr is node) or id(node) in paths or
                (isinstance(parent, cst.Arg) and parent.keyword is node)):
            yield node, parent, grand


class _ModulePaths:
    """Every node of the module paths `from ... import` statements name."""

    def __init__(self, r: Resolver):
        self.ids: set[int] = set()
        todo: list = [r.module]
        while todo:
            node = todo.pop()
            if isinstance(node, cst.ImportFrom) and node.module is not None:
                stack = [node.module]
                while stack:
                    n = stack.pop()
                    self.ids.add(id(n))
                    stack.extend(children(n))
            else:
                todo.extend(children(node))


def _binds(r: Resolver, node: cst.Name, parent: cst.CSTNode) -> bool:
    """Whether the mention binds the name itself (`x = ...`, `x, y = ...`), not something in it (`x.a = ...`,
    `d[x] = ...`)."""
    return id(node) in _stores(r) and isinstance(parent, _TARGETS)


_TARGETS = (cst.AssignTarget, cst.AnnAssign, cst.AugAssign, cst.For, cst.CompFor, cst.NamedExpr, cst.AsName,
            cst.Element, cst.StarredElement, cst.Del)


def _app(r: Resolver, name: str) -> bool:
    """A module-level name bound only to `ClientApp(...)` and named only to register functions with it (never
    called: `app(message, context)` runs them with a Context of the job's)."""
    return bool(_app_bindings(r, name)) and all(
        _binds(r, n, parent) or (isinstance(parent, cst.Attribute) and parent.value is n and
                                 parent.attr.value in _REGISTRATIONS and isinstance(grand, cst.Call) and
                                 grand.func is parent)
        for n, parent, grand in _variables(r, name))


def _app_bindings(r: Resolver, name: str | None) -> list:
    """Every binding of the module-level `name`, when each is a ClientApp without mods (`ClientApp(fn, mods)`)."""
    bound = gradients.assignments(r, r.root, name) if name else None
    if not bound or any(not isinstance(v, cst.Call) or len(v.args) > 1 or where is not r.root or
                        not (names := r.names(v.func, where)) or not all(_APPS(n) for n in names)
                        for v, where in bound):
        return []
    return bound


def _bound_to(r: Resolver, call: cst.Call) -> str | None:
    """The name a module-level statement binds `call` to (`app = ClientApp(client_fn)`)."""
    for statement in r.module.body:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, cst.Assign) and small.value is call and len(small.targets) == 1 and \
                        isinstance(small.targets[0].target, cst.Name):
                    return small.targets[0].target.value
    return None


def _passed(r: Resolver, scope: Scope, name: str) -> list[tuple[Resolver, cst.BaseExpression, Scope]] | None:
    """What every call of the module-level function whose parameter `name` is passes it, in any module of the job
    (each with its module and the scope it is read in): the function is only ever called by its name (or its
    module's attribute), imported under its own name. None when the gate cannot list them all."""
    s = r.binding_scope(name, scope)
    fn = s.node if s is not None else None
    if not isinstance(fn, cst.FunctionDef) or fn.decorators or s.parent is not r.root or \
            isinstance(fn.params.star_arg, cst.Param) or fn.params.star_kwarg is not None:
        return None
    positional = [*fn.params.posonly_params, *fn.params.params]
    param = next((p for p in (*positional, *fn.params.kwonly_params) if p.name.value == name), None)
    title = fn.name.value
    homes = [r, *(r.program.at_site(title, r.path) if r.program is not None else ())]
    out: list = []
    for home in homes:
        if any(title in text for text in _strings(home)):
            return None  # `getattr(task, "load_data")(i, 100000)`: a call by a name spelled in a string
        calls = {id(u.node): u for u in home.calls}
        for node, parent, grand in _uses(home, home.module, title):
            if isinstance(parent, cst.FunctionDef) and parent.name is node:
                if parent is not fn:
                    return None  # another function of that name here
                continue
            if isinstance(parent, cst.ImportAlias) and parent.asname is None and home is not r:
                continue
            call = parent if isinstance(parent, cst.Call) and parent.func is node else \
                grand if isinstance(parent, cst.Attribute) and parent.attr is node and isinstance(grand, cst.Call) and \
                grand.func is parent else None
            use = calls.get(id(call)) if call is not None else None
            if use is None or any(a.star for a in call.args) or not all(
                    isinstance(v, FuncRef) and v.node is fn for v in home.values(call.func, use.scope) or {None}):
                return None
            given = [a.value for a in call.args if a.keyword is not None and a.keyword.value == name]
            ordered = [a.value for a in call.args if a.keyword is None]
            if param in positional and positional.index(param) < len(ordered):
                given.append(ordered[positional.index(param)])
            if len(given) != 1:
                return None  # a default is the job's own value
            out.append((home, given[0], use.scope))
    return out


def _only_loaded(r: Resolver, call: cst.Call) -> bool:
    """The FederatedDataset is bound to a name only ever tested against None or asked for partitions and splits,
    named by no other module (or asked on the spot: `FederatedDataset(...).load_partition(i)`)."""
    holders = _derived(r, _Holders).of
    name = holders.get(id(call))
    if name is None:
        return id(call) in _derived(r, _Holders).loaded
    if r.program is not None and r.program.at_site(name, r.path):
        return False
    for node, parent, grand in _variables(r, name):
        if _binds(r, node, parent) or isinstance(parent, cst.NameItem):
            continue  # a binding, `global FDS`
        if isinstance(parent, cst.Comparison) and parent.left is node and len(parent.comparisons) == 1 and \
                isinstance(parent.comparisons[0].operator, (cst.Is, cst.IsNot)) and \
                isinstance(against := parent.comparisons[0].comparator, cst.Name) and against.value == "None":
            continue
        if not (isinstance(parent, cst.Attribute) and parent.value is node and parent.attr.value in _LOADS and
                isinstance(grand, cst.Call) and grand.func is parent):
            return False
    return True


class _Holders:
    """Calls a plain `name = call` binds (`of`: id -> name) and calls asked for a partition on the spot (`loaded`)."""

    def __init__(self, r: Resolver):
        self.of: dict[int, str] = {}
        self.loaded: set[int] = set()
        todo: list = [r.module]
        while todo:
            node = todo.pop()
            if isinstance(node, cst.Assign) and len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name):
                self.of[id(node.value)] = node.targets[0].target.value
            elif isinstance(node, cst.Attribute) and node.attr.value in _LOADS:
                self.loaded.add(id(node.value))
            todo.extend(children(node))


def _tampered(r: Resolver) -> bool:
    """Whether any module of the job could hand a registered function another count: a node_config read other
    than `ctx.node_config["key"]` (a write, an alias, `getattr(ctx, "node_config")`), an attribute reached by a
    name built at run time (attribute_backdoors), a Context it builds, a mod; or could have written the dataset
    itself (_writes_files).
    This module's findings then depend on every module that names one of those."""
    program = r.program
    if program is None:
        return _tampers(r)
    found = _TAMPERED.get(program)
    if found is None:
        paths = sorted({p for held in program.modules.values() for p in held})
        found = _TAMPERED[program] = any((m := program.resolver(p)) is None or _tampers(m)
                                         for p in paths if p not in program.never_run)
        _TAMPERED_PATHS[program] = paths
    program.edges.setdefault(r.path, set()).update(p for p in _TAMPERED_PATHS[program] if p != r.path)
    return found


_TAMPERED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # Program -> _tampered
_TAMPERED_PATHS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _tampers(r: Resolver) -> bool:
    stores = _stores(r)
    for node, parent, grand in _family(r):
        if (node.value == "mods" and isinstance(parent, cst.Arg)) or node.value in _DUNDERS:
            return True
        if node.value == _NODE_CONFIG and not (
                isinstance(parent, cst.Attribute) and parent.attr is node and isinstance(grand, cst.Subscript) and
                grand.value is parent and id(grand) not in stores and _config_read(grand) is not None):
            return True
    if any(_NODE_CONFIG in s for s in _strings(r)):
        return True
    for use in r.calls:
        names = r.names(use.node.func, use.scope)
        if any(_CONTEXTS(n) for n in names) or any(_BACKDOORS(n) for n in names if n != "builtins.getattr") or \
                ("builtins.getattr" in names and not _literal_name(use.node)):
            return True
    return any(_BACKDOORS(n) for use in r.loads for n in r.names(use.node, use.scope)) or _writes_files(r)


def _writes_files(r: Resolver) -> bool:
    """Whether the module writes a file (sinks.yaml file_writers, path_first_writers, frame_writers, handle_writes,
    sources.yaml file_creators, `open` in a mode that writes, save_to_disk,
    write_text, write_bytes): the dataset a
    run-time name gives may be a folder it wrote, one row of the site's, which a FederatedDataset then partitions
    as if it were the site's own data (what was written is read back by open and the readers named by their first
    argument, engine.Frame.read_back, not by a FederatedDataset's `dataset`)."""
    for use in r.calls:
        call = use.node
        names = r.names(call.func, use.scope)
        if any(test(n) for test in _WRITER_CALLS for n in names) or \
                (isinstance(call.func, cst.Attribute) and call.func.attr.value in _WRITER_METHODS):
            return True
        if names & _OPEN_CALLS:
            mode = next((a.value for a in call.args if a.keyword is not None and a.keyword.value == "mode"),
                        call.args[1].value if len(call.args) > 1 and call.args[1].keyword is None else None)
            if mode is not None and not (isinstance(mode, cst.SimpleString) and mode.evaluated_value in _READ_MODES):
                return True
    return False


def _literal_name(call: cst.Call) -> bool:
    """`getattr(obj, "name")`: the attribute is the one spelled (its name checked with the module's strings)."""
    return len(call.args) >= 2 and isinstance(call.args[1].value, cst.SimpleString)


def _strings(r: Resolver):
    """Every string literal's text in the module but bare string statements (docstrings), which nothing reads."""
    todo: list = [r.module]
    while todo:
        node = todo.pop()
        if isinstance(node, cst.Expr) and isinstance(node.value, (cst.SimpleString, cst.ConcatenatedString)):
            continue
        if isinstance(node, (cst.SimpleString, cst.FormattedStringText)):
            yield node.value
        todo.extend(children(node))
