"""The analysis of one module (Flow): its functions summarised once and applied per call, the rounds
that reach a fixpoint over fields and globals, and the leaks it records."""

from __future__ import annotations

import dataclasses
import functools
import itertools

import libcst as cst

from ..own_chunk import in_own_chunk
from ..resolve import FuncRef, Resolver, Scope
from . import accumulate, arguments, buffers, fields, gradients, presence, protocol, replay
from .replay import FIELDS, GLOBALS
from .names import (
    DATA, ESCAPED, FILE, LOG, NET, MAX_NESTING, MAX_ORIGINS, MAX_PASSED, MAX_ROUNDS, MAX_STORE_ROUNDS, OBJECT, STEP_BUDGET,
    UNKNOWN, UPDATE,
    _BATCH_CALLBACKS, _BATCH_HOOKS, _LOADER_PARAM, _LOGGED_METRIC_MODULES, _MODULE_CLASSES, _MODULE_HOLDERS,
    _PARAMETER_LOOKUPS, _PARAMETER_VIEWS, _CALLBACK_CLASSES,
)
from .values import (
    EMPTY, Origin, Param, Passed, _cap, _filed, _in_source, _least_decisive, _logged, _review, _sent, _stored_attributes,
    _through,
)
from .syntax import _CallFacts, _bound_first, _functions, _known_lib, _parameter_names, _params, _strip_params
from .state import _State
from .facts import _is_dataset_class, _job_dataset, may_hold_data, tree_facts
from .frame import _Frame


@dataclasses.dataclass
class Leak:
    """A value of the update or the data that reaches a sink."""

    kind: str  # UPDATE or LOG
    sink: str  # what it reaches, e.g. "nvflare.client.FLModel"
    node: cst.CSTNode  # the sink call, store or return
    origins: set  # Origin
    # _least_decisive(origins) while they are MAX_ORIGINS and unchanged (None: not known)
    worst: Origin | None = dataclasses.field(default=None, compare=False, repr=False)

    def add(self, o: Origin) -> None:
        """Add an origin; past MAX_ORIGINS the least decisive goes, whatever order they came in. Most origins that
        reach a full leak are less decisive than all it holds and would go at once: checked against the one that
        goes next, kept, instead of ranking all nine again."""
        origins = self.origins
        if o in origins:
            return
        if len(origins) < MAX_ORIGINS:
            origins.add(o)
            return
        if self.worst is None:
            self.worst = _least_decisive(origins)
        if _in_source(o) > _in_source(self.worst):
            return
        origins.add(o)
        origins.remove(_least_decisive(origins))
        self.worst = None


@dataclasses.dataclass
class Summary:
    """What a function does with its parameters, as its callers see it."""

    returns: frozenset = EMPTY  # Origins and Params that reach the return value
    mutates: dict = dataclasses.field(default_factory=dict)  # parameter -> what is stored into it
    sinks: list = dataclasses.field(default_factory=list)  # (kind, sink, node, Param)
    parts: tuple | None = None  # per position, when every return is a tuple of one length: `return X, y, len(y)`
    raises: frozenset = EMPTY  # what the exceptions it lets out were raised with
    writes_params: frozenset = EMPTY  # Params written into a model's parameters (`p.data.copy_(x)`)
    fields: dict = dataclasses.field(default_factory=dict)  # self field -> Params stored into it
    free: dict = dataclasses.field(default_factory=dict)  # a name it does not bind -> Params stored into it
    holds: frozenset = EMPTY  # names of the parameters whose objects what it returns holds by reference
    props: frozenset = EMPTY  # what it stores into an FLContext's properties (Frame.store_props)
    few: frozenset = EMPTY  # (parameter, as a count): quantiles or bins each caller passes (Frame.few)
    raised_when: frozenset = EMPTY  # what decides whether an exception escapes it (`if x[r, 0] > t: raise E`)
    echoes: frozenset = EMPTY  # what the library exceptions it lets out quote (Frame.note_echo): a caller's handler
    trained: frozenset = EMPTY  # Params a model was called on (Frame.trained_on: named rows the caller passes)
    moved: bool = False  # it steps, loads or writes a model in place (Frame.moved_model): in a branch, its bit


# ---- the analysis -------------------------------------------------------------


class Flow:
    """Taint analysis of one module. `leaks()` runs it once and returns every leak."""

    step_budget = STEP_BUDGET  # for replay.py, which checks what a record's loops saw of it

    def __init__(self, module: cst.Module, resolver: Resolver):
        self.module = module
        self.r = resolver
        self.fields: dict[str, frozenset] = {}  # "self.x" -> concrete origins (module-wide)
        self.global_writes: dict[str, frozenset] = {}
        self.functions = [s.node for s in resolver.scope_of.values() if isinstance(s.node, cst.FunctionDef)]
        self.methods: dict[str, list[cst.FunctionDef]] = {}
        self.classes: dict[str, cst.ClassDef] = {}
        for fn in self.functions:
            scope = resolver.scope_of[id(fn)]
            if scope.parent is not None and scope.parent.is_class:
                self.methods.setdefault(fn.name.value, []).append(fn)
                cls = scope.parent.node
                self.classes.setdefault(cls.name.value, cls)
        self.steps = 0
        self.own_instances = frozenset(f"<class>.{name}()" for name in self.classes)
        self.plain_fields: dict[tuple[int, str], bool] = {}  # (id of a method, attribute) -> plain.plain_field
        self.constructor_fields: dict[tuple[int, str], tuple | None] = {}  # the same -> fields.constructor_parameter
        self.model_lines: dict[str, set[str]] = {}  # model_field: a class -> its library bases
        self.previous_summaries: dict[int, Summary] = {}  # the last round's, for calls back into a function
        self._read_elsewhere: list = []  # (a module analysed while this one runs, function, the summary it saw)
        self.last_round = False  # the widened round (_widen_stores)
        self.own_nesting = [0]  # Flow._nesting when the module is analysed without a program
        # names the module's functions declare `global`, and what every read of a store sees past the rounds
        self.declared_globals = frozenset(n for fn in self.functions for n in resolver.scope_of[id(fn)].globals)
        self.widened = EMPTY
        # every class of the module (one without methods too) and its instances: what they hold are fields
        self.own_objects = frozenset(q for c in resolver.class_scopes for q in (c, c + "()"))
        self.nonlocals = frozenset(n for s in resolver.scope_of.values() for n in s.nonlocals)
        # (id(function), parameter) -> what its body, or a function nested in it, calls the parameter with
        self.param_calls: dict[tuple[int, str], frozenset] = {}
        self.stores = (self.fields, self.global_writes, self.param_calls)  # by replay.FIELDS, GLOBALS, CALLS
        self.records: dict[int, replay.Record] = {}  # id(function) -> its last evaluation (replayed while it holds)
        program = resolver.program
        self.records_stack: list = program.flow_records if program is not None else []
        self.static: dict[int, _CallFacts] = {}  # id(call) -> what it is (the same in every round)
        self.file_calls: dict[int, tuple] = {}  # id(call) -> (names it reads, names it writes) (Frame.file_names)
        self.selector_operands: dict[tuple[int, int], tuple] = {}  # (id(call), id(scope)) -> (call, its weighing_operands)
        self.leaving: dict[int, bool] = {}  # id(if or match) -> whether a branch may leave the block early
        self.sums: dict[tuple[int, int], accumulate.Sum | None] = {}  # (loop, `+=`) -> accumulate.accumulation
        self._declared: frozenset | None = None
        # whether any call of the module hands out a model's parameters (most modules: no alias to track)
        self.hands_out_parameters = any(isinstance(u.node.func, cst.Attribute) and
                                        u.node.func.attr.value in _PARAMETER_VIEWS | _PARAMETER_LOOKUPS
                                        for u in resolver.calls)
        self._labelled: bool | None = None
        self._found_once: list[Leak] | None = None
        self.module_env: dict[str, frozenset] = {}  # the module's names, as its body binds them (_run_module)
        self._job_sets: dict[str, bool] = {}  # attribute name -> whether a module of the job assigns it
        self._passed: dict[tuple[int, str], Passed] = {}  # (id(function), parameter) -> what the job passes it
        self.called_of: dict[tuple, list] = {}  # classes -> their __call__/forward (Frame.held_forwards)
        self.operations: dict[int, cst.Call] = {}  # an operation on the job's object, as the call it runs (Frame.operated)
        self.homes: dict[int, "Flow"] = {}  # id(function of another module of the job) -> that module's Flow
        self.linked_methods: set[int] = set()  # id() of those that are methods of a class there
        self.called: set[int] = set()  # id(function) of the functions the module calls itself
        self.chosen_loaders: set[int] = set()  # Origin.key of the loaders of rows the code chose (Frame.loop)
        self._stored: dict[str, frozenset] = {}  # class -> Flow.stored_attributes
        self._bases: dict[int, set[str]] = {}  # id(class) -> Flow.bases
        self._class_scope = {id(s.parent.node): s.parent for s in resolver.scope_of.values()
                             if s.parent is not None and s.parent.is_class}
        self._reset()

    @property
    def presence_reads(self) -> frozenset[int]:
        """id() of the environment reads the module only tests for being set (presence.py)."""
        return presence.presence_reads(self.r)

    @functools.cached_property
    def environ_written(self) -> frozenset[str] | None:
        """The environment variables a module of the job may set or remove (None: any; presence.job_writes)."""
        return presence.job_writes(self.r)

    @functools.cached_property
    def rebinds_called(self) -> bool:
        """Whether the module binds a __call__/forward the class bodies do not show, or hooks a torch module
        (protocol.rebinds_called)."""
        return protocol.rebinds_called(self.module)

    @functools.cached_property
    def escaped_here(self) -> list:
        """The __call__/forward of the job's classes whose objects this module hands where no name follows them
        (protocol.escaped)."""
        return protocol.escaped(self, flow_of)

    @functools.cached_property
    def handed_functions(self) -> list:
        """(function or lambda, this Flow) for those the module reads as values rather than calls
        (protocol.handed_functions)."""
        return [(fn, self) for fn in protocol.handed_functions(self)]

    @functools.cached_property
    def escaped_called(self) -> list:
        """What an object no name ties to a class may run when called: the escaped __call__/forward of this
        module and of the modules of the job its names lead into (`from models import CHAIN`, built there as
        `nn.Sequential(Head(), Probe())`). Only those: every module of a large program would apply classes of
        unrelated scripts, and building modules no name leads into would change how names link."""
        # this module's first: resolving every use of it completes the edges to the modules its names lead into
        found = {id(fn): (fn, home) for fn, home in self.escaped_here}
        program = self.r.program
        for path in program.depends(self.r.path) if program is not None else ():
            for fn, home in _escaped_at(program, path):
                found.setdefault(id(fn), (fn, home))
        return list(found.values())

    def _reset(self) -> None:
        self.read_fields: dict[str, frozenset] = {}  # field -> what its first read this round saw
        self.read_globals: dict[str, frozenset] = {}
        self.read_module: dict[str, frozenset] = {}  # module name -> what a function's first read saw
        self.summaries: dict[int, Summary] = {}
        self.union_env: dict[int, dict[str, frozenset]] = {}
        self._found: dict[tuple[int, str], Leak] = {}
        self._active: set[int] = set()
        self.read_summaries: dict[int, Summary] = {}  # function -> what a call back into it saw this round

    # -- driver

    def leaks(self) -> list[Leak]:
        caller = self.records_stack[-1] if self.records_stack else None
        if caller is not None:
            if self._found_once is None:
                caller.poisoned = True  # what this module's rounds do is not in the caller's record
            else:
                caller.events.append((replay.FOREIGN, self, replay.LEAKS, None, None))
        if self._found_once is not None:
            return self._found_once  # run already, for a module that calls this one's functions
        self._found_once = []  # a call back into this module while it runs sees what is known so far
        running = self._running()
        running.append(self)
        self.records_stack.append(None)
        try:
            found = self._rounds()
        finally:
            self.records_stack.pop()
            running.pop()
        # A module analysed while this one ran, which saw a summary of it that its last round changed, is
        # analysed again when next asked (a circular import: train.py calls relay.fetch(), which returns
        # train.ROWS, while relay's own analysis runs).
        for flow, key, seen in self._read_elsewhere:
            if self.summaries.get(key) != seen:
                flow._found_once = None
        self._read_elsewhere = []
        self._found_once = found
        return found

    def _running(self) -> list:
        program = self.r.program
        return program.flows_running if program is not None else [self]

    def _rounds(self) -> list[Leak]:
        for round_ in itertools.count():
            self._reset()
            self._run_module()
            for fn in self.functions:
                if self.summary(fn).free and self.handed_on(fn):
                    # `DataLoader(x, collate_fn=grab)` with `rows.extend(b)` in grab: what a call the gate
                    # cannot follow passes it is stored into the module's rows
                    passed = frozenset({Origin(UNKNOWN, f"what a call the gate cannot follow passes {fn.name.value}()",
                                               fn, id(fn), logged=True)})
                    for name in self.summary(fn).free:
                        self.join(GLOBALS, name, passed)
            for key, given in fields.built_unseen(self):
                self.join(FIELDS, key, given)
            # Another round only when a field, a global or a function's summary was read before it was
            # complete (all its writes seen; a call back into a function still being summarised).
            summaries_settled = all(self.summaries.get(k) == v for k, v in self.read_summaries.items())
            if summaries_settled and \
                    all(self.fields.get(k, EMPTY) == v for k, v in self.read_fields.items()) and \
                    all(self.global_writes.get(k, EMPTY) == v for k, v in self.read_globals.items()) and \
                    all(self.module_env.get(k, EMPTY) == v for k, v in self.read_module.items()):
                break
            self.previous_summaries = dict(self.summaries)
            if self.last_round:
                break
            # stores still growing settle in more rounds, in whichever order the functions are defined (the
            # same fixpoint, so the same verdict); a recursion still moving, or a chain past MAX_STORE_ROUNDS,
            # is widened, with one last round over the widened stores
            if round_ >= MAX_ROUNDS - 1 and (not summaries_settled or round_ >= MAX_STORE_ROUNDS - 1):
                self._widen_stores()
        for fn in self.functions:
            if id(fn) not in self.called:
                # called by the framework or a library (an Executor's execute, a Flower handler, a
                # Dataset's __getitem__, a callback): what it lets out is logged with its traceback
                escaped = _strip_params(self.summary(fn).raises)
                if escaped:
                    self.record(LOG, ESCAPED, fn, escaped, None)
            self.batch_hook_sinks(fn)
            # `map(keep, rows)`, `partial(keep, dest=...)`, `{"save": keep}`: what such calls pass a function
            # is unknown, and what it hands to the update or writes where the run time decides is too
            # (its own parameters: what it reads of the function it is defined in is judged there, Frame.closure)
            own = {p.name.value for p in _params(fn)}
            handed = [(kind, sink, node) for kind, sink, node, param in self.summary(fn).sinks
                      if kind in (UPDATE, FILE, LOG) and isinstance(param, Param) and not param.path and
                      param.name in own]
            if handed and self.handed_on(fn) and not arguments.only_decorates(self.r, fn.name.value):
                for kind, sink, node in handed:
                    passed = Origin(UNKNOWN, f"what a call the gate cannot follow passes {fn.name.value}()",
                                    node, id(node), logged=True)
                    self.record(kind, sink, node, frozenset({passed}), None)
        return list(self._found.values())

    def batch_hook_sinks(self, fn: cst.FunctionDef) -> None:
        """`validation_step(self, batch, idx)` of a LightningModule, or `on_train_batch_end(self, trainer, pl_module,
        outputs, batch, idx)` of a Lightning Callback, called by the trainer with the site's batches: what its sinks
        are handed of the batch is what a caller passing them would send."""
        scope = self.r.scope_of.get(id(fn))
        cls = scope.parent.node if scope is not None and scope.parent is not None and scope.parent.is_class else None
        name, params = fn.name.value, _params(fn)
        if not isinstance(cls, cst.ClassDef) or not (name in _BATCH_HOOKS or name in _BATCH_CALLBACKS):
            return
        bases = self.bases(cls)
        if name in _BATCH_HOOKS and len(params) > 1 and any(_LOGGED_METRIC_MODULES(b) for b in bases):
            batch = {params[1].name.value}
        elif name in _BATCH_CALLBACKS and any(_CALLBACK_CLASSES(b) for b in bases):
            batch = {p.name.value for p in params[3:]}  # outputs, batch and its index
        else:
            return
        for kind, sink, node, param in self.summary(fn).sinks:
            if isinstance(param, Param) and param.name in batch and not param.path:
                given = Origin(DATA, f"the batches a trainer hands {fn.name.value}()", fn, id(fn))
                self.record(kind, sink, node, _through(given, param), None)

    def _run_module(self) -> None:
        key = id(self.module)
        self._active.add(key)
        frame = _Frame(self, self.module, self.r.root, None)
        st = _State()
        # A function the module body calls reads the module's names as bound so far, and as the last
        # round left them (`data = np.load(...)`, then `def f(): return data`, `send(f())`).
        frame.union = dict(self.module_env)
        self.module_env = self.union_env[key] = frame.union
        frame.block(self.module.body, st)
        self._active.discard(key)

    def handed_on(self, fn: cst.FunctionDef) -> bool:
        """Whether the module (or another that names it) hands the function on as a value."""
        from ..detectors.paths import PathFolder  # the detectors import this module

        scope = self.r.scope_of.get(id(fn))
        return scope is not None and PathFolder.of(self.r).escapes(scope)

    def passed(self, body: Scope, name: str) -> "Passed":
        """What the job's calls pass for parameter `name` of the function or lambda whose body is `body`, in this
        module and in the others that name it (PathFolder.arguments_passed), through callers' own parameters."""
        key = (id(body.node), name)
        found = self._passed.get(key)
        if found is None:
            found = self._passed[key] = Passed()
            self._pass(body, name, found, {key})
        return found

    def _pass(self, body: Scope, name: str, out: "Passed", seen: set) -> None:
        from ..detectors.paths import PathFolder  # the detectors import this module

        folder = PathFolder.of(self.r)
        given = folder.arguments_passed(name, body)
        out.read += len(given)
        if out.read > MAX_PASSED:
            out.listed = False
            return
        if not given or folder.escapes(body):
            out.mixed = True
            # handed on as a value (`value_and_grad(model, loss_fn)`) or called where the gate does not look: by
            # whoever it is handed to, with what this module or one that names the function hands where no name
            # follows it (protocol.escaped)
            named = folder.naming(body.node.name.value) if isinstance(body.node, cst.FunctionDef) else [folder]
            for other in named:
                out.escaped += (self if other.r is self.r else flow_of(other.r)).escaped_called
        for caller, value, where in given:
            r = caller.r
            flow = self if r is self.r else flow_of(r)
            if value is None:  # `f(*args)`: an object no name ties to a class
                out.escaped += flow.escaped_called
                out.mixed = True
                continue
            names = r.names(value, where)
            refs = _functions(r.values(value, where))
            out.functions += [(v.node, flow_of(v.scope.owner) if v.scope.owner not in (None, self.r) else self)
                              for v in refs if isinstance(v.node, (cst.FunctionDef, cst.Lambda))]
            out.classes |= {n[:-2] for n in names if n.startswith("<class>.") and n.endswith("()")}
            inner = r.binding_scope(value.value, where) if isinstance(value, cst.Name) else None
            if not (inner is not None and isinstance(inner.node, (cst.FunctionDef, cst.Lambda)) and
                    any(p.name.value == value.value for p in _params(inner.node))):
                # (a caller's parameter is what its own callers pass, below; `self`, an object of its class)
                out.mixed = out.mixed or not fields.only_constructed(r, value, where)
            if inner is not None and isinstance(inner.node, (cst.FunctionDef, cst.Lambda)) and \
                    any(p.name.value == value.value for p in _params(inner.node)) and not _bound_first(inner, value.value):
                key = (id(inner.node), value.value)
                if key not in seen:  # the caller's own parameter: what its callers pass (a cycle adds nothing)
                    seen.add(key)
                    flow._pass(inner, value.value, out, seen)
                if not gradients.parameter(r, where, value.value):
                    out.mixed = True  # `def outer(m): m = df; deliver(m)`: rebound too
            elif (not names and not refs) or any(n.startswith(_MODULE_HOLDERS) for n in names):
                out.escaped += flow.escaped_called  # an object no name ties to a class, a container of modules

    def job_sets(self, attr: str) -> bool:
        """Whether a module of the job assigns the attribute `attr` on some object (`obj.global_step = v`,
        here or in a module whose text names it): then on any object the name means what may have been put
        there, not what a library says it means."""
        known = self._job_sets.get(attr)
        if known is None:
            others = self.r.program.mentioning(attr, self.r.path) if self.r.program is not None else []
            known = self._job_sets[attr] = attr in self.tree_facts()[0] or \
                any(attr in tree_facts(other)[0] for other in others)
        return known

    def tree_facts(self) -> tuple[frozenset[str], frozenset[int]]:
        return tree_facts(self.r)

    def lambda_handed_on(self, node: cst.Lambda) -> bool:
        """Whether a lambda is handed on as a value rather than only called by the name it is bound to
        (`send = lambda v: ...; send(x)` is followed with the call's arguments: Frame.call_lambda)."""
        if id(node) not in self.tree_facts()[1]:
            return True
        from ..detectors.paths import PathFolder  # the detectors import this module

        scope = self.r.scope_of.get(id(node))
        return scope is None or PathFolder.of(self.r).hands_on(scope)

    def declared(self) -> frozenset:
        """The names a `global` or `nonlocal` of the module lets another function rebind (once per module)."""
        if self._declared is None:
            self._declared = self.nonlocals | frozenset(n for s in self.r.scope_of.values() for n in s.globals)
        return self._declared

    def chosen_loader(self, key: int) -> bool:
        """Whether a loader (its Origin.key) this or another module of the job built hands out rows the code chose."""
        program = self.r.program
        return key in (program.flow_chosen_loaders if program is not None else self.chosen_loaders)

    def choose_loader(self, key: int) -> None:
        """A loader (its Origin.key) hands out rows the code chose; the program's union (chosen_loader) holds the
        keys of the Flows of its `flows` alone, as the question over them would: a Flow is there from its start."""
        self.chosen_loaders.add(key)
        program = self.r.program
        if program is not None and program.flows.get(id(self.r)) is self:
            program.flow_chosen_loaders.add(key)

    def own_function(self, value: object) -> bool:
        """A function defined in this module (one of another module of the job is opaque here)."""
        return isinstance(value, FuncRef) and isinstance(value.node, cst.FunctionDef) and id(value.node) in self.r.scope_of

    def summary(self, fn: cst.FunctionDef) -> Summary:
        """What a call of the function returns, stores and sends, in terms of its parameters. A call back
        into a function still being summarised (recursion, direct or through others) sees its summary of
        the last round, and the rounds go on until what such calls saw is what the summaries became."""
        key = id(fn)
        rec = self.records_stack[-1] if self.records_stack else None  # the caller's, if recorded
        done = self.summaries.get(key)
        if done is None and (key in self._active or self.too_deep()):
            done = self.called_back(fn, past_nesting=key not in self._active)
            self.read_summaries.setdefault(key, done)
            running = self._running()
            if self in running:  # the modules analysed while this one runs, which read it now
                self._read_elsewhere += [(flow, key, done) for flow in running[running.index(self) + 1:]]
        elif done is None:
            if rec is not None and rec.flow is self:
                rec.steps()
            nesting = self._nesting()
            nesting[0] += 1
            try:
                done = self.summaries[key] = self._summarise(fn)
            finally:
                nesting[0] -= 1
            if rec is not None and rec.flow is self:
                rec.mark = self.steps
        if rec is not None:
            # a function of another module: what its analysis held (a record of it is checked only against that)
            rec.events.append((replay.REQUEST, key, fn, done) if rec.flow is self else
                              (replay.FOREIGN, self, replay.SUMMARY, key, done))
        return done

    def _nesting(self) -> list[int]:
        """How many summaries are being evaluated one inside another, across the program's modules."""
        program = self.r.program
        return program.flow_nesting if program is not None else self.own_nesting

    def too_deep(self, more: int = 0) -> bool:
        """A summary evaluated (or replayed, `more` levels further in) here would pass MAX_NESTING."""
        return self._nesting()[0] + more >= MAX_NESTING

    def called_back(self, fn: cst.FunctionDef, past_nesting: bool = False) -> Summary:
        """What a call back into a function still being summarised, or a call past MAX_NESTING, sees: its
        summary of the last round. A call past MAX_NESTING is evaluated in no round: what it stores into the
        globals it declares is not followed, and they hold a marker no reduction cleans (31 modules, each
        copying the next one's global in a function calling the next one's: the rows of the last were sent
        unseen, accepted; session 54)."""
        if past_nesting:
            scope = self.r.scope_of.get(id(fn))
            stored = Origin(UNKNOWN, f"what {fn.name.value}() stores after more calls than the gate follows", fn,
                            statistic=True, logged=True, bound=True)
            for name in sorted(scope.globals if scope is not None else ()):
                self.join(GLOBALS, name, frozenset({stored}))
        seen = self.previous_summaries.get(id(fn), Summary())
        if self.last_round:  # what more calls of itself would add is not followed
            marker = Origin(UNKNOWN, f"what {fn.name.value}() returns after more calls than the gate follows",
                            fn, statistic=True, logged=True, bound=True)
            seen = dataclasses.replace(seen, returns=_cap(seen.returns | {marker}))
        return seen

    def _summarise(self, fn: cst.FunctionDef) -> Summary:
        """The function's summary: its last evaluation replayed when everything it read still holds
        (replay.py), else evaluated and recorded."""
        key = id(fn)
        rec = self.records.get(key)
        if rec is not None:
            plan = replay.check(self, rec)
            if plan is not None:
                replay.apply(self, rec, plan)
                self.union_env[key] = rec.union
                return rec.summary
        rec = replay.Record(self, key)
        self.records_stack.append(rec)
        try:
            result = in_own_chunk(self._evaluate, fn)  # its recursion would map and unmap frame chunks
        finally:
            self.records_stack.pop()
        rec.steps()
        if rec.poisoned:
            self.records.pop(key, None)
        else:
            rec.summary, rec.union = result, self.union_env[key]
            self.records[key] = rec
        return result

    def recording(self) -> replay.Record | None:
        """The record of the function of this module being evaluated, if any. Any other module's record
        on top reads this module's state, which it does not follow: it is never replayed."""
        stack = self.records_stack
        if stack:
            rec = stack[-1]
            if rec is not None:
                if rec.flow is self:
                    return rec
                rec.poisoned = True
        return None

    def note(self, event: tuple) -> None:
        rec = self.recording()
        if rec is not None:
            rec.events.append(event)

    def _evaluate(self, fn: cst.FunctionDef) -> Summary:
        """One summary of the function's body, its parameters symbolic."""
        key = id(fn)
        self._active.add(key)
        try:
            scope = self.r.scope_of[key]
            frame = _Frame(self, fn, scope, fn)
            st = _State()
            for i, p in enumerate(_params(fn)):
                name = p.name.value
                if i == 0 and frame.is_method and name in ("self", "cls"):
                    st.env[name] = EMPTY
                    continue
                taint = frozenset({Param(name)})
                if _LOADER_PARAM(name):
                    taint |= {Origin(DATA, f"parameter '{name}'", p, id(p), loader=True)}
                if p.default is not None:  # `def f(d=rows)`: what a call that passes nothing gets
                    taint |= _strip_params(frame.expr(p.default, st))
                st.env[name] = taint
            frame.union.update(st.env)
            self.union_env[key] = frame.union  # live: a closure called from here sees what is bound so far
            frame.block(fn.body, st)
            parts = tuple(frame.parts) if frame.parts and not frame.generator else None
            result = Summary(frame.returns, frame.mutated, frame.sink_params, parts, frame.raises, frame.param_writes,
                             frame.field_params, frame.free_params, frozenset(frame.return_holds), frame.props,
                             frozenset(frame.few_params), frame.raised_when, frame.echoes, frame.trained,
                             frame.moved)
        finally:
            self._active.discard(key)
        self.union_env[key] = frame.union
        return result

    def record(self, kind: str, sink: str, node: cst.CSTNode, taint: frozenset, frame: "_Frame") -> None:
        params, origins = self.counted(kind, taint)
        opened = sorted(p.name for p in params if kind == NET and p.path)
        if opened:
            # `def share(path): requests.post(u, data=open(path).read())`: a file's content is sent whatever file its
            # callers name (a model file too), and with no caller at all (a function the gate sees no call of)
            origins += (Origin(UNKNOWN, f"the content of a file at the path parameter '{opened[0]}' names", node,
                               id(node), logged=True),)
        self.record_counted(kind, sink, node, params, origins, frame)

    @staticmethod
    def counted(kind: str, taint: frozenset) -> tuple[tuple, tuple]:
        """What of a value reaching a sink of `kind` counts there: its parameters (the caller's values, applied at
        each call) and its origins that leak there, each in the value's order."""
        params, origins = [], []
        for o in taint:
            if isinstance(o, Param):
                params.append(o)
            elif o.kind == OBJECT:
                continue  # no source: what the object was built with is beside it
            elif kind == UPDATE or (kind == LOG and _logged(o)) or (kind == FILE and _filed(o)) or (kind == NET and _sent(o)):
                origins.append(o)
        return tuple(params), tuple(origins)

    def record_counted(self, kind: str, sink: str, node: cst.CSTNode, params: tuple, origins: tuple,
                       frame: "_Frame") -> None:
        """A sink reached by what `counted` kept of a value."""
        for o in params:
            seen = (kind, sink, id(node), o)  # a node hashes by its id, in a Python call (libcst)
            if seen not in frame.sink_set:
                frame.sink_set.add(seen)
                frame.sink_params.append((kind, sink, node, o))
        if origins:
            self.file_leak(kind, sink, node, origins)
            self.note((replay.LEAK, kind, sink, node, origins))

    def file_leak(self, kind: str, sink: str, node: cst.CSTNode, origins: tuple) -> None:
        leak = self._found.get((id(node), kind))
        if leak is None:
            leak = self._found[(id(node), kind)] = Leak(kind, sink, node, set())
        for o in origins:
            leak.add(o)

    # -- helpers used by frames

    def free_name(self, name: str, scope: Scope) -> frozenset:
        """A name not bound in the frame: the enclosing function's or the module's values."""
        s = scope.parent
        while s is not None:
            if name in s.bindings and not s.is_class:
                if s is self.r.root:
                    t = self.module_env.get(name, EMPTY)
                    self.read_module.setdefault(name, t)
                    self.note((replay.MODULE, name, t))
                    return t | self.global_(name)
                if isinstance(s.node, cst.FunctionDef):
                    key = id(s.node)
                    known = key in self.union_env
                    self.enclosing(key, None, known)
                    if not known:
                        self.summary(s.node)
                    t = self.union_env.get(key, {}).get(name, EMPTY)
                    self.enclosing(key, name, t)
                    # and what a nested function stored into the object (`box.append(v)` in a closure made
                    # there), kept by name as a store into a module's object is (Frame.store_into)
                    return _enclosing_params(t, scope, s) | self.global_(name)
                return EMPTY
            s = s.parent
        return self.global_(name)

    def enclosing(self, key: int, name: str | None, value) -> None:
        """A read of what an enclosing function bound (`name`), or (None) of whether it is known yet. Read
        while that function's evaluation runs, it is a live value: the evaluation is never replayed."""
        rec = self.recording()
        if rec is not None:
            if key in self._active:
                for outer in self.records_stack:
                    if outer is not None and outer.flow is self and outer.key == key:
                        outer.poisoned = True
            rec.events.append((replay.ENCLOSING, key, name, value))

    def join(self, store: int, key, concrete: frozenset) -> None:
        """Add `concrete` to what a field, a global or a parameter's calls (replay's stores) hold."""
        if not concrete:
            return
        self.note((replay.JOIN, store, key, concrete))
        values = self.stores[store]
        held = values.get(key, EMPTY)
        if not concrete <= held:
            values[key] = self.joined(held, concrete)

    @staticmethod
    def joined(held: frozenset, concrete: frozenset) -> frozenset:
        """What a store holds once `concrete` is added to what it `held` (Flow.join; replay.JOIN)."""
        return _cap(held | concrete)

    def peek(self, store: int, key) -> frozenset:
        held = self.stores[store].get(key, EMPTY)
        self.foreign_read(store, key, held)
        return held

    def module_value(self, name: str) -> frozenset | None:
        """What the module's body bound to a name (None: nothing), for another module that imports it."""
        held = self.module_env.get(name)
        self.foreign_read(replay.MODULE, name, held)
        return held

    def foreign_read(self, what: int, key, value) -> None:
        """A read of this module's state, by a function of this module (replay.READ of a store) or of another."""
        rec = self.records_stack[-1] if self.records_stack else None
        if rec is not None:
            rec.events.append((replay.READ, what, key, value, False) if rec.flow is self and what != replay.MODULE
                              else (replay.FOREIGN, self, what, key, value))

    def put(self, store: int, key, value: frozenset) -> None:
        self.stores[store][key] = value
        self.note((replay.WRITE, store, key, value))

    def store_field(self, key: str, concrete: frozenset) -> None:
        self.join(FIELDS, key, concrete)

    def fields_of_self(self) -> frozenset:
        """What any field of the module's objects holds (a field read by a name the code computes)."""
        out = EMPTY
        keys = list(self.fields)
        self.note((replay.KEYS, keys))
        for key in keys:
            if key.startswith("self."):
                out |= self.field(key)
        return out

    def field(self, key: str) -> frozenset:
        t = self.fields.get(key, EMPTY)
        self.read_fields.setdefault(key, t)
        rec = self.recording()
        if rec is not None:
            rec.events.append((replay.READ, FIELDS, key, t, True))
            rec.sees_widened = True
        return t | self.widened

    def global_(self, name: str) -> frozenset:
        t = self.global_writes.get(name, EMPTY)
        self.read_globals.setdefault(name, t)
        declared = name in self.declared_globals
        rec = self.recording()
        if rec is not None:
            rec.events.append((replay.READ, GLOBALS, name, t, True))
            rec.sees_widened = rec.sees_widened or declared
        return t | self.widened if declared else t

    def within_budget(self) -> bool:
        """Whether loops are still followed to their fixpoint (STEP_BUDGET)."""
        within = self.steps < STEP_BUDGET
        rec = self.recording()
        if rec is not None:
            rec.steps()
            rec.events.append((replay.BUDGET, within))
        return within

    def lambda_running(self, key: int) -> bool:
        running = key in self._active
        self.note((replay.LAMBDA, key, running))
        return running

    def enter_lambda(self, key: int) -> None:
        self._active.add(key)
        self.note((replay.ENTER, key))

    def leave_lambda(self, key: int) -> None:
        self._active.discard(key)
        self.note((replay.LEAVE, key))

    def mark_called(self, fn: cst.FunctionDef) -> None:
        self.called.add(id(fn))
        self.note((replay.CALLED, id(fn)))

    def _widen_stores(self) -> None:
        """The rounds ended before the fields, globals and summaries settled (`G = F` in one function,
        `F = E` in the next, ..., called in the order that moves a value one store per round): in a last
        round every read of a field or of a global a function declares sees what any of them holds, and a
        call back into a function what it returned last round, each with a marker that no reduction cleans,
        so that what the gate stopped short of is reviewed, never passed."""
        self.last_round = True
        held = frozenset().union(*self.fields.values(), *self.global_writes.values())
        if held:
            marker = Origin(UNKNOWN, "a value the module's functions pass on more often than the gate follows",
                            self.module, statistic=True, logged=True, bound=True)
            # what no traced flow took there: reviewed, not raw (a loader widened into a path string is no rows)
            self.widened = _cap(_review(held, marker.what) | {marker})

    def foreign(self, names: set[str]) -> str | None:
        """The name of a function or class of code the gate cannot see (another module of the job, an
        unknown package), when every name the callee resolves to is one; None otherwise. Results of
        calls (`Net()(x)`, `h.get()`) are judged by what their object carries, not here."""
        if not names:
            return None
        for n in names:
            if "()" in n or n.startswith("<class>.") or _known_lib(n):
                return None
        return sorted(names)[0].lstrip(".")

    def linked(self, values: frozenset) -> list[cst.FunctionDef]:
        """Functions and methods of top-level classes that another module of the job defines: summarised
        at home, by that module's one Flow of the program, with its globals, fields and helpers
        (`from utils import evaluate`, `Rows().fetch(path)`)."""
        out = []
        for v in _functions(values):
            if not isinstance(v.node, cst.FunctionDef) or self.own_function(v):
                continue
            home = v.scope.owner  # v.scope: the function's body; a plain function's parent is its module's
            parent = v.scope.parent
            if home is None or home.program is None or home.program is not self.r.program or parent is None or \
                    not (parent is home.root or (parent.is_class and parent.parent is home.root)):
                continue
            flow = flow_of(home)
            if may_hold_data(home):
                flow.leaks()  # its module-level values and fields, as that module's own analysis sees them
            self.homes[id(v.node)] = flow
            if parent.is_class:
                self.linked_methods.add(id(v.node))
            out.append(v.node)
        return out

    def home(self, fn: cst.FunctionDef) -> "Flow":
        return self.homes.get(id(fn), self)

    def elsewhere(self, values: frozenset) -> str | None:
        """The name of a function that another module of the job defines (the
        linked program hands it over; this analysis sees one module at a time), or of a lambda it binds
        (`rows = lambda: ...` called as `stats.rows()`), which is not linked."""
        refs = sorted(v.node.name.value if isinstance(v.node, cst.FunctionDef) else "a lambda of another module"
                      for v in values if isinstance(v, FuncRef) and not self.own_function(v) and
                      (isinstance(v.node, cst.FunctionDef) or id(v.node) not in self.r.scope_of))
        return refs[0] if refs else None

    def registered(self, refs: list) -> list[cst.FunctionDef]:
        """`@fmt.register def _(v: int)` (functools.singledispatch): a call of fmt may run any function of the
        module registered on it, whatever the decorator's library."""
        names = {fn.name.value for fn in refs if id(fn) in self.r.scope_of}
        return [fn for fn, on in self._registrations if not on.isdisjoint(names)] if names else []

    @functools.cached_property
    def _registrations(self) -> list[tuple[cst.FunctionDef, frozenset[str]]]:
        """(function, the names it is registered on: `@fmt.register`, `@fmt.register(int)`) for the module's
        functions that are, in their order (asked at every call site of a function of the module)."""
        found = []
        for fn in self.functions:
            on = frozenset(d.value.value for d in (x.decorator.func if isinstance(x.decorator, cst.Call) else x.decorator
                                                   for x in fn.decorators)
                           if isinstance(d, cst.Attribute) and d.attr.value == "register" and isinstance(d.value, cst.Name))
            if on:
                found.append((fn, on))
        return found

    def own_methods(self, names: set[str], method: str) -> list[cst.FunctionDef]:
        """`Helper(...).m`: the method m of the module's own class Helper (or of its bases in the module)."""
        out: list[cst.FunctionDef] = []
        for n in names:
            if n.startswith("<class>.") and n.endswith(f"().{method}"):
                cls = self.classes.get(n[8:-len(method) - 3])
                out += [fn for fn in self.methods.get(method, [])
                        if cls is not None and self.r.scope_of[id(fn)].parent.node is cls]
        return out

    def constructors(self, names: set[str]) -> list[cst.FunctionDef]:
        """`Net(...)` of the job's class Net: its __init__, of this module's class or, linked like its other
        methods (`linked`), of the module of the job that defines it when the class is a model (a library
        model class in its line, buffers.is_model; `from net import Net`): what it writes into the parameters
        travels in state_dict() (red team 43a)."""
        out = []
        for n in names:
            if not n.startswith("<class>.") or "()" in n:
                continue
            if n in self.r.class_scopes:
                out += self._own_constructors(n, set())
            elif self.r.program is not None:
                out += self._linked_constructors(n)
        return out

    def _own_constructors(self, qname: str, seen: set[str]) -> list[cst.FunctionDef]:
        """The __init__ of the module's class `qname`, else those of its bases in the module that it inherits
        (`class Sub(Client): pass`; every one of them: the gate does not order a line that mixes in library
        classes). Each class once (`seen`, shared by the whole walk): a hierarchy of diamonds has 2^depth paths."""
        seen.add(qname)
        bodies = [b for b in self.r.class_scopes.get(qname, ()) if isinstance(b.node, cst.ClassDef)]
        own = [fn for fn in self.methods.get("__init__", [])
               if any(self.r.scope_of[id(fn)].parent is body for body in bodies)]
        if own:
            return own
        out = []
        for body in bodies:
            for base in body.node.bases:
                for n in sorted(self.r.names(base.value, body.parent)):
                    if n in self.r.class_scopes and n not in seen:
                        out += [fn for fn in self._own_constructors(n, seen) if fn not in out]
        return out

    def _linked_constructors(self, qname: str) -> list[cst.FunctionDef]:
        out = []
        if not buffers.is_model(buffers.library_bases(self.r, qname)):
            return out
        for r in self.r.program.defining(qname, self.r.path):
            home = flow_of(r)
            if home is self:
                continue
            for fn in home.constructors({qname}):
                if may_hold_data(r):
                    home.leaks()  # its fields and module-level values, as in linked()
                self.homes[id(fn)] = home
                self.linked_methods.add(id(fn))
                out.append(fn)
        return out

    def job_class(self, name: str) -> bool:
        """Whether a resolved name is a class of the job (`<class>.C`, of this module or another)."""
        program = self.r.program
        return name.startswith("<class>.") and "()" not in name and (
            name in self.r.class_scopes or (program is not None and bool(program.defining(name, self.r.path))))

    def class_line(self, qname: str) -> list[tuple["Flow", str]]:
        """(the Flow of the module defining it, class) for the job's class `qname` and each of its bases in the
        job, wherever the job defines them, in the order a depth-first walk first meets them. Each class once per
        module naming it: forty levels of diamonds (two classes, each subclassing both below) are 2^40 paths
        (test_harden27, test_mine45)."""
        out: list[tuple[Flow, str]] = []
        seen: set[tuple[int, str]] = set()
        todo: list[tuple[Flow, str]] = [(self, qname)]
        while todo:
            where, q = todo.pop()
            if (id(where), q) in seen:
                continue
            seen.add((id(where), q))
            homes = [where] if q in where.r.class_scopes else \
                [flow_of(r) for r in where.r.program.defining(q, where.r.path)] if where.r.program is not None else []
            for home in homes:
                out.append((home, q))
                bases = [n for base, scope in home.r.class_bases.get(q, ()) for n in sorted(home.r.names(base, scope))
                         if home.job_class(n)]
                todo += [(home, n) for n in reversed(bases)]
        return out

    def class_flows(self, qname: str) -> list["Flow"]:
        """The analyses of the modules that define the job's class `qname` and its bases in the job, run: their
        fields are what an object of it holds."""
        out: list[Flow] = []
        for home, _ in self.class_line(qname):
            if home not in out:
                if home is not self and may_hold_data(home.r):
                    home.leaks()
                out.append(home)
        return out

    def class_fields(self, qname: str) -> list[tuple["Flow", frozenset]]:
        """(the Flow of its module, the attributes it binds or stores) for the job's class `qname` and its bases
        in the job: the fields an object of it may hold."""
        return [(home, home.stored_attributes(q)) for home, q in self.class_line(qname)]

    def stored_attributes(self, qname: str) -> frozenset:
        """What the module's class `qname` binds or stores (_stored_attributes): its bodies walked once, not at
        every call a library is handed one of its objects (Frame.object_fields)."""
        found = self._stored.get(qname)
        if found is None:
            bodies = [b.node for b in self.r.class_scopes.get(qname, ()) if isinstance(b.node, cst.ClassDef)]
            found = self._stored[qname] = frozenset().union(*map(_stored_attributes, bodies))
        return found

    def labelled_index(self) -> bool:
        """Whether a frame of the module may be indexed by a column (`set_index`, `index_col=`): then
        `iterrows()` hands out identifiers, not positions."""
        if self._labelled is None:
            self._labelled = any(
                (isinstance(u.node.func, cst.Attribute) and u.node.func.attr.value in ("set_index", "rename_axis"))
                or any(a.keyword is not None and a.keyword.value == "index_col" for a in u.node.args)
                for u in self.r.calls)
        return self._labelled

    def is_dataset_class(self, name: str) -> bool:
        return _is_dataset_class(self.r, name)

    def job_dataset(self, name: str) -> bool:
        return _job_dataset(self.r, name)

    def bases(self, cls: cst.ClassDef) -> set[str]:
        """The qualified names of a class's bases outside the module, through its bases in the module, each class
        walked once (class_line)."""
        found = self._bases.get(id(cls))
        if found is None:
            found, seen, todo = set(), set(), [cls]
            while todo:
                c = todo.pop()
                if c.name.value in seen:
                    continue
                seen.add(c.name.value)
                scope = self._class_scope.get(id(c))
                outer = scope.parent if scope is not None else self.r.root
                for base in c.bases:
                    for n in self.r.names(base.value, outer):
                        own = n.startswith("<class>.") and self.classes.get(n[8:])
                        todo.append(own) if own else found.add(n)
            self._bases[id(cls)] = found
        return found

    def module_class(self, name: str) -> bool:
        """Whether instances of the class are models (torch.nn.Linear, a class of the module derived from one)."""
        if name.startswith("<class>."):
            cls = self.classes.get(name[8:])
            return cls is not None and any(_MODULE_CLASSES(b) for b in self.bases(cls))
        return bool(_MODULE_CLASSES(name))

    @functools.cached_property
    def buffer_names(self) -> frozenset[str] | None:
        """The names the job registers buffers under (buffers.registered_buffers), read once."""
        return buffers.registered_buffers(self.r)

    def model_field(self, receiver: set[str], attr: str) -> bool:
        """Whether `o.attr = v`, where the resolver names `o` `receiver`, may write into a model's state
        (buffers.py): `attr` is the name of a buffer the job registers, whatever `o` is (as `weight` is); or `o` is
        an object of the job's model class and `attr` may be one of its buffers; or `o` is unknown (a helper's
        parameter) and the job registers buffers under names the gate cannot read."""
        registered = self.buffer_names
        if registered is not buffers.ANY and attr in registered:
            return True
        if not receiver:
            return registered is buffers.ANY
        for name in receiver:
            if name.startswith("<class>.") and name.endswith("()"):
                qname = name[:-2]
                if qname not in self.model_lines:
                    self.model_lines[qname] = buffers.library_bases(self.r, qname)
                bases = self.model_lines[qname]
                if buffers.is_model(bases) and (registered is buffers.ANY or buffers.every_name_may_be_buffer(bases)):
                    return True
        return False


def _enclosing_params(t: frozenset, scope: Scope, binder: Scope) -> frozenset:
    """What a nested function (`scope`) reads of a name its enclosing function (`binder`) binds: that function's
    Params stay symbolic, judged where it calls the nested function or hands it on as a value with what its own
    callers pass (`def make(x): def f(): return x`, Frame.apply and function_value). One named like a parameter of a
    function in between would be taken for that function's (`def make(y): x = y; def f(y): return x`): of
    unknown provenance."""
    if Param not in map(type, t):
        return t
    shadowed = _parameter_names(scope, binder)
    if not any(isinstance(o, Param) and o.name in shadowed for o in t):
        return t
    node = scope.node
    return _strip_params(t) | {Origin(UNKNOWN, "what an enclosing function was called with", node, id(node))}


def _escaped_at(program, path: str) -> list:
    """escaped_here of module `path`'s Flow in `program`, kept by path once its resolver is built (the same
    resolver and Flow every time: Program.resolver, flow_of); a module still being built has none yet."""
    kept = program.flow_escaped.get(path)
    if kept is None:
        r = program.resolver(path)
        if r is None:
            return []
        kept = program.flow_escaped[path] = flow_of(r).escaped_here
    return kept


def flow_of(resolver: Resolver) -> Flow:
    """A module's one Flow in its program (a module whose functions another calls
    is analysed once, and cycles meet the Flow already running)."""
    program = resolver.program
    if program is None:
        return Flow(resolver.module, resolver)
    flow = program.flows.get(id(resolver))
    if flow is None:
        flow = program.flows[id(resolver)] = Flow(resolver.module, resolver)
    return flow
