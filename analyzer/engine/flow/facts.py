"""The cheap pre-check: whether a module has a possible source and a possible sink at all
(most files have not), read from its calls without running the analysis."""

from __future__ import annotations

import dataclasses
import functools

import libcst as cst

from ..resolve import FuncRef, Resolver, children
from . import imported
from .names import (
    _COPIES, _DATASET_BASES, _ENVIRON_READERS, _FILE_LISTS, _FILE_WRITERS, _FL_LOG_METHODS, _FRAME_WRITERS,
    _HANDLE_WRITES, _HOST_IDENTITY, _HOST_PATH_ATTRIBUTES, _HOST_PATH_ATTRIBUTE_WORDS, _HOST_PATHS, _RELATIVE_PATHS,
    _LOADER_NAME, _LOADER_PARAM, _LOG_CALLS, _LOG_METHODS, _OPEN_CALLS, _PATH_FIRST_WRITERS, _PROGRESS_BARS, _PROP_READS, _PUBLIC_PROP_METHODS, _RECONSTRUCTING_CALLS,
    _REPLY_HANDLERS,
    _REPLY_MODS, _RETURN_SINK_METHODS, _SECRET_CALLS, _SITE_PROP_KEYS, _SITE_SETTINGS, _SITE_SETTING_ATTRIBUTES,
    _SOURCE_CALLS, _UPDATE_CALLS, _UPDATE_FIELDS, _UPDATE_HANDLERS, _UPDATE_METHODS, environ_mapping, network_call,
)
from .syntax import _ASSIGNING, _argument, _known_lib, _params, _public


@functools.lru_cache(maxsize=8192)
def _name_kind(name: str) -> tuple[bool, bool, bool, bool]:
    """(may be an update sink, may be a log sink, may read data/host files/secrets, is code the gate
    cannot see) for a qualified name; names repeat across files."""
    update = bool(_UPDATE_CALLS(name))
    log = bool(_LOG_CALLS(name) or network_call(name))  # a request: judged as the log is, by what reaches it
    source = bool(name in _OPEN_CALLS or _SOURCE_CALLS(name) or _SECRET_CALLS(name) or _ENVIRON_READERS(name)
                  or _HOST_IDENTITY(name) or _HOST_PATHS(name) or _RELATIVE_PATHS(name) or _SITE_SETTINGS(name)
                  or name.startswith("os.environ") or _LOADER_NAME(name.rsplit(".", 1)[-1].removesuffix("()")))
    unseen = not ("()" in name or name.startswith("<class>.") or _known_lib(name))
    return update, log, source, unseen


def _linked_homes(r: Resolver, func: cst.BaseExpression, scope) -> list[Resolver]:
    """The modules of the job (other than this one) that define the callee (a class built: its methods)."""
    values = r.values(func, scope)
    classes = [home for v in values if isinstance(v, str) and v.startswith("<class>.") and "()" not in v
               and v not in r.class_scopes and r.program is not None for home in r.program.defining(v, r.path)]
    return [v.scope.owner for v in values if isinstance(v, FuncRef) and
            isinstance(v.node, cst.FunctionDef) and id(v.node) not in r.scope_of and v.scope.owner is not None] + classes


def _is_dataset_class(r: Resolver, name: str, seen: dict[tuple[int, str], Resolver] | None = None) -> bool:
    """Whether the module's class `name` (one without methods too) is a dataset: it has __getitem__, or a base
    that is a library dataset or a dataset class of the job (of any module). `seen`: the (module, class) this
    walk has visited, each once (bases that share bases would be walked once per path: 2^n for n diamonds).
    A whole walk's answer is kept per program: a chain of n classes is asked about each of its classes' bases
    (protocol.methods), n^2 questions, each a walk of up to n classes."""
    if seen is not None:
        return _dataset_walk(r, name, seen)
    memo = r.program.dataset_classes if r.program is not None else {}
    known = memo.get((id(r), name))
    if known is not None and known[0] is r:
        return known[1]
    seen = {}
    found = _dataset_walk(r, name, seen)
    # A walk that found none visited no dataset class: each class it saw is none (a walk stops at the first).
    for (key, home) in ([((id(r), name), r)] if found else seen.items()):
        memo[key] = (home, found)
    return found


def _dataset_walk(r: Resolver, name: str, seen: dict[tuple[int, str], Resolver]) -> bool:
    qname = "<class>." + name
    if (id(r), name) in seen or qname not in r.class_scopes:
        return False
    seen[(id(r), name)] = r
    if any("__getitem__" in body.bindings for body in r.class_scopes[qname]):
        return True
    return any(_DATASET_BASES(n) or _job_dataset(r, n, seen)
               for base, scope in r.class_bases.get(qname, ()) for n in r.names(base, scope))


def _job_dataset(r: Resolver, name: str, seen: dict[tuple[int, str], Resolver] | None = None) -> bool:
    """Whether `<class>.C` (or an object of it) is a dataset class of the job, defined in this module or in
    another one (`from data import SiteImages`, whatever it is called): its objects are the site's rows."""
    name = name.removesuffix("()")
    if not name.startswith("<class>.") or "()" in name:
        return False
    homes = [r] if name in r.class_scopes else r.program.defining(name, r.path) if r.program is not None else []
    return any(_is_dataset_class(home, name[8:], seen) for home in homes)


@dataclasses.dataclass
class _Facts:
    """What the pre-check needs of one module: its possible sinks and sources, and the modules of the job
    whose functions it calls (which may send what they are given, or hand back data)."""

    update: bool = False  # an update sink
    log: bool = False  # the job log, a request, or a file written where only the run time decides
    source: bool = False  # the site's data, a host file, a secret
    unseen: bool = False  # code the gate cannot see
    listing: bool = False  # a folder's listing: file names count in the update and a request only
    net: bool = False  # a request (names.network_call)
    homes: list | None = None  # _homes: computed only when the module's own calls do not decide


def _tree_facts(module: cst.Module) -> tuple[frozenset[str], frozenset[int]]:
    """From one walk of a module's tree: the attribute names it assigns (`a.b = v`, `a.b += v`, `a.b: T = v`,
    `for a.b in ...`) and id() of the lambdas that are the value of an assignment to one name
    (`send = lambda v: ...`). tree_facts keeps them per module."""
    stored: set[str] = set()
    named: set[int] = set()

    def target(node: cst.BaseExpression) -> None:
        if isinstance(node, (cst.Tuple, cst.List)):
            for el in node.elements:
                target(el.value)
        elif isinstance(node, cst.StarredElement):
            target(node.value)
        elif isinstance(node, cst.Attribute):
            stored.add(node.attr.value)

    stack: list[cst.CSTNode] = [module]
    while stack:
        node = stack.pop()
        if not _ASSIGNING[node.__class__]:  # most nodes: one memoised test (libcst's classes are ABCs)
            stack.extend(children(node))
            continue
        if isinstance(node, cst.Assign):
            for t in node.targets:
                target(t.target)
            if isinstance(node.value, cst.Lambda) and len(node.targets) == 1 and \
                    isinstance(node.targets[0].target, cst.Name):
                named.add(id(node.value))
        elif isinstance(node, (cst.AugAssign, cst.AnnAssign, cst.For)):
            target(node.target)
        stack.extend(children(node))
    return frozenset(stored), frozenset(named)


def tree_facts(r: Resolver) -> tuple[frozenset[str], frozenset[int]]:
    """_tree_facts of the resolver's module, walked once per resolver (the pre-check and the module's Flow, and
    the Flows of the modules that ask whether it assigns an attribute, all read them). They are the tree's alone,
    so a resolver that a config replay's program starts over with (Resolver.start_over) keeps them: NVFlare's
    examples as one unit walked 872 trees for 634 modules when each program walked its own."""
    if r.tree_facts is None:
        r.tree_facts = _tree_facts(r.module)
    return r.tree_facts


def _facts(r: Resolver) -> _Facts:
    cache = r.program.flow_facts if r.program is not None else {}
    done = cache.get(id(r))
    if done is not None and done[0] is r:  # as _per_object, but kept before it is filled
        return done[1]
    f = _Facts()
    cache[id(r)] = (r, f)
    try:
        return _fill_facts(r, f)
    except BaseException:
        del cache[id(r)]  # a fill cut short (a RecursionError) must never read as "no source, no sink"
        raise


def _fill_facts(r: Resolver, f: _Facts) -> _Facts:
    for use in r.calls:
        call = use.node
        func = call.func
        method = func.attr.value if isinstance(func, cst.Attribute) else None
        names = r.names(func, use.scope)
        kinds = [_name_kind(n) for n in names]
        f.update = f.update or any(_REPLY_MODS(n) or _REPLY_HANDLERS(n) for n in names) or method in _UPDATE_METHODS or method == "to_shareable" or \
            (method in _PUBLIC_PROP_METHODS and _public(call, r, use.scope)) or any(k[0] for k in kinds)
        f.log = f.log or method in _FL_LOG_METHODS or any(k[1] for k in kinds) or \
            (method in _LOG_METHODS and isinstance(func.value, (cst.Name, cst.Attribute))) or \
            method in _FRAME_WRITERS or method in _HANDLE_WRITES or \
            any(n.rpartition(".")[2] in _HANDLE_WRITES for n in names) or \
            any(_FILE_WRITERS(n) or _PATH_FIRST_WRITERS(n) or _PROGRESS_BARS(n) or n in _COPIES for n in names)
        last = method or (func.value if isinstance(func, cst.Name) else "")
        # a copy reads its source (flow/calls.py moved_into_readable) and writes its destination
        f.source = f.source or method in ("read_text", "read_bytes") or bool(last and _LOADER_NAME(last)) or \
            any(k[2] for k in kinds) or any(n in _COPIES for n in names) or any(_job_dataset(r, n) for n in names) or \
            any(a.value.__class__ is cst.Attribute and environ_mapping(r.names(a.value, use.scope)) for a in call.args)
        f.unseen = f.unseen or any(k[3] for k in kinds) or (not names and isinstance(func, cst.Name))
        f.listing = f.listing or any(_FILE_LISTS(n) for n in names)
        f.net = f.net or any(map(network_call, names))
        if not f.log:  # a reader handed a remote URL sends it (Calls.fetched_url): judged as a request is
            from ..detectors.paths import fetched_url  # the detectors import this module

            f.log = fetched_url(r, call, names, use.scope) is not None
        if not (f.update and f.log):  # a send or log function handed to the job's code (Frame.passed_sinks)
            handed = [n for a in call.args if isinstance(a.value, (cst.Name, cst.Attribute))
                      for n in r.names(a.value, use.scope)]
            f.update = f.update or any(_UPDATE_CALLS(n) for n in handed)
            f.log = f.log or any(_LOG_CALLS(n) or network_call(n) for n in handed)
            # `copy.deepcopy(Snap(row))` calls what Snap's `__reduce__` returns, `(print, (self.r,))` (Calls.reconstructed)
            copied = any(map(_RECONSTRUCTING_CALLS, names)) and \
                any(n.startswith("<class>.") for a in call.args for n in r.names(a.value, use.scope))
            f.update, f.log = f.update or copied, f.log or copied
    f.unseen = f.unseen or imported.any_value(r)  # `from hooks import SUMMARY`: a value another module computes
    # `model.metrics = rows` on a parameter the gate cannot type (Frame.store_into): an update
    f.update = f.update or not _UPDATE_FIELDS.isdisjoint(tree_facts(r)[0])
    if not f.update:
        # The result of an Executor's execute() or a Flower client's fit (and the like) is a sink too, and
        # so is what a Flower ClientApp's handler returns.
        f.update = any(isinstance(s.node, cst.FunctionDef) and s.parent is not None and (
            (s.node.name.value in _RETURN_SINK_METHODS and s.parent.is_class) or
            any(_UPDATE_HANDLERS(n) for d in s.node.decorators
                for n in r.names(d.decorator.func if isinstance(d.decorator, cst.Call) else d.decorator, s.parent)))
            for s in r.scope_of.values())
    if not (f.update or f.log):
        f.log = _raises(r.module)  # an exception's message is in the job log
    f.source = f.source or _reads_environ_or_loaders(r)
    return f


def _homes(r: Resolver) -> list[Resolver]:
    """The modules of the job whose functions the module calls."""
    f = _facts(r)
    if f.homes is None:
        f.homes = []
        for use in r.calls:
            names = r.names(use.node.func, use.scope)
            # the functions it calls, the mods a Flower ClientApp runs (Frame.mods_return) and the handlers
            # whose return answers another site (Frame.handler_returns)
            called = [use.node.func] if not any(_known_lib(n) for n in names) else [
                el.value for a in use.node.args if a.keyword is not None and a.keyword.value == "mods" and
                any(_REPLY_MODS(n) for n in names) and isinstance(a.value, (cst.List, cst.Tuple))
                for el in a.value.elements]
            handler = _argument(use.node, 1, "message_handle_func") if any(_REPLY_HANDLERS(n) for n in names) \
                else None
            if handler is not None:
                called.append(handler)
            for func in called:
                f.homes += [h for h in _linked_homes(r, func, use.scope) if h not in f.homes]
    return f.homes


def _reaches(r: Resolver, has) -> bool:
    """Whether the module, or a module of the job whose functions it calls (transitively), has `has`."""
    seen, todo = {id(r)}, [r]
    while todo:
        m = todo.pop()
        if has(_facts(m)):
            return True
        for h in _homes(m):
            if id(h) not in seen:
                seen.add(id(h))
                todo.append(h)
    return False


def may_hold_data(resolver: Resolver) -> bool:
    """Whether any value of the module may come from the site's data, a host file, a secret or code the gate
    cannot see, here or in a module of the job it calls. When none can, its functions hand back only what
    their callers pass, and a call from another module needs no run of this one (Flow.linked)."""
    return _reaches(resolver, lambda f: f.source or f.unseen or f.listing)


def worth_running(resolver: Resolver) -> bool:
    """Whether the module has a possible source and a possible sink (most files have not): data, host files
    or secrets and any sink, or a value of unknown provenance (code the gate cannot see) and an update sink.
    A function of another module of the job that it calls is a sink when that module (or one it calls)
    has one, and a source when that module may hold data."""
    f = _facts(resolver)
    if f.source and (f.update or f.log) or (f.unseen and f.update):
        return True  # decided by the module's own calls
    homes = _homes(resolver)
    sink = f.update or f.log or any(_reaches(h, lambda g: g.update or g.log) for h in homes)
    if not sink:
        return False
    held = any(may_hold_data(h) for h in homes)
    update = f.update or any(_reaches(h, lambda g: g.update) for h in homes)
    net = f.net or any(_reaches(h, lambda g: g.net) for h in homes)
    return f.source or ((f.unseen or held or _built_elsewhere(resolver)) and f.update) or \
        ((f.listing or held) and (update or net))


def _built_elsewhere(resolver: Resolver) -> bool:
    """Whether another module of the job names a class of this one: it may build it with the site's data, which
    the class's fields hold here (fields.built_unseen)."""
    program = resolver.program
    return program is not None and any(program.mentioning(q.removeprefix("<class>."), resolver.path)
                                       for q in resolver.class_scopes)


def site_prop_key(r: Resolver, call: cst.Call, scope) -> str | None:
    """The key of `fl_ctx.get_prop(FLContextKey.WORKSPACE_ROOT)` when it is a property NVFlare fills from the
    site's deployment (sources.yaml site_prop_keys), else None."""
    if not (isinstance(call.func, cst.Attribute) and call.func.attr.value in _PROP_READS and call.args):
        return None
    key = call.args[0].value
    spelled = r.names(key, scope) | {c for c in r.constants(key, scope) if isinstance(c, str)}
    return min((k for k in spelled if _SITE_PROP_KEYS(k)), default=None)


def _reads_environ_or_loaders(r: Resolver) -> bool:
    """A parameter named like a loader or a dataset is a source too, and so are os.environ["X"], a setting
    of the site (`context.node_config["X"]`) and the job's own path (`__file__`, `sys.argv[0]`)."""
    if any(isinstance(s.node, cst.FunctionDef) and any(_LOADER_PARAM(p.name.value) for p in _params(s.node))
           for s in r.scope_of.values()):
        return True
    if any(isinstance(u.node, cst.Attribute) and _attribute_source(r, u.node, u.scope)
           for u in (*r.loads, *r.attribute_loads)):
        return True
    if any(site_prop_key(r, c.node, c.scope) for c in r.calls):
        return True  # a property of the site's deployment from the FLContext (Frame._e_call)
    if any(isinstance(u.node, cst.Name) and u.node.value == "__file__" for u in r.loads):
        return True  # the job's own path (Frame._e_name)
    if any("sys.argv" in r.names(u.node, u.scope) for u in r.loads):
        return True
    return any(environ_mapping(r.names(u.node.value, u.scope)) for u in r.subscripts if isinstance(u.node, cst.Subscript))


def _attribute_source(r: Resolver, node: cst.Attribute, scope) -> bool:
    """A setting of the site (`context.node_config`) or a library object's host path (`tmp.name`): Frame's
    library_attribute. The attribute's word first: most loads are of other attributes."""
    word = node.attr.value
    if word in _SITE_SETTING_ATTRIBUTES:
        return any(_SITE_SETTINGS(n) for n in r.names(node, scope))
    return word in _HOST_PATH_ATTRIBUTE_WORDS and any(_HOST_PATH_ATTRIBUTES(n) for n in r.names(node, scope))


def _raises(module: cst.Module) -> bool:
    """Whether any statement raises or asserts with a message (statements only: cheap)."""
    stack: list = [module]
    while stack:
        node = stack.pop()
        if isinstance(node, (cst.SimpleStatementLine, cst.SimpleStatementSuite)):
            if any(isinstance(b, cst.Raise) or (isinstance(b, cst.Assert) and b.msg is not None) for b in node.body):
                return True
        elif isinstance(node, (cst.Module, cst.IndentedBlock)):
            stack.extend(node.body)
        elif isinstance(node, cst.BaseCompoundStatement):
            stack.extend(c for c in node.children if isinstance(c, (cst.BaseSuite, cst.BaseCompoundStatement, cst.Else,
                                                                     cst.Finally, cst.ExceptHandler, cst.MatchCase)))
        elif isinstance(node, (cst.Else, cst.Finally, cst.ExceptHandler, cst.MatchCase)):
            stack.append(node.body)
    return False
