"""What a library call is to the analysis: a source of the site's data, a sink, a reduction, a fit,
a selection of rows (part of the frame, frame.py)."""

from __future__ import annotations

import math

import libcst as cst

from ..resolve import Const, FuncRef, Resolver, Scope, descendants, dotted, self_key
from . import arguments, class_labels, fields, gradients, presence, protocol, sitecount, tempfiles
from .names import (
    DATA, FILE, HOST, LOG, NET, SECRET, SHARED_FOLDER, SHELL_READABLE, UNKNOWN, UNKNOWN_PATH, UPDATE, _ABSOLUTE_LITERAL, _AGGREGATING, _AXIS_COUNTS,
    _AXIS_THIRD, _BAR_TEXT, _BATCH_SOURCES, _CELL_CONVERSIONS, _CHOSEN_PARTITIONS, _CLASS_WEIGHTED, _CONFIG_PATH,
    _CONSOLE, _COUNT_CALLS, _COUNT_METHODS, _CREDENTIAL_FILE, _DATA_PATH, _ENVIRON_READERS, _ENVIRON_VIEWS,
    _OWN_PROCESS_FIGURES, _PROCESS_FILE,
    _EVALUATION_PAIRS, _EXCEPTION_READERS, _FEW, _FILE_LISTS, _FILE_WRITERS, _FL_LOG_METHODS, _FRAME_WRITERS,
    _HANDLE_WRAPPERS, _HANDLE_WRITES, _HOST_IDENTITY, _HOST_PATH, _HOST_PATHS, _HUB_ID, _IDENTITIES, _INPLACE_CALLS,
    _INPLACE_FUNCTIONS, _INPLACE_METHODS, _JOB_PARTITIONED, _KEYED_ENCRYPTORS, _LIBRARY_FITS, _LIBRARY_TRAINERS,
    _LISTING_METHODS, _LOADER_NAME, _LOGGED_METRIC_MODULES, _LOGGERS, _LOGGER_RECEIVERS, _LOG_CALLS, _LOG_METHODS, _LOG_TEXTS,
    _LOSS_OPERANDS, _MATMUL, _MEMORY_BUFFERS, _METADATA_ATTRS, _METADATA_OWNERS, _METRIC_CALLS, _METRIC_METHODS,
    _METRIC_NAME, _MODEL_BUILDERS, _MODEL_FILE, _MODEL_LIBS, _MODEL_OR_DATA, _MODEL_PATH, _MODEL_STATE,
    _MODULE_CLASSES, _MODULE_CONTAINERS, _MODULE_HOLDERS, _MUTATORS, _NAMED_METRIC_EVALUATIONS, _NUMBER_CONVERSIONS,
    _NUMERIC_ENV, _OBJECTIVE_FITS, _OBJECTIVE_KEYWORDS, _OBJECTIVE_SLOTS, _ONE_HOTS, _OPEN_CALLS, _PADDING_CALLS,
    _PARTIALS, _TEMP_FILE_MAKERS, _WRITER_DESTINATIONS,
    _PATH_FIRST_WRITERS, _PROGRESS_BARS, _PUBLIC_PROP_METHODS, _QUOTED_FILE, _RANDOM_DRAWS, _RANDOM_SPLITS,
    _REDUCTIONS, _REDUCTION_CALLS, _ROW_CONCATENATIONS, _ROW_KEEPING, _ROW_LOOKUPS, _ROW_OPERAND_CALLS,
    _ROW_OPERAND_METHODS, _SAME_ROWS_METHODS_WORDS, _SCALARS, _SECRET_CALLS, _SECRET_ENV, _SEEDERS, _SERVER_SETTINGS,
    _SITE_SETTINGS, _SOURCE_CALLS, _DISTINCT_CALLS, _STATISTIC_CALLS, _STATISTIC_METHODS, _TABLE_ATTRS, _TABLE_OWNERS, _TEST_CALLS,
    _TEXT_DTYPES, _TEXT_EXTREMES, _ROW_EXTREMES, _ROW_POSITIONS, _ROW_POSITION_PAIRS, _UNREDUCED_LOSSES, _UPDATE_CALLS, _UPDATE_METHODS, _VALUES_CALLS, _VALUES_METHODS,
    _VIEWS, _WHOLE_CALLS, _WHOLE_METHODS, _WRAPPERS, _shared_file, _shell_readable, _RELATIVE_PATHS, _ROW_POSITION_PAIR_METHODS,
    environ_mapping, network_call,
)
from .values import (
    EMPTY, Origin, Param, Passed, _SIZED_BY_VALUE, _destination, _host_path, _masked, _pick, _reduce, _site_data,
    _typed,
)
from .syntax import (
    _FEW_ROWS, _CallFacts, _aggregate_arg, _applies_model, _argument, _bound_first, _callback_items, _column_of_table,
    _evaluation_pairs, _functions, _grouped, _known_lib, _left_transposed, _loss_reduction, _named_metrics, _names_in,
    _looked_up_method, _object_call, _open_mode, _over_rows, _pads_with_constants, _params, _prints_to_console, _public,
    _return_values, _row_count, _strip_params, _transposed, _weighted, _writes, _writes_handle,
)
from .state import _State
from . import module_flow


# what a torch loss object reads its reduction from when called (torch/nn/modules/loss.py _Loss.__init__ stores
# self.reduction; forward reads it): set after the object was built, the call's reduction cannot be read (red team 46a)
_REDUCTION_ATTRS = ("reduction", "reduce")


def _reinitialised(r: Resolver) -> bool:
    """Whether a module of the job runs `__init__` again on an object (`crit.__init__(reduction="none")`: its
    receiver an instance, not `super()` or a class), which may rebuild it with any settings."""
    modules = [r, *(r.program.mentioning("__init__", r.path) if r.program is not None else [])]
    return any(_reinits(m) for m in modules)


def _reinits(r: Resolver) -> bool:
    known = r.derived.get(_reinits)
    if known is None:
        known = r.derived[_reinits] = any(
            isinstance(use.node.func, cst.Attribute) and use.node.func.attr.value == "__init__" and
            not _super(r, use.node.func.value, use.scope) and
            any(n.endswith("()") for n in r.names(use.node.func.value, use.scope)) for use in r.calls)
    return known


def _super(r: Resolver, node: cst.BaseExpression, scope: Scope) -> bool:
    return isinstance(node, cst.Call) and r.names(node.func, scope) == {"builtins.super"}


class _Roles:
    """What a library call is: part of _Frame (frame.py), whose __init__ sets the state these methods read."""

    def _start_outside(self, node: cst.Call) -> bool:
        """`os.path.relpath(p, start)` from a start the code spells absolute or climbing out of the working
        folder (sources.yaml relative_paths): its way back spells the folders of the site."""
        start = _argument(node, 1, "start")
        if start is None:
            return False
        spelled = {c for c in self.r.constants(start, self.scope) if isinstance(c, str)}
        if self.r.names(start, self.scope) & {"os.sep", "os.path.sep"}:
            spelled.add("/")
        return any(c.startswith("/") or c.split("/", 1)[0] == ".." for c in spelled)

    def source(self, node: cst.Call, names: set[str], method: str | None,
               receiver: cst.BaseExpression | None) -> Origin | None:
        for n in sorted(names):
            if n in _OPEN_CALLS or n.endswith((".read_text", ".read_bytes")):
                if _writes(node, n):
                    return None
                path = node.args[0].value if node.args and not n.endswith(("read_text", "read_bytes")) else receiver
                if self.temp_files.object_of(path) is not None:
                    return None  # a fresh temporary file of the function's model: what the save stored (tempfiles.py)
                kind = self._path_kind(path)
                if kind == UNKNOWN_PATH:
                    # A file at a path the code does not name is of unknown provenance; a parameter's path
                    # is judged where the function is called.
                    if self.fn is not None and isinstance(path, cst.Name) and \
                            any(p.name.value == path.value for p in _params(self.fn)):
                        return Param(path.value, path=True)
                    return Origin(UNKNOWN, f"a file read with {n.removeprefix('builtins.')} at a path the code "
                                           f"does not name", node, id(node), logged=True)
                return Origin(kind, n, node, id(node)) if kind is not None else None
            if _SECRET_CALLS(n):
                return Origin(SECRET, n, node, id(node))
            if _ENVIRON_READERS(n):
                return self.environ_variable(node.args[0].value if node.args else None, node)
            if _HOST_IDENTITY(n):
                return Origin(UNKNOWN, f"a fact that names the host or its user ({n})", node, id(node), text=True,
                              machine=True)
            if _HOST_PATHS(n) or (_RELATIVE_PATHS(n) and self._start_outside(node)):
                return _host_path(n, node)
            if _SITE_SETTINGS(n):
                return Origin(UNKNOWN, f"a setting of the site ({n})", node, id(node), text=True)
            if _SOURCE_CALLS(n) or _FILE_LISTS(n):
                if n in _MODEL_OR_DATA:
                    kind = self._path_kind(node.args[0].value if node.args else None, model_ok=True)
                    if kind is None or (n == "torch.load" and kind != DATA):
                        return None  # a checkpoint or pretrained weights, not the site's data
                # A datalist (monai) or a folder's listing is a list of file names: counted in the update,
                # not in the log.
                return Origin(DATA, n, node, id(node), minor=bool(_FILE_LISTS(n)), loader=bool(_BATCH_SOURCES(n)))
            if self.flow.job_dataset(n):
                return Origin(DATA, n[8:], node, id(node))
            if n.startswith(".") or ("." in n and not _known_lib(n)) or n.startswith("<class>."):
                last = n.rsplit(".", 1)[-1]
                if _LOADER_NAME(last):
                    return Origin(DATA, n.lstrip("."), node, id(node), part=_JOB_PARTITIONED(n) and
                                  not self.hub_dataset(_argument(node, 99, "dataset")) and
                                  not sitecount.site_counted(self.r, self.scope, node))
        if method in ("read_text", "read_bytes") and not names:
            kind = self._path_kind(receiver)
            if kind == UNKNOWN_PATH and self._listed([(receiver, self.scope)]):
                # an object the resolver lost, but a file a listing found (`sorted(root.rglob("*.md"))[0]`)
                return Origin(UNKNOWN, f"a file read with .{method}() that a listing found", node, id(node),
                              logged=True)
            return Origin(kind, f".{method}()", node, id(node)) if kind in (DATA, HOST, SECRET) else None
        if method in _ENVIRON_VIEWS and receiver is not None and \
                environ_mapping(self.r.names(receiver, self.scope)):
            return Origin(HOST, "os.environ", node, id(node))
        if not names and isinstance(node.func, cst.Name) and _LOADER_NAME(node.func.value):
            return Origin(DATA, node.func.value, node, id(node))
        return None

    def hub_dataset(self, name: cst.BaseExpression | None) -> bool:
        """A dataset named by a literal hub id (public rows), not a folder or a name given at run time."""
        values = self.r.values(name, self.scope) if name is not None else ()
        return bool(values) and all(isinstance(v, Const) and isinstance(v.value, str) and _HUB_ID(v.value)
                                    for v in values)

    def environ_variable(self, name: cst.BaseExpression | None, node: cst.CSTNode) -> Origin:
        """One environment variable read by name: a secret when the name says so (AWS_SECRET_ACCESS_KEY,
        HF_TOKEN), else a setting of the site, of unknown provenance: a text (a data folder's path, an address)
        that float()/int() keeps, unless every name it may be is one a launcher sets to a number (LOCAL_RANK). A
        secret's read only tested for being set is that bit alone (secret_presence)."""
        names = [c.decode("latin-1") if isinstance(c, bytes) else c for c in self.r.constants(name, self.scope)
                 if isinstance(c, (str, bytes))] if name is not None else []  # os.environb's names are bytes
        if id(node) in self.flow.presence_reads:  # `bool(os.environ.get("WANDB_API_KEY"))`: whether it is set
            tested = self.secret_presence(name, node)
            if tested is not None:
                return tested
        if any(_SECRET_ENV(c) for c in names):
            return Origin(SECRET, f"os.environ[{next(c for c in names if _SECRET_ENV(c))!r}]", node, id(node))
        what = f"the environment variable {names[0]}" if len(names) == 1 else "an environment variable"
        numeric = bool(names) and len(names) == len(self.r.values(name, self.scope)) and all(map(_NUMERIC_ENV, names))
        return Origin(UNKNOWN, what, node, id(node), text=not numeric)

    def secret_presence(self, name: cst.BaseExpression, node: cst.CSTNode) -> Origin | None:
        """Whether a secret is set, where that is all the code tests (presence.py): one bit of the site's deployment
        per name, no test or reduction of which makes it clean (reviewed in the update), not counted in the log."""
        names = presence.literal_names(self.r, name, self.scope)
        written = self.flow.environ_written
        if names is None or written is None or written.intersection(names):
            return None  # the job may set it itself: whatever it put there
        secret = next((n for n in names or () if _SECRET_ENV(n)), None)
        return Origin(UNKNOWN, f"whether the secret {secret} is set", node, id(node), statistic=True) \
            if secret is not None else None

    def _path_kind(self, path: cst.BaseExpression | None, model_ok: bool = False) -> str | None:
        """DATA for the site's data, HOST for other files of the host, None for the job's own config
        (or, with model_ok, for a checkpoint: `torch.load("best_model.pt")`); UNKNOWN_PATH when nothing
        says what the file is."""
        if path is None:
            return HOST
        texts = [self.flow.module.code_for_node(path)]
        nodes = [(path, self.scope)]
        # One step back through names: `p = os.path.join(root, "x.csv"); open(p)`.
        for sub in _names_in(path):
            s = self.scope
            while s is not None and sub not in s.bindings:
                s = s.parent
            if s is not None:
                for item in list(s.bindings[sub])[:4]:
                    if isinstance(item, tuple) and isinstance(item[0], cst.CSTNode):
                        texts.append(self.flow.module.code_for_node(item[0])[:400])
                        nodes.append((item[0], item[1] if isinstance(item[1], Scope) else s))
            texts.append(sub)
        files = []
        for c in self.r.constants(path, self.scope):
            if isinstance(c, str):
                texts.append(c)
                files.append(c.rsplit("/", 1)[-1])
        from ..detectors.paths import PathFolder  # the detectors import this module

        # what the path folds to, through joins and names the texts do not spell (`join("/proc", pid, "cmdline")`):
        # another process's /proc entries are secrets; the job's own memory figures are no source
        folded = PathFolder.of(self.r).fold(path, self.scope)
        if all(_OWN_PROCESS_FIGURES(p) for p in folded):
            return None
        if any(_CREDENTIAL_FILE(t) for t in texts) or any(_PROCESS_FILE(p) for p in folded):
            return SECRET
        if any(_HOST_PATH(t) for t in texts):
            return HOST
        if model_ok and any(_MODEL_PATH(t) for t in texts) and not any(_DATA_PATH(t) for t in texts):
            return None
        if model_ok:
            # The file's own name decides over its folder: `/tmp/nvflare/data/cifar10/cifar_net.pth` is weights.
            files += [f.rsplit("/", 1)[-1] for t in texts for f in _QUOTED_FILE.findall(t)]
            files = [f for f in files if "." in f]
            if files and all((_MODEL_FILE(f) or _MODEL_PATH(f)) and not _DATA_PATH(f)
                             for f in files):
                return None
        if any(_CONFIG_PATH(t) for t in texts) and self._job_file(path, texts) and not self._listed(nodes):
            return None
        if any(_DATA_PATH(t) for t in texts):
            return DATA
        return HOST if model_ok else UNKNOWN_PATH

    def _listed(self, nodes: list[tuple[cst.CSTNode, Scope]]) -> bool:
        """Whether a path comes from a folder's listing (rules/flow/sources.yaml file_lists: glob, listdir,
        iterdir): a file the code found, not one it names, so a config's suffix in the pattern does not make it
        the job's own settings (a README found by `glob("*.md")` named the share the update was saved to; the
        file detectors read a document for locations only when some file spells its name)."""
        return any(isinstance(n, cst.Call) and (
            any(_FILE_LISTS(name) for name in self.r.names(n.func, scope)) or
            isinstance(n.func, cst.Attribute) and n.func.attr.value in _LISTING_METHODS)
            for node, scope in nodes for n in descendants(node))

    def _job_file(self, path: cst.BaseExpression, texts: list[str]) -> bool:
        """Whether a path can only name a file of the job's own: every value it folds to is relative and never
        climbs (`config.json`, `os.path.join(os.path.dirname(__file__), "params.yaml")`, also through a name
        bound to the folder: `texts`, _path_kind). A config's suffix does not make `/data/site/notes.txt` or a
        name the run time gives the job's own."""
        values = [c for c in self.r.constants(path, self.scope) if isinstance(c, str)]
        anchored = any("__file__" in t for t in texts) and \
            not any(".." in t or _ABSOLUTE_LITERAL.search(t) for t in texts)  # join(HERE, "/data/x.txt") is /data
        if not values and not anchored:
            return False
        return all(not v.startswith(("/", "~")) and ".." not in v.split("/") for v in values)

    def parameter(self, func: cst.BaseExpression) -> bool:
        """Whether a called name is a parameter of the function or lambda that binds it."""
        if not isinstance(func, cst.Name):
            return False
        s = self.r.binding_scope(func.value, self.scope)
        return s is not None and isinstance(s.node, (cst.FunctionDef, cst.Lambda)) and \
            any(p.name.value == func.value for p in _params(s.node))

    def called_parameter(self, func: cst.BaseExpression, method: str | None) -> "Passed | None":
        """What the job's calls pass for a parameter the call runs (`model(x)`, `model.forward(x)`), but a
        method's first (the object)."""
        name = func if method is None else func.value if method in protocol.CALLED else None
        if not isinstance(name, cst.Name):
            return None
        s = self.r.binding_scope(name.value, self.scope)
        if s is None or not isinstance(s.node, (cst.FunctionDef, cst.Lambda)) or \
                all(p.name.value != name.value for p in _params(s.node)) or _bound_first(s, name.value):
            return None
        return self.flow.passed(s, name.value)

    def constructor_field(self, node: cst.Attribute) -> "Passed | None":
        """`self.net` of a method, stored from the constructor's parameter: what the job's constructions pass for
        it, as for a parameter (fields.py)."""
        if not (isinstance(node.value, cst.Name) and node.value.value == "self" and self.cls_node is not None and
                isinstance(self.fn, cst.FunctionDef)):
            return None
        key = (id(self.fn), node.attr.value)
        if key not in self.flow.constructor_fields:
            self.flow.constructor_fields[key] = fields.constructor_parameter(self.r, self.fn, self.scope, self.cls_node,
                                                                            node.attr.value)
        found = self.flow.constructor_fields[key]
        if found is None:
            return None
        return self.flow.passed(*found)

    def passed_methods(self, receiver: cst.BaseExpression, method: str) -> list[cst.FunctionDef]:
        """`def deliver(m): m.state_dict()`: the methods of that name of the job's classes whose objects the job's
        calls pass for the parameter (Flow.passed), whatever a library's method of that name does."""
        passed = None if method in protocol.CALLED else self.called_parameter(receiver, None)
        out: list[cst.FunctionDef] = []
        for q in sorted(passed.classes) if passed is not None else ():
            out += [fn for fn in self.members(q, method)[0] if fn not in out]
        return out

    def held_write(self, node: cst.Call, names: set[str], func: cst.Name) -> tuple[str, str] | None:
        """The file sink of a call of a name bound to a handle's write (`w = open(p, "w").write; w(rows)`), which
        writes as `fh.write(rows)` does (red team 58c), judged for each binding of the name (the call may run any):
        each binding once per frame, so that a name rebound and called n times costs n judgements, not n^2."""
        memo = self.held_writes
        for held, _ in self.bound_exprs(func, every=False) or ():
            if isinstance(held, cst.Call) and held.args and not held.args[0].keyword and \
                    self.r.names(held.func, self.scope) & _PARTIALS:
                held = held.args[0].value  # `w = functools.partial(fh.write)` writes as fh.write does (red team 59c)
            if isinstance(held, cst.Attribute) and held.attr.value in _HANDLE_WRITES:
                if id(held) not in memo:  # a handle's write: its file is the receiver's, whatever the call hands it
                    memo[id(held)] = self.file_sink(node, names, held.attr.value, held.value)
                if memo[id(held)] is not None:
                    return memo[id(held)]
        return None

    def unsure_receiver(self, receiver: cst.BaseExpression | None, refs: list) -> bool:
        """Whether methods of the job's classes (`refs`) are called on a name or a call that may also be something
        else: a table, a library's object (`h = Helper() if c else pd.read_csv(p); h.head()`, a parameter some call
        passes rows for, a field some code stores the table in). Not `self`, `cls` or a class."""
        if not isinstance(receiver, (cst.Name, cst.Call, cst.Attribute)) or \
                (isinstance(receiver, cst.Name) and receiver.value in ("self", "cls")):
            return False
        if not any(isinstance(fn, cst.FunctionDef) and _in_class(self.flow.home(fn).r.scope_of.get(id(fn)))
                   for fn in refs):
            return False  # a function (`task.train(...)`, `make()(...)`)
        names = self.r.names(receiver, self.scope)
        if names and all(n.startswith("<class>.") and "()" not in n for n in names):
            return False  # the class itself (`Helper.head(h)`): its function, called with what it is given
        if isinstance(receiver, cst.Attribute):
            return not fields.field_only_constructed(self.r, receiver.attr.value)
        passed = self.called_parameter(receiver, None)
        if passed is not None:
            return passed.mixed or not passed.listed
        return not fields.only_constructed(self.r, receiver, self.scope)

    def call_facts(self, node: cst.Call) -> "_CallFacts":
        """What a call is, whatever flows into it: computed once per call site."""
        func = node.func
        scope = self.scope
        method = func.attr.value if isinstance(func, cst.Attribute) else None
        receiver = func.value if isinstance(func, cst.Attribute) else None
        names = self.r.names(func, scope)
        inner = tuple(isinstance(a.value, cst.Call) and any(_UPDATE_CALLS(n) for n in self.r.names(a.value.func, scope))
                      for a in node.args)
        values = self.r.values(func, scope)
        refs = [v.node for v in _functions(values) if self.flow.own_function(v)] or self.flow.linked(values)
        refs += self.flow.registered(refs)
        # a method of another module's class called on an instance (`Rows().fetch(p)`): `self` is bound
        bound = method is not None and not self.flow.linked_methods.isdisjoint(id(fn) for fn in refs)
        if not refs and method is not None:
            if isinstance(receiver, cst.Name) and receiver.value in ("self", "cls"):
                refs = self.flow.methods.get(method, [])
            else:  # `h = Helper(df); h.state_dict()`: Helper's own state_dict, whatever it is called
                refs = self.flow.own_methods(names, method) or self.passed_methods(receiver, method)
            bound = bool(refs)
        # `getattr(open(p, "a"), "write")(rows)` is `open(p, "a").write(rows)` (red team 58c)
        looked_up = _looked_up_method(func, self.r, scope) if method is None else None
        sink = self.sink_of(node, names, *(looked_up[::-1] if looked_up else (method, receiver)))
        if sink is None and method is None and isinstance(func, cst.Name):
            sink = self.held_write(node, names, func)
        handed_only = False
        if sink is None and not refs:
            sink = self.shared_file_sink(node, names, method, receiver)
            handed_only = sink is not None
        facts = _CallFacts(names, method, receiver, inner, sink, refs, bound, handed_only=handed_only)
        facts.unsure = self.unsure_receiver(receiver, refs)
        facts.protocol = protocol.of_classes(self.flow, names, flow_for=module_flow.flow_of)
        facts.applies = _applies_model(node, names)
        # `def evaluate(model, v, x): model.apply(v, x)` runs what the callers pass, as `model(x)` does
        param = facts.passed = self.called_parameter(func, "__call__" if facts.applies else method)
        field = func if _object_call(func, names, self.flow) else func.value if method in protocol.CALLED else None
        if param is None and isinstance(field, cst.Attribute):
            param = facts.passed = self.constructor_field(field)  # `self.net(x)`, `self.net.forward(x)`
        if method is None or _object_call(func, names, self.flow):
            # `model(x)`, `self.head(x)` of an object of the job's class: its __call__/forward runs on x
            facts.called = protocol.of_classes(
                self.flow, {n[:-2] for n in names if n.startswith("<class>.") and n.endswith("()")},
                flow_for=module_flow.flow_of, only=protocol.CALLED)
            unnamed = not names and not self.parameter(func) and param is None
            if unnamed or any(n.startswith(_MODULE_HOLDERS) for n in names):
                # an object no name ties to a class (an item of a ModuleList a loop calls, a class picked from a
                # dict) or a library container or wrapper of modules: it may run any job module the module hands
                # where no name follows it, not only predictions of the input (a parameter: what its callers pass)
                known = {id(fn) for fn, _ in facts.called}
                facts.called = facts.called + [(fn, home) for fn, home in self.flow.escaped_called
                                               if id(fn) not in known]
            if unnamed and self.flow.handed_functions:
                # or a function or lambda the module reads as a value (`for fn in STEPS.values(): fn(x)`)
                facts.passed = Passed(functions=self.flow.handed_functions)
        if param is not None:
            # `def evaluate(model, x): model(x)`: the __call__/forward of what the job's calls pass for the
            # parameter, whatever its annotation says (a name the author chose)
            known = {id(fn) for fn, _ in facts.called}
            for fn, home in protocol.of_classes(self.flow, sorted(param.classes), flow_for=module_flow.flow_of,
                                                only=protocol.CALLED) + param.escaped:
                if id(fn) not in known:
                    known.add(id(fn))
                    facts.called.append((fn, home))
        if method is None or param is not None or _object_call(func, names, self.flow):
            facts.rebound = (param is not None or any(n.endswith("()") for n in names)) and any(
                h.rebinds_called for h in (self.flow, *(home for _, home in facts.called)))  # an object called
        if any(_PROGRESS_BARS(n) for n in names):
            facts.bar_text = frozenset(i for i, a in enumerate(node.args) if (a.keyword is None and i == 1 and not a.star)
                                       or (a.keyword is not None and a.keyword.value in _BAR_TEXT))
        written = self.writer(node, names, method, receiver)
        if written is not None and self.memory_buffer(written[1]):
            facts.buffer = written[1]
        elif written is not None and _writes_handle(names, method):
            facts.handle = written[1]
        facts.lambdas = tuple(v.node for v in _functions(values) if isinstance(v.node, cst.Lambda)
                              and id(v.node) in self.r.scope_of)
        if names & _WRAPPERS and isinstance(func, cst.Attribute):
            # a library function wrapped (`importer = staticmethod(__import__)`) is left to the steps below, as before;
            # an object a library call made (`staticmethod(itemgetter(1042))`, `staticmethod(partial(f))`,
            # `staticmethod(staticmethod(f))`) is no function the steps know: call_wrapped does not follow it
            facts.wrapped = tuple((v, cls) for v, cls in self.r.wrapped(func, scope)
                                  if not isinstance(v, str) or v.endswith("()"))
        if refs or facts.lambdas or facts.wrapped or "builtins.setattr" in names:
            # the rest is never asked: the call is the module's own code, or also a closure another module of
            # the job made (`@tagged(extra)` with `tagged` elsewhere), which is not followed
            facts.foreign = self.flow.elsewhere(frozenset(v for v in values if not (
                isinstance(v, FuncRef) and v.node in refs)))
            return facts
        # Each step below is asked only when the one before did not decide (see _e_call).
        facts.inits = self.flow.constructors(names)
        if names and all(self.flow.job_class(n) for n in names):
            facts.built = tuple(sorted(names))
        facts.source = self.source(node, names, method, receiver)
        if facts.source is not None:
            return facts
        facts.foreign = self.flow.foreign(names) or self.flow.elsewhere(self.r.values(func, scope))
        if facts.foreign is None and not names and isinstance(func, cst.Name) and not self.bound(func.value):
            facts.foreign = func.value  # a name with no binding in the module (injected, star-imported)
        if facts.foreign is not None:
            return facts
        # `self.norm(x)` of a field holding torch.nn.LayerNorm() calls the module: no method `norm` of a tensor
        module = bool(names) and all(n.endswith("()") and _MODULE_CLASSES(n[:-2]) for n in names)
        facts.role = self.role(node, names, None if module else method, receiver)
        # an item of a torch container of modules is a module: `self.parts["head"](x)` is a model's call
        facts.object_call = _object_call(func, names, self.flow) or (isinstance(func, cst.Subscript) and any(
            n.startswith(_MODULE_CONTAINERS) for n in self.r.names(func.value, scope)))
        facts.view = any(_VIEWS(n) for n in names)
        facts.library = bool(names) and all(_known_lib(n) for n in names)
        facts.keeps_rows = facts.applies or self.keeps_rows(node, names, method, facts.object_call)
        if any(_LIBRARY_TRAINERS(n + "()") for n in names):
            facts.callbacks = tuple(_callback_items(node))
        # a loss or metric object the gate cannot see, by its class's name; never one whose __call__/forward the
        # flow follows (facts.called: `class RunningMetric: __call__ -> x[1042:1043]`, a name the author chose)
        facts.metric_object = method is None and not facts.called and any(
            n.endswith("()") and _METRIC_NAME(n[:-2].rsplit(".", 1)[-1]) for n in names)
        facts.pairs = any(_EVALUATION_PAIRS(n) for n in names) and _evaluation_pairs(node)
        facts.sized = bool(names & _SIZED_BY_VALUE)
        facts.builds = any(_MODEL_BUILDERS(n) for n in names)
        facts.seeds = any(_SEEDERS(n) for n in names)
        facts.draws = any(_RANDOM_DRAWS(n) for n in names)
        return facts

    def role(self, node: cst.Call, names: set[str], method: str | None, receiver) -> str | None:
        """What a library call does to what flows through it, by its resolved name or method."""
        if any(_EXCEPTION_READERS(n) for n in names):
            return "exception"
        if any(_INPLACE_CALLS(n) for n in names):
            return "inplace-call"
        if any(_INPLACE_FUNCTIONS(n) for n in names) and node.args and node.args[0].keyword is None \
                and not node.args[0].star:
            return "inplace-function"
        if method is not None and receiver is not None and _INPLACE_METHODS(method):
            return "inplace"
        if method in ("fit", "partial_fit") and receiver is not None and \
                any(_ROW_KEEPING(n) for n in self.r.names(receiver, self.scope)):
            return "fit-keeps-rows"
        objective = self.job_objective(node, names, method, receiver)
        if objective is not None:
            return objective
        if node.args and tempfiles.saver(node, self.saver_names(node)) and \
                self.temp_files.object_of(node.args[0].value) is not None:
            return "temp-save"
        if method in _MODEL_STATE and not (receiver is not None and self.table(receiver)):
            if method == "eval" and node.args:
                return "metric"  # `bst.eval(dmatrix)` scores what it is given, `net.eval()` hands back the model
            return "model-state"  # on a table, `eval`/`fit`... are its own (`df.eval(expr)` computes over rows)
        if any(_LIBRARY_FITS(n) for n in names):
            return "library-fit"
        if any(_ROW_LOOKUPS(n) for n in names):
            return "lookup"
        if any(_KEYED_ENCRYPTORS(n) for n in names) and node.args and node.args[0].keyword is None \
                and not node.args[0].star:
            return "keyed"
        summary = self.summary_role(node, names, method, receiver)
        if summary is not None:
            return summary
        if method == "item":
            return "item"
        if method == "keys" and not node.args:
            return "keys"
        if names & _MATMUL and node.args and _transposed(node.args[0].value):
            return "product-call"
        if method in ("dot", "matmul") and receiver is not None and _left_transposed(receiver):
            return "product-method"
        if any(n in _SCALARS for n in names):
            return "scalar"
        if method == "apply" and receiver is not None and len(node.args) == 1 and node.args[0].keyword is None and \
                isinstance(node.args[0].value, cst.Lambda) and len(_params(node.args[0].value)) == 1:
            return "apply-lambda"
        if method in _MUTATORS and receiver is not None and \
                not any(n.startswith(_MODEL_LIBS) for n in self.r.names(receiver, self.scope)) and \
                not self.library_parameter(receiver):
            return "mutator"
        return None

    def library_parameter(self, node: cst.BaseExpression) -> set[str]:
        """What every call of the module passes a parameter, never rebound, when each is a model library's
        object (`def boost(bst, d): bst.update(d, i)` called as `boost(xgb.Booster(), d)`): its methods named
        like a list's or a dict's are the library's, as on the object itself (`bst.update(dtrain, i)` is a
        boosting step). Empty otherwise."""
        if self.fn is None or not isinstance(node, cst.Name) or self.scope.bindings.get(node.value) or \
                all(p.name.value != node.value for p in _params(self.fn)):
            return set()
        out: set[str] = set()
        for arg, where in arguments.passed(self.r, self.scope, node.value) or ():
            names = self.r.names(arg, where)
            if not names or not all(n.startswith(_MODEL_LIBS) for n in names):
                return set()
            out |= names
        return out

    def job_objective(self, node: cst.Call, names: set[str], method: str | None, receiver) -> str | None:
        """Library training handed the job's own objective or gradients (objective_fits): "job-objective", or
        "job-objective-inplace" for a Booster's own method, which trains it in place."""
        if method is not None and receiver is not None:
            names = names | {f"{n}.{method}" for n in self.library_parameter(receiver)}
        fits = [n for n in names if _OBJECTIVE_FITS(n)]
        positional = sum(1 for a in node.args if a.keyword is None and not a.star)
        if not fits or not (any(positional > _OBJECTIVE_SLOTS[n.rsplit(".", 1)[-1]] for n in fits) or any(
                a.star or (a.keyword is not None and a.keyword.value in _OBJECTIVE_KEYWORDS) for a in node.args)):
            return None
        return "job-objective-inplace" if any("()." in n for n in fits) else "job-objective"

    def keeps_rows(self, node: cst.Call, names: set[str], method: str | None, object_call: bool) -> bool:
        """A conversion, an element-wise function or a model's predictions: every row it is given stays in
        place (a lambda or a function it can see is judged by its body, never its name)."""
        if any(_CHOSEN_PARTITIONS(n) for n in names):
            return False  # `IidPartitioner(num_partitions=len(df)).load_partition(7)`: a row
        if any(_PADDING_CALLS(n) for n in names):
            return _pads_with_constants(node)
        if any(_WHOLE_CALLS(n) for n in names):
            return not names & _RANDOM_SPLITS or self.random_shares(node, names, method=False)
        if any(_ROW_CONCATENATIONS(n) for n in names):  # `torch.cat(batches)`: each part keeps its own flags
            axis = _argument(node, 1, "axis") or _argument(node, 1, "dim")
            if axis is None or gradients.same(axis, cst.Integer("0")):
                return True
        if names & gradients.STACKS:
            return gradients.whole(self.r, self.scope, node)  # np.hstack([np.ones((n, 1)), x])
        if "numpy.clip" in names or method == "clip":  # with bounds alike for every row
            bounds = node.args[1:] if "numpy.clip" in names else node.args
            return all(self.fixed(a.value) for a in bounds)
        if names and method is not None and all(_known_lib(n) and "()" not in n for n in names):
            return False  # a library function not on the list (`np.take`, `np.where`, `np.stack`)
        if method == "drop":  # columns only (`drop(columns=...)`, `drop("y", axis=1)`), never rows by label
            axis = _argument(node, 1, "axis")  # (polars' DataFrame.drop(*columns) has no rows to drop)
            return any(n.startswith("polars.") for n in names) or _argument(node, 99, "columns") is not None or (
                axis is not None and (gradients.same(axis, cst.Integer("1")) or
                                      gradients.same(axis, cst.SimpleString('"columns"'))))
        if method == "sample":  # `df.sample(frac=1)`: every row, shuffled (not `n=1`, a share or a weighted draw)
            frac = _argument(node, 1, "frac")
            return frac is not None and self.r.constants(frac, self.scope) == [1] and all(
                _argument(node, i, k) is None for i, k in ((0, "n"), (2, "replace"), (3, "weights")))
        if method == "map":  # one row out per row in (`ds.map(f)`, `s.map(d)`), unless batched
            batched = _argument(node, 99, "batched")
            return batched is None or (isinstance(batched, cst.Name) and batched.value == "False") or \
                self.tokenizes(_argument(node, 0, "function"))
        if method == "train_test_split":  # a Hugging Face dataset's
            return self.random_shares(node, names, method=True)
        if method in _WHOLE_METHODS or (method == "pop" and len(node.args) == 1 and
                                        isinstance(node.args[0].value, cst.SimpleString) and
                                        not _column_of_table(node.func.value, self.r, self.scope, 0)):
            return True  # (`df.pop("label")`: a column; a column's `pop("P-17")` is its element so labelled)
        if method in ("reshape", "view"):  # `x.view(x.size(0), -1)`, `y.reshape(-1)`: rows first
            first = next((a.value for a in node.args if a.keyword is None), None)
            if isinstance(first, (cst.Tuple, cst.List)) and first.elements:
                first = first.elements[0].value  # `x.reshape((x.shape[0], -1))`
            receiver = node.func.value if isinstance(node.func, cst.Attribute) else None
            if first is None or not (gradients.same(first, cst.UnaryOperation(cst.Minus(), cst.Integer("1"))) or
                                     _row_count(first, receiver) or self.row_count_name(first, receiver)):
                return False  # (the receiver's own rows: `x.view(len(x[:1]), -1)` is one row)
            # the other sizes must be a row's own (`x.view(-1, 16 * 5 * 5)`, `x.reshape(-1, x.shape[1])`): one that
            # may hold the number of rows or of elements (`x.reshape(-1, x.numel())`) makes the table one row
            rest = [a.value for a in node.args if a.keyword is None][1:]
            if isinstance(node.args[0].value, (cst.Tuple, cst.List)):
                rest = [e.value for e in node.args[0].value.elements[1:]]
            return all(self.row_size(a) for a in rest)
        return object_call and not any(isinstance(v, FuncRef) for v in self.r.values(node.func, self.scope))

    def memorised(self, node: cst.Call, positional: list[frozenset], keywords: dict[str, frozenset]) -> None:
        """A library loss of a model's predictions that hold none of the site's data against its rows (`mse_loss(
        model(torch.eye(n)), x)`): the model it trains learns the rows (trained_losses), as a fit of such a design
        does. Not a baseline that predicts no model (`mse_loss(torch.zeros_like(y), y)`)."""
        predictions = positional[0] if positional else keywords.get("input", EMPTY)
        target = positional[1] if len(positional) > 1 else keywords.get("target", EMPTY)
        if not any(isinstance(o, Param) or o.kind in (DATA, UNKNOWN) for o in predictions) and \
                self.model_output(_argument(node, 0, "input")):
            self.write_params(frozenset(o.but(memorized=True) for o in _strip_params(target) if o.kind == DATA))

    def model_output(self, node: cst.BaseExpression | None, depth: int = 0) -> bool:
        """Whether `node` may be what a model returns when called on arrays the code built of their size alone
        (`model(torch.eye(n))`, `emb(torch.arange(n))`, `out[0]`, a name bound to one): row numbers, no site data."""
        while isinstance(node, (cst.Subscript, cst.Attribute)):
            node = node.value
        if isinstance(node, cst.Call):
            c = self.flow.static.get(id(node))
            inputs = [a.value for a in node.args if a.keyword is None and not a.star]
            return c is not None and (c.object_call or bool(c.called) or c.method == "forward") and \
                bool(inputs) and all(self.built_of_sizes(a) for a in inputs)
        return any(self.model_output(e, depth + 1) for e, _ in self.bound_exprs(node, depth, every=False) or ())

    def built_of_sizes(self, node: cst.BaseExpression, depth: int = 0, scope: Scope | None = None) -> bool:
        """`torch.eye(n)`, `torch.arange(n)[:k]`, `ids.float()`, `one_hot(torch.tensor(k), n)`,
        `pd.Series(np.eye(n)[k])`, `1e6 * np.eye(n)[k]`, `np.arange(n) == k`, a name or a field bound only to one,
        what the job's function or lambda returns when every return is one (each read where it is bound or
        returned: `s = np.zeros(n); s[k] = 1; return s` in a helper): an array of its size alone."""
        scope = scope or self.scope
        while isinstance(node, cst.Subscript) or (isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute)
                                                  and node.func.attr.value in _SAME_ROWS_METHODS_WORDS):
            items = self.literal_items(node, depth, scope) if isinstance(node, cst.Subscript) else None
            if items is not None:  # `held[0]` of `held = [np.eye(n)[k], 0.5]`: that element, not every one
                return all(self.built_of_sizes(e, depth + 1, s) for e, s in items)
            node = node.value if isinstance(node, cst.Subscript) else node.func.value
        if isinstance(node, cst.Call):
            names = self.r.names(node.func, scope)
            given = [a.value for a in node.args if a.keyword is None and not a.star]
            if any(_ONE_HOTS(n) for n in names):
                return True
            if len(given) == 1 and any(_WHOLE_CALLS(n) for n in names):  # converted or element-wise: pd.Series, exp
                return self.built_of_sizes(given[0], depth, scope)
            if names & _SIZED_BY_VALUE:
                return True
            if names and all(_known_lib(n) for n in names) and self.of_sizes_and_constants(node, depth, scope):
                return True  # `np.where(np.arange(n) == k, 1.0, 0.0)`, `np.roll(np.eye(n)[0], k)`
            returned = self.returned_exprs(node, depth, scope)
            return returned is not None and all(self.built_of_sizes(e, depth + 1, s) for e, s in returned)
        if isinstance(node, (cst.List, cst.Tuple, cst.Dict)) and node.elements:  # `held = {"w": np.eye(n)[k]}`
            return all(not isinstance(e, (cst.StarredElement, cst.StarredDictElement)) and
                       self.built_of_sizes(e.value, depth, scope) for e in node.elements)
        if isinstance(node, cst.Comparison) and len(node.comparisons) == 1:
            sides = (node.left, node.comparisons[0].comparator)  # `np.arange(n) == k`: a one-hot as a mask
            return any(self.built_of_sizes(e, depth, scope) for e in sides) and \
                all(self.built_of_sizes(e, depth, scope) or self.fixed(e) for e in sides)
        if isinstance(node, cst.BinaryOperation) and not isinstance(node.operator, cst.MatrixMultiply):
            sides = (node.left, node.right)  # `1e6 * np.eye(n)[k]`: of sizes and constants
            return any(self.built_of_sizes(e, depth, scope) for e in sides) and \
                all(self.built_of_sizes(e, depth, scope) or self.fixed(e) for e in sides)
        key = (id(self.r.binding_scope(node.value, scope)), node.value) if isinstance(node, cst.Name) else dotted(node)
        if key is not None and key in self.sizing:
            return True  # `w = w + 0.0`: a binding of a name from itself holds nothing but what its others hold
        bound = self.bound_exprs(node, depth, scope=scope, fields=True)
        if bound is None:
            return False
        self.sizing.add(key)
        try:
            return all(self.built_of_sizes(e, depth + 1, s) for e, s in bound)
        finally:
            self.sizing.discard(key)

    def literal_items(self, node: cst.Subscript, depth: int, scope: Scope) -> list | None:
        """What a constant index of a container literal picks (`[a, b][0]`, `held["w"]` of `held = {"w": a}`, every
        binding a literal holding it): (expression, scope) of that element. None when the index or any binding is no
        constant or literal, or a starred element moves the positions. Only makes built_of_sizes judge less than
        every element, never more: the element is one of them."""
        if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
            return None
        key = self.r.constants(node.slice[0].slice.value, scope)
        if len(key) != 1 or isinstance(key[0], bool) or not isinstance(key[0], (int, str)):
            return None
        containers = [(node.value, scope)] if isinstance(node.value, (cst.List, cst.Tuple, cst.Dict)) else \
            self.bound_exprs(node.value, depth, scope=scope, fields=True)
        out = []
        for container, where in containers or ():
            item = _literal_item(container, key[0], self.r, where)
            if item is None:
                return None
            out.append((item, where))
        return out or None

    def of_sizes_and_constants(self, call: cst.Call, depth: int, scope: Scope) -> bool:
        """A library call whose every argument is built of sizes, a constant or a number of rows, one at least of
        sizes or rows (`np.bincount([k], minlength=len(x))`): what it returns holds nothing else. Not a draw."""
        values = [a.value for a in call.args if not a.star]
        return len(values) == len(call.args) and not self.standard_draw(call) and \
            any(self.built_of_sizes(v, depth, scope) or _row_count(v) for v in values) and \
            all(self.built_of_sizes(v, depth, scope) or _row_count(v) or self.fixed(v) for v in values)

    def returned_exprs(self, call: cst.Call, depth: int, scope: Scope) -> list | None:
        """What a call of the job's own functions or lambdas returns: (expression, scope) of every `return` (a
        lambda's body), when the callee is nothing else and each returns something; None past depth 4."""
        funcs = self.r.values(call.func, scope) if depth < 4 else EMPTY
        if not funcs or not all(isinstance(f, FuncRef) and f.scope is not None for f in funcs):
            return None
        out = []
        for f in funcs:
            returned = [v for v in f.scope.owner.returns.get(id(f.node), ()) if isinstance(v[0], cst.BaseExpression)]
            if not returned:
                return None
            out += returned
        return out

    def bound_exprs(self, node: cst.BaseExpression, depth: int = 0, every: bool = True, scope: Scope | None = None,
                    fields: bool = False) -> list | None:
        """The expressions a name may hold where the frame (or `scope`) reads it, one (expression, scope it is read
        in) per binding (what row_count_name, model_output, built_of_sizes, row_size, column_weights and fixed
        judge in its place); with `fields`, those of a field too (field_bindings). None when `node` is neither, is
        followed past depth 4 or is unbound, and, unless `every` is False, when a binding is no expression (an
        import, a def, a parameter): then no judgement of every value it may hold can stand."""
        if depth >= 4:
            return None
        if isinstance(node, cst.Name):
            bound = self.r.bindings(node.value, scope or self.scope)
        elif fields and isinstance(node, cst.Attribute):
            bound = self.field_bindings(node, scope or self.scope)
        else:
            return None
        exprs = [b for b in bound if isinstance(b, tuple) and isinstance(b[0], cst.BaseExpression)]
        return exprs if bound and (len(exprs) == len(bound) or not every) else None

    def field_bindings(self, node: cst.Attribute, scope: Scope) -> dict:
        """What `obj.attr` may hold, as the resolver binds it: stores under its own spelling (`c.w = v`) and, for an
        instance of the module's classes, every `self.attr = v` of the module (one table for all its classes) and
        the class bodies' `attr = v`. Empty for a class of another module (not followed)."""
        key, attr = dotted(node), node.attr.value
        if key is None:
            return {}
        bound = dict(self.r.attr_bindings.get(self_key(key), {}))
        for owner in self.r.names(node.value, scope):
            qname = owner.removesuffix("()")
            if not qname.startswith("<class>."):
                continue
            if qname not in self.r.class_scopes:
                return {}
            bound.update(self.r.attr_bindings.get("self." + attr, {}))
            for body in self.r.class_scopes[qname]:
                bound.update(body.bindings.get(attr, {}))
        return bound

    def against_selector(self, node: cst.Call, positional: list, keywords: dict) -> bool:
        """A library call of the site's data (a loss, a metric, a distance, an element-wise function) that compares it
        with a row selector the code built of nothing else (row_selector): by position (the first two arguments) or
        by a keyword naming what it compares (loss_operands)."""
        if any(a.star for a in node.args):
            return False
        operands = [(a.value, positional[i] if i < len(positional) else EMPTY) for i, a in enumerate(node.args[:2])
                    if a.keyword is None]
        operands += [(a.value, keywords.get(a.keyword.value, EMPTY)) for a in node.args
                     if a.keyword is not None and a.keyword.value in _LOSS_OPERANDS]
        return any(_site_data(t) for _, t in operands) and any(not t and self.row_selector(v) for v, t in operands)

    def row_selector(self, node: cst.BaseExpression, depth: int = 0, scope: Scope | None = None) -> bool:
        """A constant laid out by row that the code built to single rows out (session 33, red team 23): a one-hot
        (one_hot_calls: `F.one_hot(torch.tensor([1042]), n)`), a row of an identity (`np.eye(n)[k]`), an all-alike
        array of the code's (`torch.zeros(x.shape)`) that the module writes into (`onehot[7] = 1.0`), scaled or
        shifted by constants. Not `torch.arange(b)` (contrastive labels: every row its own class), nor an all-alike
        array left as built (a GAN's `torch.ones(b)` targets), nor a one-hot of the site's labels (`F.one_hot(y)`
        holds the data: built_of_sizes is of sizes alone). What the job's function returns is judged where it is
        returned (`def sel(n): o = torch.zeros(n); o[7] = 1.0; return o`)."""
        scope = scope or self.scope
        if depth > 4 or not self.built_of_sizes(node, scope=scope):
            return False
        while isinstance(node, cst.Subscript) or (isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute)
                                                  and node.func.attr.value in _SAME_ROWS_METHODS_WORDS):
            node = node.value if isinstance(node, cst.Subscript) else node.func.value
        if isinstance(node, cst.BinaryOperation):
            return self.row_selector(node.left, depth + 1, scope) or self.row_selector(node.right, depth + 1, scope)
        if isinstance(node, cst.Call):
            names = self.r.names(node.func, scope)
            returned = self.returned_exprs(node, depth, scope)
            if returned is not None:
                return any(self.row_selector(e, depth + 1, where) for e, where in returned)
            given = [a.value for a in node.args if a.keyword is None and not a.star]
            if any(_ONE_HOTS(n) for n in names) or names & _IDENTITIES:
                return True
            return len(given) == 1 and any(_WHOLE_CALLS(n) for n in names) and \
                self.row_selector(given[0], depth + 1, scope)
        if isinstance(node, cst.Name):
            bound = [b[0] for b in self.r.bindings(node.value, scope)
                     if isinstance(b, tuple) and isinstance(b[0], cst.BaseExpression)]
            return any(self.row_selector(b, depth + 1, scope) for b in bound) or \
                gradients.written_at_positions(scope.owner, node.value)
        return False

    def row_size(self, node: cst.BaseExpression, depth: int = 0) -> bool:
        """A size that is no count of rows or of elements (red team 23): integer literals, a size of an axis past the
        first (`x.shape[1]`, `x.size(2)`: a negative axis is the first of a flat array), arithmetic of those, a name
        or a field every binding of which is one."""
        if isinstance(node, cst.Integer) or gradients.same(node, cst.UnaryOperation(cst.Minus(), cst.Integer("1"))):
            return True  # `x.view(x.size(0), -1)`: the rest of a row
        if isinstance(node, cst.BinaryOperation):
            return self.row_size(node.left, depth) and self.row_size(node.right, depth)
        axis = None
        if isinstance(node, cst.Subscript) and isinstance(node.value, cst.Attribute) and \
                node.value.attr.value == "shape" and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
            axis = node.slice[0].slice.value
        elif isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "size" \
                and len(node.args) == 1 and node.args[0].keyword is None:
            axis = node.args[0].value
        if axis is not None:
            return isinstance(axis, cst.Integer) and axis.evaluated_value >= 1
        if isinstance(node, (cst.Name, cst.Attribute)):
            values = self.r.constants(node, self.scope)
            if values:
                return all(isinstance(v, int) and not isinstance(v, bool) for v in values)
        bound = self.bound_exprs(node, depth)
        return bound is not None and all(self.row_size(e, depth + 1) for e, _ in bound)

    def uneven_operand(self, node: cst.Call, names: set[str], method: str | None, recv: frozenset,
                       positional: list[frozenset], keywords: dict[str, frozenset]) -> bool:
        """An element-wise function of the site's data with an operand that weighs its rows (row_operand_calls,
        row_operand_methods): read as the operator is (row_wise), `torch.minimum(x, 1e9 * onehot)` and
        `x.pow(onehot)` pick the row that `x * onehot` picks (red team 23)."""
        if method == "view_as":  # the shape of the operand: of a value of no site data, any shape (`zeros(1, n * d)`)
            return bool(recv) and not any(positional)
        if method in _ROW_OPERAND_METHODS and isinstance(node.func, cst.Attribute):
            sides = [(node.func.value, recv)]
        elif any(_ROW_OPERAND_CALLS(n) for n in names):
            sides = []
        else:
            return False
        nodes = [a.value for a in node.args if a.keyword is None and not a.star]
        sides += list(zip(nodes, positional))
        sides += [(a.value, keywords.get(a.keyword.value, EMPTY)) for a in node.args if a.keyword is not None]
        tainted = [t for _, t in sides if t]
        if not tainted or any(a.star for a in node.args):
            return bool(tainted)
        if len(tainted) > 1:
            return any(_masked(t) for t in tainted)  # a mask the code chose, applied (`torch.minimum(x, ids == 7)`)
        return not all(t or self.fixed(e) or self.standard_draw(e) for e, t in sides)

    def row_count_name(self, node: cst.BaseExpression, of: cst.BaseExpression | None = None) -> bool:
        """A name bound only to a number of rows (`batch_size = x.size(0)` before `x.view(batch_size, -1)`)."""
        bound = self.bound_exprs(node)
        return bound is not None and all(_row_count(e, of) for e, _ in bound)

    def side_by_side(self, node: cst.Call, names: set[str], st: _State) -> frozenset | None:
        """What columns stacked side by side hold (`hstack`, `column_stack`, `concatenate(..., axis=1)` of a
        literal list), when every part is a value read from the site or a column the same in every row
        (`np.ones((n, 1))`): each row stays a row, and each part keeps its own chosen rows. A constant that
        differs by row (`np.eye(n)[:, :1]`) could pick one: None, and the stack is rows chosen."""
        if "numpy.concatenate" in names:
            axis = _argument(node, 1, "axis")
            if axis is None or not (gradients.same(axis, cst.Integer("1")) or
                                    gradients.same(axis, cst.UnaryOperation(cst.Minus(), cst.Integer("1")))):
                return None
        parts = node.args[0].value if node.args and node.args[0].keyword is None else None
        if not isinstance(parts, (cst.List, cst.Tuple)) or not parts.elements or \
                any(isinstance(e, cst.StarredElement) for e in parts.elements):
            return None
        out = EMPTY
        for e in parts.elements:
            if self.uniform_column(e.value):
                continue
            t = self.expr(e.value, st)
            if not any(isinstance(o, Param) or o.kind == DATA for o in t):
                return None  # a parameter is judged at each call, by what the caller passes
            out |= t
        return out

    def uniform_column(self, node: cst.BaseExpression) -> bool:
        """`np.ones((n, k))`, `np.zeros(...)`, `np.full((n, k), c)` with a literal c: the same value in every row."""
        names = self.r.names(node.func, self.scope) if isinstance(node, cst.Call) else set()
        if not names & {"numpy.ones", "numpy.zeros", "numpy.full"}:
            return False
        fill = _argument(node, 1, "fill_value") if "numpy.full" in names else None
        return fill is None or isinstance(fill, (cst.Integer, cst.Float))

    def random_shares(self, node: cst.Call, names: set[str], method: bool) -> bool:
        """A random split keeps the rows taken whole only in shares of a tenth or more (`test_size=1` is one
        patient's row): sizes that fold to shares the gate vouches for (gradients.coarse_share), or the default (a quarter)."""
        if "torch.utils.data.random_split" in names:
            lengths = _argument(node, 1, "lengths")
            return isinstance(lengths, (cst.List, cst.Tuple)) and bool(lengths.elements) and \
                all(self.fraction(e.value) for e in lengths.elements)
        if any(a.star == "**" or (method and a.star) for a in node.args):
            return False  # sizes the gate cannot read (`**kw` holding test_size=1)
        sizes = [a.value for a in node.args if a.keyword is not None and a.keyword.value in ("test_size", "train_size")]
        if method:  # Dataset.train_test_split(test_size, train_size, ...)
            sizes += [a.value for a in node.args[:2] if a.keyword is None]
        return all(self.fraction(v) for v in sizes)

    def handful_split(self, node: cst.Call, names: set[str]) -> bool:
        """A random split with a piece of a handful of rows the code counts out (`random_split(ds, [1, len(ds) -
        1])`, `train_test_split(x, test_size=2)`): that piece is one patient's rows or a few, chosen by their count
        as `x[7:8]` names them by position (Origin.few), and a step on it is their gradient (red team 49a). Every
        piece is marked: the split unpacked is one value to the flow."""
        if not names & _RANDOM_SPLITS:
            return False
        if "torch.utils.data.random_split" in names:
            lengths = _argument(node, 1, "lengths")
            sizes = [e.value for e in lengths.elements] if isinstance(lengths, (cst.List, cst.Tuple)) else []
        else:
            sizes = [a.value for a in node.args if a.keyword is not None and a.keyword.value in ("test_size",
                                                                                                "train_size")]
        counts = [self.r.constants(v, self.scope) for v in sizes]
        return any(c and all(isinstance(v, int) and not isinstance(v, bool) and 0 < v <= _FEW_ROWS for v in c)
                   for c in counts)

    def fraction(self, node: cst.BaseExpression) -> bool:
        """Every value the size may hold is a share the gate vouches for (gradients.coarse_share)."""
        values = self.r.values(node, self.scope)
        return bool(values) and all(isinstance(v, Const) and isinstance(v.value, float) and
                                    gradients.coarse_share(v.value) for v in values) or arguments.fractions(self.r, self.scope, node)  # `args.test`

    def tokenizes(self, fn: cst.BaseExpression | None) -> bool:
        """A function (a lambda or one of the module) every `return` of which is a call of a Transformers object
        (a tokenizer, a processor) on columns of the batch it is given (`tok(b["text"], truncation=True)`), or a
        name bound to one that only gains copies of its own columns (`named_encoding`): one encoding per row of
        the batch. The call is given only the batch's columns by a spelled-out key and constants, and the function
        reads the batch nowhere else: `tok([b["text"][7]] * len(b["text"]))` encodes one row for every row (fp45a).
        The Transformers object may be a parameter of the function the map's function is defined in, when every
        call of that function passes one (`transformers_object`)."""
        if fn is None:
            return False
        refs = [fn] if isinstance(fn, cst.Lambda) else \
            [v.node for v in self.r.values(fn, self.scope) if self.flow.own_function(v)]
        if not refs:
            return False
        for ref in refs:
            scope = self.r.scope_of.get(id(ref), self.scope)
            params = _params(ref)
            returns = [ref.body] if isinstance(ref, cst.Lambda) else \
                [self.named_encoding(ref) or v for v in _return_values(ref)]
            if not params or not returns or not all(
                    isinstance(v, cst.Call) and self.transformers_object(v.func, scope) and
                    self.encodes_columns(v, params[0].name.value, scope) for v in returns):
                return False
            batch = params[0].name.value
            read = sum(isinstance(n, cst.Name) and n.value == batch for n in descendants(ref.body))
            if read != sum(1 for v in returns for a in v.args if _column(a.value, batch)):
                return False  # the batch read, rebound or changed elsewhere (`b["text"] = [b["text"][7]] * n`)
        return True

    def transformers_object(self, func: cst.BaseExpression, scope: Scope) -> bool:
        """`tok(...)` with `tok` a Transformers object (`AutoTokenizer.from_pretrained(...)`), or a parameter of the
        enclosing function, never bound again, that every call of it in the module passes one (`def build(tok): def
        encode(b): return tok(b["text"])`; arguments.passed: the function is named by no other module, and one
        passing a job's own function, or none, leaves it unknown)."""
        def typed(node: cst.BaseExpression, where: Scope) -> bool:
            names = self.r.names(node, where)
            return bool(names) and all(n.startswith("transformers.") and n.endswith("()") for n in names) and \
                not self.job_class_made(node, where)
        if typed(func, scope):
            return True
        home = self.r.binding_scope(func.value, scope) if isinstance(func, cst.Name) else None
        if home is None or home.bindings.get(func.value):
            return False  # a name bound otherwise, or a parameter its function binds again
        given = arguments.passed(self.r, scope, func.value)
        return bool(given) and all(typed(node, where) for node, where in given)

    def job_class_made(self, node: cst.BaseExpression, where: Scope) -> bool:
        """Whether a value may be made through a class of the job: the resolver names `Tok.from_pretrained(m)` of
        `class Tok(PreTrainedTokenizerFast)` by the library's inherited classmethod, but it builds a Tok, whose own
        `__call__` runs (red team 53a: `return {"input_ids": [texts[7]] * len(texts)}` was a tokenizer). A name is
        followed through every assignment of it; one bound any other way may be anything."""
        todo, seen = [(node, where)], 0
        while todo and seen < 16:
            n, w = todo.pop()
            seen += 1
            while isinstance(n, (cst.Call, cst.Attribute, cst.Subscript)):
                n = n.func if isinstance(n, cst.Call) else n.value
                if any(v.startswith("<class>.") for v in self.r.names(n, w)):
                    return True
            if isinstance(n, cst.Name):
                home = self.r.binding_scope(n.value, w)
                items = list(home.bindings.get(n.value, ())) if home is not None else []
                bound = [i for i in items if isinstance(i, tuple) and len(i) == 2 and isinstance(i[0], cst.CSTNode)]
                if len(bound) != len(items) or not items:
                    # an import names the library's class; any other binding may hold anything
                    names = self.r.names(n, w)
                    if not names or any(v.startswith("<class>.") or v.endswith("()") for v in names):
                        return True
                todo += bound
        return bool(todo)

    def named_encoding(self, fn: cst.FunctionDef) -> cst.Call | None:
        """The call a function's body binds and returns when that is all it does besides copying the encoding's
        own columns into it: `enc = tok(b["text"]); enc["labels"] = enc["input_ids"].copy(); return enc`, each
        statement on its own line (a docstring aside). A copy of a column is the same rows; anything else stored
        (`enc["labels"] = [enc["input_ids"][7]] * n`) may put one row into every row."""
        body = list(fn.body.body) if isinstance(fn.body, cst.IndentedBlock) else []
        if body and gradients._docstring(body[0]):
            body = body[1:]
        smalls = [line.body[0] for line in body if isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1]
        if len(smalls) != len(body) or len(smalls) < 2:
            return None
        first, *stores, last = smalls
        if not (isinstance(first, cst.Assign) and len(first.targets) == 1 and isinstance(first.targets[0].target, cst.Name)
                and isinstance(first.value, cst.Call)):
            return None
        name = first.targets[0].target.value
        if not (isinstance(last, cst.Return) and isinstance(last.value, cst.Name) and last.value.value == name):
            return None
        for store in stores:
            if not (isinstance(store, cst.Assign) and len(store.targets) == 1 and
                    _column(store.targets[0].target, name) and _copied_column(store.value, name)):
                return None
        return first.value

    def encodes_columns(self, call: cst.Call, batch: str, scope: Scope) -> bool:
        """Each argument of the call is a column of `batch` by a spelled-out key or a constant (a literal, a name
        that holds only constants): settings alike for every row, never a row or a value of the site's data."""
        for a in call.args:
            if a.star:
                return False
            if _column(a.value, batch):
                continue
            value = a.value.expression if isinstance(a.value, cst.UnaryOperation) else a.value
            if isinstance(value, (cst.Integer, cst.Float, cst.SimpleString)):
                continue
            values = self.r.values(value, scope) if isinstance(value, cst.Name) else None
            if not values or not all(isinstance(v, Const) and isinstance(v.value, (bool, int, float, str, type(None)))
                                     for v in values):
                return False  # (not an expression: the resolver folds `n + 0` of a parameter n to its default)
        return True

    def summary_role(self, node: cst.Call, names: set[str], method: str | None, receiver) -> str | None:
        """A count, a library metric, a reduction, or what only looks like one (Frame.summarize). A library
        function by its resolved name first (`np.mean(x, 1)` is no method of x), then a method of its receiver."""
        if "builtins.getattr" in names and len(node.args) >= 2 and isinstance(node.args[1].value, cst.SimpleString):
            owner = self.r.names(node.args[0].value, self.scope)  # getattr(x, "shape"): the attribute, typed alike
            table = bool(owner) and _typed(owner, _TABLE_OWNERS)
            attr = node.args[1].value.evaluated_value
            return "count" if (attr in _TABLE_ATTRS if table else attr in _METADATA_ATTRS) and \
                _typed(owner, _METADATA_OWNERS) else None
        if "builtins.type" in names and len(node.args) > 1:
            return None  # type(name, bases, namespace) builds a class whose attributes are the namespace's values
        for n in sorted(names):
            if n.rsplit(".", 1)[-1] in _ROW_EXTREMES and node.args and _over_rows(node, 1, "reduction") == "reduction" \
                    and self.per_row_values(node.args[0].value):
                return "statistic"  # `torch.max(losses)`, `np.max(losses)` of `reduction="none"`: one row's loss
            if _NAMED_METRIC_EVALUATIONS(n):
                return "metric" if _named_metrics(node) else None
            if _VALUES_CALLS(n):
                return "values"
            if _DISTINCT_CALLS(n):
                # the classes of a fixed domain a selection of a loader's labels holds: a histogram (class_labels.py)
                return "reduction" if class_labels.counts_class_labels(self.r, self.scope, node) else "distinct"
            if _STATISTIC_CALLS(n):
                return "statistic"
            if _COUNT_CALLS(n):
                return _over_rows(node, 1, "count") if _AXIS_COUNTS(n) else "count"  # np.count_nonzero(x, axis=1)
            if _TEST_CALLS(n):
                return "metric"  # a bit of each value it tests
            if _METRIC_CALLS(n):
                if n.endswith("()") and (not arguments.attributes_kept(self.r, _REDUCTION_ATTRS, by_name=()) or
                                         _reinitialised(self.r)):
                    return "statistic"  # `crit.reduction = "none"` after it was built: one loss per element
                return _loss_reduction(node, self.r, self.scope, _UNREDUCED_LOSSES(n), _CLASS_WEIGHTED(n))
            if _REDUCTION_CALLS(n):
                if n == "builtins.sum":
                    start = _argument(node, 1, "start")
                    return "values" if start is not None and not isinstance(start, (cst.Integer, cst.Float)) else \
                        "statistic" if _weighted(node) else "reduction"  # sum(lists, []) concatenates
                if n in ("builtins.max", "builtins.min"):
                    return "reduction" if self.extreme_of_numbers(node) else None
                if ".histogram" in n:
                    return "statistic" if _weighted(node) else "histogram"  # no axis: over every value
                if ("quantile" in n or "percentile" in n) and not self.few(_argument(node, 1, "q")):
                    return "distinct"  # each quantile of the data taken whole is one row's value
                return _over_rows(node, 2 if _AXIS_THIRD(n) else 1, "reduction")
        if method is None or receiver is None or (names and all(_known_lib(n) and "()" not in n for n in names)):
            return None  # a library function not on these lists (`torch.max(x, 1)`) is no method of its module
        if method in _TEXT_EXTREMES and self.as_text(receiver):
            return "distinct"  # `df["ssn"].astype(str).max()`, `.describe()`'s top: one row's text (red team 5)
        if _grouped(receiver) and (method in _REDUCTIONS or method in _COUNT_METHODS or method in _STATISTIC_METHODS
                                   or method in _AGGREGATING or method in ("size", "apply", "first", "last", "nth")):
            return "values"  # per group, like per row: with one group per patient, the patients' rows
        if method in _VALUES_METHODS:
            return "values"
        if method in _STATISTIC_METHODS:
            return "distinct"
        if method in _COUNT_METHODS:
            if isinstance(receiver, cst.Attribute) and receiver.attr.value == "str":
                return "per-row"  # `df["dx"].str.count("C50")`: a string method of every element, one count each
            if self.text(receiver):
                return "reduction"  # `str(cell).count("1")`: of what the text was made of (as len() of it)
            if _AXIS_COUNTS(method) and any(a.keyword is not None and a.keyword.value in ("axis", "dim")
                                            for a in node.args):
                return _over_rows(node, 0, "count")  # `df.count(axis=1)`: one count per row
            return "count"
        if method in _METRIC_METHODS:
            return _loss_reduction(node, self.r, self.scope)  # `est.score(x, y, sample_weight=w)` weighs rows too
        if method in _REDUCTIONS:
            if method in ("quantile", "percentile") and not self.few(_argument(node, 0, "q")):
                return "distinct"  # as np.quantile's
            if method in _ROW_EXTREMES and _over_rows(node, 0, "reduction") == "reduction" and \
                    self.per_row_values(receiver):
                return "statistic"  # `F.cross_entropy(out, y, reduction="none").max()`: one row's loss (update49b)
            return _over_rows(node, 1 if method in ("quantile", "percentile") else 0, "reduction")
        if method in _AGGREGATING and node.args and all(_aggregate_arg(a.value) for a in node.args if a.keyword is None):
            return "reduction"  # `df.select([pl.col("x").mean(), ...])`, `df.agg(["mean", "std"])`
        return None

    def row_position(self, node: cst.Call, names: set[str], method: str | None) -> bool:
        """A library's argmax or argmin along the rows (no axis, axis 0: row_positions): the position of the one row
        the data picks (`int(np.argmax(ids == 1042))` is whether patient 1042 is at the site, and where). Along
        another axis (`out.argmax(1)`) it is one prediction per row, every row kept."""
        if any(n.rsplit(".", 1)[-1] in _ROW_POSITIONS and _known_lib(n) and "()" not in n for n in names):
            return bool(node.args) and _over_rows(node, 1, "position") != "per-row"
        return method in _ROW_POSITIONS and _over_rows(node, 0, "position") != "per-row"

    def position_indices(self, node: cst.BaseExpression, out: frozenset) -> frozenset:
        """What the indices of a position_part add to `out`, the value read: a statistic of the rows, as the call
        recorded it in its part 1 (of a tensor's `t.max(0)`, a reduction whose value holds nothing of the rows)."""
        if not self.position_part(node):
            return EMPTY
        return self.call_parts.get(id(node.value), (EMPTY, _reduce(_pick(out))))[1]

    def position_part(self, node: cst.BaseExpression) -> bool:
        """`torch.max(t, 0)[1]`, `torch.max(t, dim=0).indices`: the indices a position_pair hands back beside the
        extremes, positions as argmax's (its `[0]`, `.values`, are the extremes; `v, i = torch.max(t, 0)`:
        Frame.call_parts, calls.py)."""
        if isinstance(node, cst.Subscript):
            index = node.slice[0].slice if len(node.slice) == 1 else None
            if not (isinstance(index, cst.Index) and isinstance(index.value, cst.Integer) and index.value.value == "1"):
                return False
        elif not (isinstance(node, cst.Attribute) and node.attr.value == "indices"):
            return False
        return isinstance(node.value, cst.Call) and self.position_pair(node.value)

    def position_pair(self, call: cst.Call) -> bool:
        """A call of row_position_pairs given a dimension along the rows (`torch.max(t, 0)`: values, indices), or
        their method form (`t.max(0)`, `t.min(dim=0)`: row_position_pair_methods), not a library's function
        (`np.max(a, 0)`)."""
        names = self.r.names(call.func, self.scope)
        if any(map(_ROW_POSITION_PAIRS, names)):
            return _argument(call, 1, "dim") is not None and _over_rows(call, 1, "position") != "per-row"
        return isinstance(call.func, cst.Attribute) and call.func.attr.value in _ROW_POSITION_PAIR_METHODS and \
            not any(_known_lib(n) and "()" not in n for n in names) and _argument(call, 0, "dim") is not None and \
            _over_rows(call, 0, "position") != "per-row"

    def per_row_values(self, node: cst.BaseExpression, depth: int = 0) -> bool:
        """Values laid out one per row (a call whose role is "values" or "per-row": an unreduced loss, pairwise
        distances, `x.sum(axis=1)`), converted or not (`.detach()`), or a name bound to one in this scope."""
        node = self.unconverted(node)
        if isinstance(node, cst.Call):
            facts = self.flow.static.get(id(node))
            if facts is None:
                facts = self.flow.static[id(node)] = self.call_facts(node)
            return facts.role in ("values", "per-row")
        bound = self.bound_exprs(node, depth) if depth < 4 else None
        return bool(bound) and any(s is self.scope and self.per_row_values(e, depth + 1) for e, s in bound)

    def table(self, value: cst.BaseExpression) -> bool:
        """A value typed as a table (pandas, polars): its attributes are columns, its methods its own."""
        names = self.r.names(value, self.scope)
        return bool(names) and _typed(names, _TABLE_OWNERS)

    def counts_values(self, node: cst.Call) -> bool:
        """A count of what the values are, not of how many there are (_AXIS_COUNTS: nunique, count, count_nonzero)."""
        method = node.func.attr.value if isinstance(node.func, cst.Attribute) else None
        return bool(method is not None and _AXIS_COUNTS(method)) or \
            any(_AXIS_COUNTS(n) for n in self.r.names(node.func, self.scope))

    def text(self, value: cst.BaseExpression) -> bool:
        """A text the code makes of a value: str(), repr(), format(), an f-string, a join."""
        if isinstance(value, (cst.FormattedString, cst.ConcatenatedString)):
            return True
        return isinstance(value, cst.Call) and (
            bool(self.r.names(value.func, self.scope) & {"builtins.str", "builtins.repr", "builtins.format"}) or
            (isinstance(value.func, cst.Attribute) and value.func.attr.value in ("join", "format")))

    def as_text(self, value: cst.BaseExpression) -> bool:
        """`x.astype(str)`, `x.astype("string")`: a column converted to text (reductions.yaml text_dtypes)."""
        if not (isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and value.func.attr.value == "astype"):
            return False
        dtype = _argument(value, 0, "dtype")
        if dtype is None:
            return False
        named = {n.rsplit(".", 1)[-1] for n in self.r.names(dtype, self.scope) if n in ("builtins.str", "builtins.object")}
        return bool(named or {c for c in self.r.constants(dtype, self.scope) if isinstance(c, str)} & _TEXT_DTYPES)

    def conversion(self, func: cst.BaseExpression, kinds: frozenset = _CELL_CONVERSIONS) -> bool:
        """`int`, `float`, `str`, `bool` as the builtins (not a name the job rebound)."""
        names = self.r.names(func, self.scope)
        return bool(names) and names <= kinds

    def extreme_of_numbers(self, call: cst.Call) -> bool:
        """`max(int(r["label"]) for r in rows)`: the largest of numbers, one per element, as `np.max` of a column.
        Of anything else the largest is an element, whatever it holds: `max(a, b)` is one of them, `max(rows)` of
        tuples or `max(rows, key=f)` a whole row."""
        args = [a for a in call.args if not (a.keyword is not None and a.keyword.value == "default")]
        comp = args[0].value if len(args) == 1 and args[0].keyword is None and not args[0].star else None
        if not isinstance(comp, (cst.GeneratorExp, cst.ListComp)):
            return False
        if isinstance(comp.elt, cst.Call):
            return self.conversion(comp.elt.func, _NUMBER_CONVERSIONS)
        return self.unpacked_numbers(comp)

    def unpacked_numbers(self, comp: cst.GeneratorExp | cst.ListComp) -> bool:
        """`lbl for _, lbl in items` with every binding of `items` (or of `self.items`) a comprehension of tuples
        whose item at lbl's place is a number (`[(r["file"], int(r["label"])) for r in rows]`): numbers, one per
        element."""
        target, elt = comp.for_in.target, comp.elt
        if comp.for_in.inner_for_in is not None or not isinstance(target, cst.Tuple) or not isinstance(elt, cst.Name):
            return False
        places = [i for i, e in enumerate(target.elements) if isinstance(e.value, cst.Name) and e.value.value == elt.value]
        if len(places) != 1 or any(isinstance(e, cst.StarredElement) for e in target.elements):
            return False
        bound = self.bound_exprs(comp.for_in.iter, fields=True)
        return bool(bound) and all(
            isinstance(e, (cst.ListComp, cst.GeneratorExp)) and isinstance(e.elt, cst.Tuple) and
            len(e.elt.elements) == len(target.elements) and isinstance(e.elt.elements[places[0]].value, cst.Call) and
            _NUMBER_CONVERSIONS.issuperset(self.r.names(e.elt.elements[places[0]].value.func, where) or {""})
            for e, where in bound)

    def few(self, arg: cst.BaseExpression | None, count: bool = False) -> bool:
        """Whether a histogram's bins or a quantile's q is a handful of numbers the code spells out: a number
        (as a count of bins, up to _FEW), or a literal list or tuple of at most _FEW + 1 numbers; or what the
        caller or the server decides (a federated statistics round's bins). Each quantile of the data taken
        whole is one row's value (`np.quantile(v, np.linspace(0, 1, n))` is the column, sorted), and so is
        each fine bin's count; bins the data decides (`"auto"`) may be as many."""
        if isinstance(arg, (cst.List, cst.Tuple)):
            return len(arg.elements) <= _FEW + 1 and all(self.few(e.value) for e in arg.elements)
        if isinstance(arg, cst.Call) and 0 < self.grid_edges(arg) <= _FEW + 1:
            return True  # edges, never a count
        if isinstance(arg, cst.Name) and self.fn is not None and any(p.name.value == arg.value for p in _params(self.fn)):
            self.few_params.add((arg.value, count))  # what each caller passes is judged at its call (Frame.apply)
            return True
        if arg is not None and any(n.startswith(_SERVER_SETTINGS) for n in self.r.names(arg, self.scope)):
            return True  # what the server asks for with the task: the site's statistics privacy filter bounds it
        values = self.r.constants(arg, self.scope) if arg is not None else []
        return bool(values) and all(isinstance(v, (int, float)) and not isinstance(v, bool) and
                                    not (count and v > _FEW) for v in values)

    def grid_edges(self, call: cst.Call) -> int:
        """How many numbers `np.linspace(2.0, 10.0, 10)`, `np.arange(0, 1.1, 0.1)` makes, every argument a number the
        code spells out (numpy/core/function_base.py): evenly spaced edges, never a count; 0 for any other call."""
        names = self.r.names(call.func, self.scope)
        args = [a for a in call.args if not a.star and a.keyword is None]
        if len(args) != len(call.args) or not names & {"numpy.linspace", "numpy.arange"}:
            return 0
        numbers = [self.r.constants(a.value, self.scope) for a in args]
        if not all(len(v) == 1 and isinstance(v[0], (int, float)) and not isinstance(v[0], bool) for v in numbers):
            return 0
        values = [v[0] for v in numbers]
        if "numpy.linspace" in names:  # (start, stop, num)
            return values[2] if len(values) == 3 and isinstance(values[2], int) and values[2] > 0 else 0
        if not 1 <= len(values) <= 3:
            return 0
        start, stop, step = [0, values[0], 1] if len(values) == 1 else [*values, 1][:3]  # (stop) or (start, stop[, step])
        return max(math.ceil((stop - start) / step), 0) if step != 0 else 0

    def cut_edges(self, call: cst.Call) -> bool:
        """A histogram of one bin between numbers the code spells out (`bins=[99, 130]`, `np.linspace(99, 100, 2)`,
        `bins=1, range=(99, 130)`): its count is `((age >= 99) & (age <= 130)).sum()` (tests_threshold), whether a
        patient of that age is at the site (red team 60a: accepted as a histogram). More bins spelled out stay a
        coarse histogram (Flower's quickstart-pandas, `np.linspace(2.0, 10.0, 10)`): a narrow grid of them is the
        gate's line (docs/redteam60a-attempts.md)."""
        edges, span = _argument(call, 1, "bins"), _argument(call, 2, "range")
        grid = self.grid_edges(edges) if isinstance(edges, cst.Call) else 0
        if grid:
            return grid == 2
        values = self.spelled(edges) if edges is not None else None
        if values is None or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
            return False
        # one edge is a count of bins (of `range`, or of the data's own span); two edges are one bin
        return len(values) == 2 or (values == [1] and span is not None and self.spelled(span) is not None)

    def sink_of(self, node: cst.Call, names: set[str], method: str | None, receiver) -> tuple[str, str] | None:
        """(UPDATE, NET, LOG or FILE, what it is) when the call hands its arguments out of the site (or, for
        FILE, to a place only the run time decides)."""
        for n in sorted(names):
            if _UPDATE_CALLS(n):
                return UPDATE, n
        if method in _UPDATE_METHODS:
            return UPDATE, f".{method}()"
        if method == "to_shareable":
            return UPDATE, ".to_shareable()"
        if method in ("log", "log_dict") and isinstance(receiver, cst.Name) and receiver.value == "self" and \
                self.logs_metrics():
            return UPDATE, f"a metric a LightningModule logs (self.{method}: the trainer's callback_metrics)"
        if method in _PUBLIC_PROP_METHODS and _public(node, self.r, self.scope):
            return UPDATE, f"a public FLContext property (.{method}(...) not provably private)"
        for n in sorted(names):
            if network_call(n):
                return NET, n  # a request: what it is handed (URL, body, headers, files) leaves the site
        for n in sorted(names):
            if _LOG_TEXTS(n):
                return LOG, n  # `logging.basicConfig(format=...)`, `getLogger(name)`: text of every record
        for n in sorted(names):
            if _LOG_CALLS(n):
                if n == "builtins.print" and not _prints_to_console(node, self.r, self.scope):
                    return self.file_sink(node, names, method, receiver)  # `print(row, file=fh)` writes fh's file
                if n.startswith("logging.") and n.rsplit(".", 1)[-1] not in _LOG_METHODS:
                    continue
                return LOG, n
        if method in _FL_LOG_METHODS:
            return LOG, f".{method}()"
        if method in _LOG_METHODS and receiver is not None:
            # a logger by resolution (logging.getLogger, NVFlare's get_obj_logger), by its name, or a
            # receiver the gate cannot type at all
            rname = (dotted(receiver) or "").rsplit(".", 1)[-1]
            typed = self.r.names(receiver, self.scope)
            if rname in _LOGGER_RECEIVERS or not typed or any(_LOGGERS(n) for n in typed):
                return LOG, f"{dotted(receiver) or 'a logger'}.{method}()"
        console = self.console_writer(node, names, method, receiver)
        return (LOG, console) if console is not None else self.file_sink(node, names, method, receiver)

    def console_writer(self, node: cst.Call, names: set[str], method: str | None, receiver) -> str | None:
        """A writer whose destination is the console (`df.to_csv(sys.stdout)`, `json.dump(rows, sys.stderr)`):
        what it writes is in the job log, as printed."""
        written = self.writer(node, names, method, receiver)
        dest = self.r.names(written[1], self.scope) if written is not None else set()
        return f"{written[0]} to {', '.join(sorted(dest))}" if dest and dest <= _CONSOLE else None

    def logs_metrics(self) -> bool:
        """Whether the frame is a method of a class whose `self.log` reports a metric (logged_metric_modules)."""
        scope = self.r.scope_of.get(id(self.fn)) if self.fn is not None else None
        cls = scope.parent.node if scope is not None and scope.parent is not None and scope.parent.is_class else None
        return isinstance(cls, cst.ClassDef) and any(_LOGGED_METRIC_MODULES(b) for b in self.flow.bases(cls))

    def writer(self, node: cst.Call, names: set[str], method: str | None,
               receiver) -> tuple[str, cst.BaseExpression] | None:
        """(what, destination) of a call that writes what it is given to a file or handle."""
        writer = next((n for n in sorted(names) if _FILE_WRITERS(n) or _PATH_FIRST_WRITERS(n)), None)
        if writer is not None:
            dest = _destination(node, 1 if _FILE_WRITERS(writer) else 0)
        elif method in _FRAME_WRITERS and receiver is not None:
            writer, dest = f".{method}()", _destination(node, 0)
        elif method in _HANDLE_WRITES and receiver is not None:
            writer, dest = f".{method}()", self.unwrapped_handle(receiver)
        elif "builtins.print" in names and (dest := _argument(node, 99, "file")) is not None:
            writer = "builtins.print"  # `print(row, file=fh)` is `fh.write(str(row))`
        else:
            return None
        return (writer, dest) if dest is not None else None

    def unwrapped_handle(self, node: cst.BaseExpression) -> cst.BaseExpression:
        """The handle a writer built over one writes into (`csv.writer(buf).writerow(row)` writes into buf)."""
        if isinstance(node, cst.Call) and node.args and not node.args[0].star and \
                any(_HANDLE_WRAPPERS(n) for n in self.r.names(node.func, self.scope)):
            return _argument(node, 0, "csvfile") or node
        return node

    def memory_buffer(self, dest: cst.BaseExpression) -> bool:
        """An in-memory file (io.BytesIO()): what is written into it stays in it."""
        typed = self.r.names(dest, self.scope)
        return bool(typed) and all(_MEMORY_BUFFERS(n.removesuffix("()")) for n in typed)

    def file_sink(self, node: cst.Call, names: set[str], method: str | None, receiver) -> tuple[str, str] | None:
        """(FILE, what) when a writer's destination is known only at run time (a setting, an argument)."""
        written = self.writer(node, names, method, receiver)
        if written is None or self.memory_buffer(written[1]):
            return None  # an in-memory file holds what is written (_CallFacts.buffer): judged where it goes
        writer, dest = written
        from ..detectors.paths import UNKNOWN as RUNTIME, PathFolder  # the detectors import this module

        folder = PathFolder.of(self.r, closed=True)
        # A handle's destination is where it was opened (`with open(cfg["out"], "wb") as fh`), also
        # under a writer built over it (`csv.writer(fh)`).
        handles = [(dest, self.scope)]
        handle = _writes_handle(names, method)
        for n, sc in [(dest, self.scope), *folder.bound(dest, self.scope)] if handle else ():
            if isinstance(n, cst.Call) and any(_HANDLE_WRAPPERS(w) for w in self.r.names(n.func, sc)):
                handles.append((_argument(n, 0, "csvfile"), sc))
        # the handle bound to a name, or opened in place (`csv.writer(open("/tmp/x.csv", "a")).writerows(rows)`)
        # (a tempfile's handle: where the path folder puts the call itself)
        opened = [(n if self.r.names(n.func, sc) & _TEMP_FILE_MAKERS else _argument(n, 0, "file"), sc)
                  for h, hs in handles if h is not None for n, sc in [(h, hs), *folder.bound(h, hs)]
                  if isinstance(n, cst.Call) and self.r.names(n.func, sc) & (_OPEN_CALLS | _TEMP_FILE_MAKERS)]
        if handle and not opened:
            return None  # a write to something the gate does not know to be a file
        candidates = set()
        for path, sc in opened or [(dest, self.scope)]:
            candidates |= folder.fold(path, sc) if path is not None else {RUNTIME}
        if any(p.startswith((RUNTIME, "<arg>")) for p in candidates):
            return FILE, writer
        # a relative text file is in the job's folder (not a marker: <tmp>, ${VAR}), which the server's admin reads (sinks.yaml)
        readable = _shell_readable(candidates)
        if readable:
            return FILE, f"{writer} into {readable}, a text file of the job's folder {SHELL_READABLE}"
        shared = _shared_file(candidates)
        return (FILE, f"{writer} into {shared}, {SHARED_FOLDER}") if shared else None

    def shared_file_sink(self, node: cst.Call, names: set[str], method: str | None,
                         receiver) -> tuple[str, str] | None:
        """(FILE, what) when a library's call is handed a fixed file of the shared folder, or is called on or
        handed an object opened on one, whatever the API: `zarr.save("/tmp/x.zarr", rows)`,
        `Path("/tmp/x.csv").write_text(t)`, `df.to_sql("t", sqlite3.connect("/tmp/x.db"))`,
        `SummaryWriter("/tmp/tb").add_histogram("x", X)`, `h5py.File("/tmp/x.h5", "w").create_dataset(...)`.
        What it is given may be written there (red team 59c: sinks.yaml names only the writers the gate knows)."""
        from ..detectors.paths import UNKNOWN as RUNTIME, PathFolder  # the detectors import this module

        folder = PathFolder.of(self.r, closed=True)
        if folder.fold(node, self.scope) != {RUNTIME} or not self.opened_to_write_there(node, self.scope):
            return None  # a path built (`os.path.join("/tmp", name)`): judged where it is opened; or a read
        if names & _OPEN_CALLS:
            return None  # what a handle writes is judged where it writes (file_sink)
        handed = _destinations(node, 2) + ([receiver] if receiver is not None else [])
        shared = next((p for p in (self.opened_on_shared(v, folder) for v in handed) if p), None)
        if shared is None:
            return None
        what = min(names) if names else f".{method}()" if method else "a call"
        return FILE, f"{what} with {shared}, {SHARED_FOLDER}"

    def opened_on_shared(self, value: cst.BaseExpression, folder) -> str | None:
        """The fixed file of the shared folder that an expression names, or that the library object it is or
        holds was opened on (`con` of `con = sqlite3.connect("/tmp/x.db")`). Kept per module for a name, whose
        bindings are the same at every use: a name bound n times and used n times costs n readings, not n^2."""
        key = dotted(value) if isinstance(value, (cst.Name, cst.Attribute)) else None
        memo = self.r.derived.setdefault(_SHARED_OPENED, {})
        if key is not None and (key, id(self.scope)) in memo:
            return memo[(key, id(self.scope))]
        found = None
        for n, sc in [(value, self.scope), *folder.bound(value, self.scope)]:
            paths = set(folder.fold(n, sc))
            if isinstance(n, cst.Call) and self.opened_to_write_there(n, sc):
                # a library object opened on it
                paths.update(p for a in _destinations(n, 1) for p in folder.fold(a, sc))
            found = _shared_file(paths)
            if found:
                break
        if key is not None:
            memo[(key, id(self.scope))] = found
        return found

    def opened_to_write_there(self, call: cst.Call, scope: Scope) -> bool:
        """Whether a call builds a library object that may write where its arguments say: not the job's own code,
        nor a reader (`CIFAR10(root="/tmp/data")`, `open(p)`, `np.load(p)`: what it holds was read there), unless
        it spells a mode that writes (`h5py.File(p, "w")`, `np.memmap(p, mode="w+")`)."""
        opener = self.r.names(call.func, scope)
        if _functions(self.r.values(call.func, scope)) or any(o.startswith("<class>.") for o in opener):
            return False
        readers = [o for o in sorted(opener) if o in _OPEN_CALLS or _SOURCE_CALLS(o)]
        if not readers:
            return True
        mode = _open_mode(call, readers[0])
        if mode is None and readers[0] in _OPEN_CALLS:
            return len([a for a in call.args if a.keyword is None]) > 1  # `os.open(p, flags)`: flags not spelled
        return any(c in (mode or "") for c in "wax+")


_SHARED_OPENED = "flow.opened_on_shared"  # Resolver.derived key of Roles.opened_on_shared's memo


def _destinations(call: cst.Call, first: int) -> list[cst.BaseExpression]:
    """Where a call may write: its `first` positional arguments and those of a writer's keywords (sinks.yaml
    writer_destinations), not a folder it trains or caches in (`Trainer(default_root_dir=...)`, `cache_dir=`)."""
    positional = [a.value for a in call.args if a.keyword is None and not a.star][:first]
    return positional + [a.value for a in call.args
                         if a.keyword is not None and a.keyword.value in _WRITER_DESTINATIONS]


def _literal_item(container: cst.BaseExpression, key, r: Resolver, scope: Scope) -> cst.BaseExpression | None:
    """The element of a list, tuple or dict literal at a constant position or key (None: not found or moved)."""
    if isinstance(container, (cst.List, cst.Tuple)) and isinstance(key, int):
        elements = container.elements
        if any(isinstance(e, cst.StarredElement) for e in elements) or not -len(elements) <= key < len(elements):
            return None
        return elements[key].value
    if isinstance(container, cst.Dict) and isinstance(key, str):
        if any(isinstance(e, cst.StarredDictElement) or len(r.constants(e.key, scope)) != 1
               for e in container.elements):
            return None  # `{**other, "w": a}`, `{k: b, "w": a}`: another key may be the same
        found = [e.value for e in container.elements if r.constants(e.key, scope) == [key]]
        return found[-1] if found else None
    return None


def _copied_column(node: cst.BaseExpression, of: str) -> bool:
    """`enc["input_ids"]` or `enc["input_ids"].copy()`: a column of `of` by a spelled-out key, row for row."""
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "copy" and \
            not node.args:
        node = node.func.value
    return _column(node, of)


def _column(node: cst.BaseExpression, batch: str) -> bool:
    """`batch["text"]`: one column of the batch by a spelled-out key."""
    return isinstance(node, cst.Subscript) and isinstance(node.value, cst.Name) and node.value.value == batch and \
        len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index) and \
        isinstance(node.slice[0].slice.value, cst.SimpleString)


def _in_class(body: Scope | None) -> bool:
    """Whether a function's body scope is a method's (its parent is a class body)."""
    return body is not None and body.parent is not None and body.parent.is_class
