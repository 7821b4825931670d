"""The evaluation of one function body (or the module body): statements, assignments and stores.

The frame is split by concern into mixins: expressions.py (what an expression holds), calls.py (what a call
hands back, and the job's functions applied), roles.py (what a library call is: source, sink, reduction)."""

from __future__ import annotations

import builtins
import functools
from typing import TYPE_CHECKING

import libcst as cst

from ..resolve import FuncRef, Scope, dotted
from . import accumulate, gradients, plain, protocol, tempfiles
from .replay import FIELDS, GLOBALS, ITEMS
from .names import (
    DATA, ESCAPED, HOST, LOG, MAX_LOOP, PARAMETERS, SECRET, UPDATE, _ARGUMENT_HOLDERS, _DICT_TYPES, _ELEMENT_BUILTINS, _ELEMENT_WRAPPERS,
    _LOG_HOOKS, _METRIC_NAME, _PARAMETER_LOOKUPS, _PARAMETER_TYPES, _PARAMETER_VIEWS, _PARAM_ATTRS, _PRIVATE,
    _QUIET_CONTEXTS, _RETURN_SINK_METHODS, _SHALLOW_COPIES, _SOURCE_CALLS, _TRAINING_CALLEE, _UPDATE_CALLS,
    _UPDATE_FIELDS, _UPDATE_HANDLERS, _UPDATE_HOLDERS, _UPDATE_METHODS, _UPDATE_RETURNS, _VIEWS, _VIEW_METHODS,
    _STATISTIC_RESULTS,
)
from .values import (
    EMPTY, Origin, Param, _BUILTIN_NAMES, _by_mask, _cap, _elements, _estimator, _flat, _holder, _implicit, _leaves,
    _map_part, _masked, _merge_parts, _pick, _predict, _reduce, _review, _review_site, _row_partners, _rows, _rows_in,
    _sized_by_value, _site_data, _store_root, _trained_on, _with_flags,
)
from .syntax import (
    _argument, _as_store, _kept_rows, _known_lib, _pairwise, _params, _return_values, _strip_params, _target_names,
    _yielded,
)
from .state import _State, _widen
from .expressions import _Expressions
from .calls import _Calls
from .names import _PARTIALS
from .roles import _Roles
from . import module_flow

if TYPE_CHECKING:
    from .module_flow import Flow


class _Frame(_Expressions, _Calls, _Roles):
    """The evaluation of one function body (or the module body)."""

    @functools.cached_property
    def temp_files(self) -> tempfiles.TempFiles:
        return tempfiles.TempFiles(self.r, self.scope, self.fn, self.saver_names)

    def saver_names(self, call: cst.Call) -> set[str]:
        """What a call may be, with a method of a helper's parameter every call hands a model library's object."""
        names = self.r.names(call.func, self.scope)
        func = call.func
        if isinstance(func, cst.Attribute):
            names = names | {f"{n}.{func.attr.value}" for n in self.library_parameter(func.value)}
        return names

    def __init__(self, flow: Flow, node: cst.CSTNode, scope: Scope, fn: cst.FunctionDef | None):
        self.flow = flow
        self.r = flow.r
        self.scope = scope
        self.fn = fn
        self.returns: frozenset = EMPTY
        self.sink_params: list = []
        self.sink_set: set = set()  # sink_params, for membership (a list search compared every entry)
        self.mutated: dict[str, frozenset] = {}  # parameter -> taint stored into it (`d["x"] = rows`)
        self.free_params: dict[str, frozenset] = {}  # a module-level name -> Params stored into it (`rows.append(b)`)
        self.union: dict[str, frozenset] = {}
        self.parts: list | None = None  # per-position return taints; [] once returns disagree
        self.generator = False
        self.call_parts: dict[int, list] = {}  # id(call) -> per-position results of a same-file function
        self.held_writes: dict[int, tuple | None] = {}  # id(`fh.write` a name is bound to) -> its file sink
        self.predictions: dict[tuple[int, int], bool] = {}  # (id(a bound expression), depth) -> predicted()
        self.raises: frozenset = EMPTY  # what escaping exceptions were raised with
        self.raised_when: frozenset = EMPTY  # what decides whether one escapes (Summary.raised_when)
        self.echoes: frozenset = EMPTY  # what escaping library exceptions quote (Summary.echoes)
        self.raising: list[frozenset] = []  # per enclosing `try`: what its body raised so far
        self.thrown: list[list] = []  # per enclosing `try`: (class names, taint) of each raise statement in its body
        self.handling: list[frozenset] = []  # per enclosing `except`: the exception being handled
        self.handler_names: list[str | None] = []  # per entry of handling: the name it is bound to (`as e`)
        self.aliases: set[str] = set()  # names bound to a model's parameters (`for p in model.parameters()`)
        self.param_writes: frozenset = EMPTY  # Params written into parameters (applied at the call site)
        self.moved = False  # whether it steps, loads or writes a model in place (Summary.moved)
        self.trained: frozenset = EMPTY  # Params a model was called on (applied at the call site)
        self.field_params: dict[str, frozenset] = {}  # self field -> Params stored into it (`self.x = x`)
        self.pc: frozenset = EMPTY  # what the branches the code is in were decided by (_implicit)
        self.trying: list[frozenset] = []  # per enclosing `try`: what its body computed so far
        self.loops: list[cst.For | cst.While] = []  # the loops the code is in, innermost last
        self.contexts: list[cst.With] = []  # the `with` statements the code is in
        self.chosen_rows: dict[int, bool] = {}  # id(for loop) -> whether it iterates rows the code chose
        self.loop_rows: dict[int, frozenset] = {}  # id(for loop) -> what it iterates
        self.exits: dict[int, frozenset] = {}  # loop -> what decided a branch that leaves it early
        self.handed: dict[int, frozenset] = {}  # id(call) -> what the object it builds hands out (protocol.py)
        self.views: dict[str, frozenset] = {}  # name -> the names whose memory it may share (Frame.viewed)
        # name -> the names of the objects it holds by reference (Frame.held: `box = [stats]`, `r = Recorder(stats)`),
        # which a write through it may reach (`box[0].append(rows)`, `r.add(rows)`: red team 51b)
        self.contents: dict[str, frozenset] = {}
        self.init_fields: dict[int, dict] = {}  # id of a call of a job class's __init__ -> field -> names it holds
        self.field_contents: dict[str, dict] = {}  # name -> the same, for the object the name is bound to
        self.displays: set[str] = set()  # names bound to a list, dict or set the function made (`stats = []`)
        self.return_holds: set[str] = set()  # parameters whose objects a return value holds (Summary.holds)
        self.props = EMPTY  # what it stores into an FLContext's properties (Summary.props)
        self.few_params: set[tuple[str, bool]] = set()  # quantiles or bins a caller passes (Summary.few)
        self.holds_at: dict[int, list[str]] = {}  # id of a call of the job's function -> the names its result holds
        self.viewing: set[str] = set()  # the names a store is being passed on to (cycles: `a = b[0]; b = a[0]`)
        self.handing: set[int] = set()  # the functions Frame.handed_back is reading (a function that calls itself)
        self.sizing: set = set()  # the names and fields built_of_sizes is judging (cycles: `w = w + 0.0`)
        cls_scope = scope.parent if fn is not None and scope.parent is not None and scope.parent.is_class else None
        self.is_method = cls_scope is not None
        self.cls_node = cls_scope.node if cls_scope is not None else None
        self.return_sink = fn is not None and self.replies(fn, cls_scope)
        # a federated statistic's method sends a statistic by design: only the site's values themselves leak there
        self.statistic_sink = self.return_sink and cls_scope is not None and any(
            _STATISTIC_RESULTS(f"{b}.{fn.name.value}") for b in self.flow.bases(cls_scope.node))
        # a Formatter's format(), a Filter's filter(), a Handler's emit(): called with each log record
        self.log_hook = cls_scope is not None and \
            any(_LOG_HOOKS(f"{b}.{fn.name.value}") for b in self.flow.bases(cls_scope.node))

    def replies(self, fn: cst.FunctionDef, cls_scope: Scope | None) -> bool:
        """Whether what the function returns is sent to the server by the framework that calls it: a method
        an FL framework's base class declares (an Executor's execute, a Flower NumPyClient's fit), or a
        handler registered with a decorator that makes its result the reply (a Flower ClientApp's train, a
        method or function published to other sites with Collab's `@collab.publish`)."""
        if cls_scope is not None and fn.name.value in _RETURN_SINK_METHODS and \
                any(_UPDATE_RETURNS(f"{b}.{fn.name.value}") or _STATISTIC_RESULTS(f"{b}.{fn.name.value}")
                    for b in self.flow.bases(cls_scope.node)):
            return True
        for d in fn.decorators:
            target = d.decorator.func if isinstance(d.decorator, cst.Call) else d.decorator
            if any(_UPDATE_HANDLERS(n) for n in self.r.names(target, self.scope.parent or self.scope)):
                return True
        return False

    # -- statements

    def block(self, body, st: _State) -> None:
        outer = self.pc  # a branch that may leave the block early decides the rest of it (stmt)
        if isinstance(body, cst.SimpleStatementSuite):  # `for r in rows: print(r)`: its small statements
            for small in body.body:
                self.small(small, st)
        else:
            for stmt in body.body if isinstance(body, (cst.IndentedBlock, cst.Module)) else body:
                self.stmt(stmt, st)
        self.pc = outer

    def raising_block(self, body: cst.BaseSuite, st: _State, caught: bool) -> None:
        """The body of a `try` whose exception a handler catches (or of a `with` that may swallow it): each
        statement runs only if none before it raised, which what they computed decides (`1 / int(x[r, 0] > t)`
        then `flag = 1`)."""
        if not caught or not isinstance(body, cst.IndentedBlock):
            self.block(body, st)
            return
        outer = self.pc
        for stmt in body.body:
            self.pc = self.pc | _implicit(self.trying[-1])
            self.stmt(stmt, st)
        self.pc = outer

    def tried(self) -> frozenset:
        """What the innermost `try` body computed, which the enclosing one's body computed too."""
        body = self.trying.pop()
        if self.trying:
            self.trying[-1] = _cap(self.trying[-1] | body)
        return body

    def stmt(self, node: cst.CSTNode, st: _State) -> None:
        self.flow.steps += 1
        if isinstance(node, cst.SimpleStatementLine):
            for small in node.body:
                self.small(small, st)
        elif isinstance(node, cst.If):
            outer, cond = self.pc, _implicit(self.expr(node.test, st))
            self.pc = outer | cond
            other = st.copy()
            self.block(node.body, st)
            if node.orelse is not None:
                if isinstance(node.orelse, cst.If):
                    self.stmt(node.orelse, other)
                else:
                    self.block(node.orelse.body, other)
            st.join(other)
            # `if x[r, 0] > t: return 1` / `return 0`: what follows runs only on the other branch
            self.pc = outer
            if cond and _leaves(node, self.flow.leaving):
                self.pc = outer | cond
                if self.loops:  # `if x[r, 0] > t: break`: where the loop stops
                    loop = id(self.loops[-1])
                    self.exits[loop] = self.exits.get(loop, EMPTY) | cond
        elif isinstance(node, (cst.For, cst.While)):
            self.loop(node, st)
        elif isinstance(node, (cst.Try, cst.TryStar)):
            start = st.copy()
            self.raising.append(EMPTY)
            self.thrown.append([])
            self.trying.append(EMPTY)
            self.raising_block(node.body, st, bool(node.handlers))
            raised = self.raising.pop()  # `except E as e`: e carries what the body raised it with
            thrown = self.thrown.pop()
            # whether a handler or the else runs is decided by what the body computed (`1 / int(x[r, 0] > t)`)
            outer = self.pc
            self.pc = outer | _implicit(self.tried())
            start.join(st)
            ends = []
            for h in node.handlers:
                hs = start.copy()
                if h.type is not None:
                    self.expr(h.type, hs)
                if h.name is not None:
                    self.assign(h.name.name, raised, hs)
                self.handling.append(raised)
                self.handler_names.append(h.name.name.value if h.name is not None and
                                          isinstance(h.name.name, cst.Name) else None)
                self.block(h.body, hs)
                self.handling.pop()
                self.handler_names.pop()
                ends.append(hs)
            if node.orelse is not None:
                self.block(node.orelse.body, st)
            self.pc = outer
            for e in ends:
                st.join(e)
            if node.finalbody is not None:
                self.handling.append(EMPTY if node.handlers else raised)  # in flight: chained by a raise there
                self.handler_names.append(None)
                self.block(node.finalbody.body, st)
                self.handling.pop()
                self.handler_names.pop()
            # what no handler catches leaves the `try` (red team 36b): everything, with none; a raise statement's
            # exception whose class no handler names, a base of it or a catch-all. What follows runs only if it
            # was not raised (what it carries holds what decided that: Frame.stmt's raise, summary.raises)
            for t in [raised] if not node.handlers else [t for names, t in thrown if not _caught(names, node, self)]:
                self.note_raise(t, node)
                self.pc = self.pc | _implicit(t)
        elif isinstance(node, cst.With):
            for item in node.items:
                t = self.expr(item.item, st)
                if item.asname is not None:
                    if isinstance(item.item, cst.Call) and self.job_callable(item.item.func):
                        # `with Recorder(stats) as r`: the job's __enter__ may hand back the object (and what it holds)
                        self.alias_targets(item.asname.name, item.item)
                    self.assign(item.asname.name, t, st)
            self.contexts.append(node)
            swallows = not self.quiet_context(node)  # `with contextlib.suppress(E):` is a try that passes
            if swallows:
                self.trying.append(EMPTY)
            self.raising_block(node.body, st, swallows)
            if swallows:
                self.tried()
            self.contexts.pop()
        elif isinstance(node, cst.Match):
            subject = self.expr(node.subject, st)
            outer, cond = self.pc, _implicit(subject)
            for case in node.cases:  # `case [v] if x[r, 0] > t:` decides as the subject does
                cond |= _implicit(self.expr(case.guard, st.copy())) if case.guard is not None else EMPTY
            self.pc = outer | cond
            out = st.copy()
            for case in node.cases:
                cs = st.copy()
                self.bind_captures(case.pattern, subject, cs)
                self.block(case.body, cs)
                out.join(cs)
            st.env = out.env
            self.pc = outer | cond if cond and _leaves(node, self.flow.leaving) else outer
        elif isinstance(node, cst.ClassDef):
            self.class_body(node, st)
            self.decorated(node, st)
        elif isinstance(node, cst.FunctionDef) and node.decorators:
            self.decorated(node, st)
        # FunctionDef: analysed on its own (summary), per call.

    def bind_captures(self, pattern: cst.MatchPattern, subject: frozenset, st: _State) -> None:
        """`case x:` / `case [...] as x:` capture the subject; a name captured inside the pattern (`case [first,
        *rest]`, `case {"k": v}`, `case Point(x=v)`) holds part of it: rows chosen from it."""
        while isinstance(pattern, cst.MatchAs) and pattern.name is not None:
            self.bind(pattern.name.value, subject, st)
            if pattern.pattern is None:
                return
            pattern = pattern.pattern
        part = _rows(subject)
        for node in _captures(pattern):
            self.bind(node.value, part, st)

    def decorated(self, node: cst.ClassDef | cst.FunctionDef, st: _State) -> None:
        """`@register class C` / `@register def f`: the name is bound to what the module's decorator returns
        (the resolver binds it so too); a library's decorator keeps the class or function as it is."""
        handed = EMPTY
        for d in node.decorators:
            # `@app.train(mods=[mod])` runs where the function is defined; `@tagged(rows)` makes a closure
            made = self.expr(d.decorator, st) if isinstance(d.decorator, cst.Call) else EMPTY
            values = self.r.values(d.decorator, self.scope)
            call = cst.Call(func=d.decorator, args=[cst.Arg(node.name)])
            followed = [v.node for v in values if self.flow.own_function(v)] + self.flow.linked(values)
            for fn in followed:
                handed |= _strip_params(self.apply(fn, call, [EMPTY], {}, EMPTY, False, st))
                if self.made_elsewhere(fn):  # what the closure was made with comes back (Frame.call)
                    handed |= _strip_params(made)
            if isinstance(d.decorator, cst.Call) and any(isinstance(v, FuncRef) and v.node not in followed
                                                         for v in values):
                # a closure another module of the job made from what this one gives it (`@tagged(lambda: rows)`
                # with `tagged` elsewhere) runs in the function's place: it may hand back any of that
                handed |= _review(_strip_params(EMPTY.union(*(self.expr(a.value, st) for a in d.decorator.args))),
                                  "given to a decorator of another module of the job")
        if handed:
            self.bind(node.name.value, handed | st.env.get(node.name.value, EMPTY), st)
        if handed and isinstance(node, cst.FunctionDef):
            outer = self.r.scope_of[id(node)].parent
            if self.replies(node, outer if outer is not None and outer.is_class else None):
                # `@app.train() @audited def train(...)`, `@audited def fit(self, ...)`: the framework calls what
                # the job's decorator made of the handler, and sends what that returns
                self.flow.record(UPDATE, f"the reply {node.name.value}() sends as the job's decorator makes it",
                                 node, handed | self.pc, self)

    def class_body(self, node: cst.ClassDef, st: _State) -> None:
        """A class body runs where the class is defined: its statements are the module's (a send there is
        one), and what it binds is a field of the class and its instances (`rows = x[:5]`, read as `C.rows`
        or `self.rows`); its methods are analysed on their own."""
        inner = st.copy()
        self.block(node.body, inner)
        bases = {n for arg in node.bases for n in self.r.names(arg.value, self.scope)}
        for name, t in inner.env.items():
            if t and st.env.get(name) is not t:
                self.flow.store_field("self." + name, _strip_params(t))
                self.into_foreign_class(bases, node, _strip_params(t))
        # the class itself hands out what its metaclass's and its own implicit methods return (`C.missing`, `C[k]`)
        handed = self.protocol_values(protocol.methods(self.flow, node, flow_for=module_flow.flow_of), cst.Call(func=node.name), st)
        self.class_keywords(node, st)
        if handed:
            self.bind(node.name.value, handed, st)

    def class_keywords(self, node: cst.ClassDef, st: _State) -> None:
        """`class C(Base, rows=x)`: creating the class hands its keywords to the bases' __init_subclass__ and the
        metaclass's __new__ and __init__ (protocol.CREATION), which may keep or send them (red team 35b)."""
        given = {k.keyword.value: self.expr(k.value, st) for k in node.keywords
                 if k.keyword is not None and k.keyword.value != "metaclass"}
        if not any(given.values()):
            return
        call = cst.Call(func=node.name)
        for fn, home in protocol.methods(self.flow, node, flow_for=module_flow.flow_of, only=protocol.CREATION):
            if isinstance(fn, cst.FunctionDef):
                self.link_home(fn, home)
                self.apply(fn, call, [], given, EMPTY, True, st)

    def loop(self, node: cst.For | cst.While, st: _State) -> None:
        outer, decided = self.pc, EMPTY  # what decides how often the body runs and where the loop stops
        self.loops.append(node)
        entry, settled = st.copy(), False
        for _ in range(MAX_LOOP if self.flow.within_budget() else 1):
            body = st.copy()
            if isinstance(node, cst.For):
                # `for _ in range(int(x[r, 0])): n += 1`: a value decides how often the body runs
                whole = self.iterate(node.target, node.iter, body)
                self.chosen_rows[id(node)] = self.chosen(whole)  # `for row in x[3:4]`, a loader of such rows
                self.loop_rows[id(node)] = whole
                decided |= _implicit(_sized_by_value(whole))
                self.pc = outer | decided
            else:
                decided |= _implicit(self.expr(node.test, body))
                self.pc = outer | decided
            self.block(node.body, body)
            decided |= self.exits.pop(id(node), EMPTY)
            if not st.join(body):  # no name holds more than when the pass began
                settled = True
                break
        if not settled:
            _widen(st, entry, node)
        self.loops.pop()
        self.pc = outer | decided  # `while x[r, 0] > t: t += 1`; `for t in ...: if x[r, 0] > t: break`
        if node.orelse is not None:
            self.block(node.orelse.body, st)

    def iterate(self, target: cst.BaseExpression, iterable: cst.BaseExpression, st: _State) -> frozenset:
        """`for target in iterable`: the target holds elements; `enumerate`'s counter is clean. Hands back
        what the iterable holds."""
        it = whole = self.expr(iterable, st)
        # the entries of a mapping (a batch's fields, a table's columns) are not its rows; anything else is
        fields = isinstance(iterable, cst.Call) and isinstance(iterable.func, cst.Attribute) and \
            iterable.func.attr.value in ("items", "values", "keys") and not iterable.args
        it = _elements(it if fields else _rows(it))
        self.alias_targets(target, iterable)
        if isinstance(iterable, cst.Call) and isinstance(target, (cst.Tuple, cst.List)) and len(target.elements) == 2:
            func = iterable.func
            if "builtins.enumerate" in self.r.names(func, self.scope):
                self.assign(target.elements[0].value, EMPTY, st)
                self.assign(target.elements[1].value, it, st)
                return whole
            if isinstance(func, cst.Attribute) and (func.attr.value == "items" or
                                                   (func.attr.value == "iterrows" and not self.flow.labelled_index())):
                # keys of a mapping (feature names, file names) are not logged as records
                self.assign(target.elements[0].value, _with_flags(it, minor=True, valued=False), st)
                self.assign(target.elements[1].value, _with_flags(it, valued=False), st)
                return whole
        if it and isinstance(target, cst.Name):
            # `for name in frames`: the keys of a dict. What was stored as a value is not in a key at all;
            # other taint of a dict may be in its keys (`{row_id: 1}`): not counted in the log.
            mapping = self.mapping(iterable, self.scope)
            it = frozenset(o.but(keyed=True) if isinstance(o, Param) else o.but(minor=True) if mapping else o
                           for o in it if isinstance(o, Param) or not o.valued)
        self.assign(target, it, st)
        return whole

    def mapping(self, node: cst.BaseExpression, scope: Scope, depth: int = 0) -> bool:
        """Whether every value a name may hold is a dict (a literal, dict(), or what a function of the module
        returns that is one)."""
        if depth > 3:
            return False
        if isinstance(node, (cst.Dict, cst.DictComp)):
            return True
        if isinstance(node, cst.Call):
            values = self.r.values(node.func, scope)
            refs = [v for v in values if self.flow.own_function(v)]
            if refs:
                return all(self._returns_mapping(ref.node, depth) for ref in refs)
            return bool(values) and all(isinstance(v, str) and v in _DICT_TYPES for v in values)
        if isinstance(node, cst.Name):
            s = scope
            while s is not None and node.value not in s.bindings:
                s = s.parent
            if s is None:
                return False
            items = list(s.bindings[node.value])
            pairs = [i for i in items if isinstance(i, tuple) and len(i) == 2 and isinstance(i[0], cst.CSTNode)]
            return bool(items) and len(pairs) == len(items) and len(pairs) <= 8 and \
                all(self.mapping(v, sc, depth + 1) for v, sc in pairs)
        return False

    def _returns_mapping(self, fn: cst.FunctionDef, depth: int) -> bool:
        ann = fn.returns.annotation if fn.returns is not None else None
        if isinstance(ann, cst.Subscript):
            ann = ann.value
        if isinstance(ann, (cst.Name, cst.Attribute)) and (dotted(ann) or "").rsplit(".", 1)[-1] in (
                "dict", "Dict", "OrderedDict", "defaultdict", "Mapping", "MutableMapping"):
            return True
        scope = self.r.scope_of.get(id(fn))
        values = _return_values(fn)
        return bool(values) and scope is not None and all(self.mapping(v, scope, depth + 1) for v in values)

    def opaque(self, call: cst.BaseExpression, st: _State) -> bool:
        """A call the gate cannot see into: not a conversion, not the module's own function, not a
        method of tainted data (`model(x)`, `utils.evaluate(model, loader)`, `m.forward_backward(x)`)."""
        if not isinstance(call, cst.Call):
            return False
        func = call.func
        values = self.r.values(func, self.scope)
        if any(isinstance(v, FuncRef) for v in values):
            return False
        names = {v for v in values if isinstance(v, str)}
        if any(_VIEWS(n) or _SOURCE_CALLS(n) for n in names):
            return False
        if isinstance(func, cst.Attribute):
            if isinstance(func.value, cst.Name) and func.value.value in ("self", "cls") and func.attr.value in self.flow.methods:
                return False
            # an object built by code the gate cannot see is not "tainted data" for this question
            return not _rows_in(_predict(_strip_params(self.expr(func.value, st))))
        return True

    def assign_result(self, targets: list, value: cst.BaseExpression, t: frozenset, st: _State) -> None:
        """`loss, pred = model.step(x)`: what a call the gate cannot see returns into a name like `loss`
        is reviewed, not rejected as raw data; it is never clean."""
        if (t or id(value) in self.call_parts) and len(targets) == 1 and isinstance(targets[0], (cst.Tuple, cst.List)) \
                and isinstance(value, cst.Call):  # a reduction's parts may hold what its value does not (`t.max(0)`)
            elements = targets[0].elements
            parts = self.call_parts.pop(id(value), None)
            if parts is None and _PRIVATE(next(iter(sorted(self.r.names(value.func, self.scope))), "") or ""):
                # opacus: (module, optimizer, data_loader) = make_private(...): a model, an optimizer, and the
                # loader it was given, sampling the same dataset (its result otherwise counts as rows chosen)
                loader = _argument(value, 2, "data_loader")
                parts = [EMPTY, EMPTY] + [self.expr(loader, st) if loader is not None else t] * max(0, len(elements) - 2)
            if parts is not None and len(parts) == len(elements) and \
                    not any(isinstance(e.value, cst.StarredElement) for e in elements):
                for e, part in zip(elements, parts):
                    self.assign_part(e.value, part, st)
                return
        if t and self.opaque(value, st):
            func = value.func
            last = func.attr.value if isinstance(func, cst.Attribute) else (dotted(func) or "").rsplit(".", 1)[-1]
            if _TRAINING_CALLEE(last) and not any(_known_lib(n) for n in self.r.names(func, self.scope)):
                t = _review(t, f"the result of {last}(), code the gate cannot see")
            else:
                for target in targets:
                    self.assign_named(target, t, st)
                return
        for target in targets:
            self.assign(target, t, st)

    def shaped(self, node: cst.BaseExpression, st: _State):
        """A returned item as a part: a tuple literal's items each, a name still holding the tuple it was
        unpacked as (assign_part); anything else its value."""
        if isinstance(node, cst.Tuple) and node.elements and \
                not any(isinstance(e, cst.StarredElement) for e in node.elements):
            return tuple(self.shaped(e.value, st) for e in node.elements)
        t = self.expr(node, st)
        if isinstance(node, cst.Name):
            held, part = st.shapes.get(node.value, (None, None))
            if part is not None and held == st.env.get(node.value):
                return part
        return t

    def assign_part(self, target: cst.BaseExpression, part, st: _State) -> None:
        """`(X, y), (Xt, yt) = load()`, `train, test = load()`: a nested target gets each item of a tuple part;
        a name keeps the tuple's shape for as long as it holds that value."""
        if not isinstance(part, tuple):
            self.assign(target, part, st)
        elif isinstance(target, (cst.Tuple, cst.List)) and len(target.elements) == len(part) and \
                not any(isinstance(e.value, cst.StarredElement) for e in target.elements):
            for e, p in zip(target.elements, part):
                self.assign_part(e.value, p, st)
        else:
            self.assign(target, _flat(part), st)
            if isinstance(target, cst.Name):
                part = _map_part(part, lambda v: _cap(v | self.pc))
                st.shapes[target.value] = (st.env.get(target.value), part)

    def assign_named(self, target: cst.BaseExpression, t: frozenset, st: _State) -> None:
        if isinstance(target, (cst.Tuple, cst.List)):
            for el in target.elements:
                self.assign_named(el.value, t, st)
        elif isinstance(target, cst.Name) and _METRIC_NAME(target.value):
            self.assign(target, _review_site(t, f"'{target.value}', a result of code the gate cannot see"), st)
        else:
            self.assign(target, t, st)

    def summed(self, node: cst.AugAssign, t: frozenset, st: _State) -> frozenset:
        """`total += float(x)` for each element x of a loop: a sum of element-wise scalars over every element
        is an aggregate (of rows the code chose, a statistic); added up any other way (a loop that stops or
        skips, a sum under a test or reset in the loop, a weight that changes with the iteration: accumulate.py)
        they are a statistic of the rows the code chose."""
        scalars = frozenset(o for o in t if o.scalar)
        # one number of each element: a scalar of it, or a statistic of the element itself (a loss of one row of a
        # loader of one-row batches); never of rows chosen inside each element (`float(xb[ib == 1042].sum())` of
        # every batch, summed over the batches, is patient 1042's value: the mask chose them over the data whole),
        # nor a test of one spelled-out value (`float(ib == 1042)` of every row: how many rows hold it)
        elementwise = frozenset(o for o in t if isinstance(o, Param) and o.scalar or isinstance(o, Origin) and
                                (o.scalar or (o.statistic and o.each)) and not (o.part and not o.each))
        # one number of each element of a parameter the loop iterates whole (`for xb, yb in loader:` of `def
        # evaluate(model, loader)`): judged at each call (Param.every), an aggregate of data the caller passes whole
        # however it is batched, a statistic of rows it chose (`DataLoader(Subset(ds, [7]))`)
        whole = self.iterated_parameter()
        every = frozenset(o for o in t if isinstance(o, Param) and o.name == whole and o.rows and o.reduced and
                          not o.part and not o.every)
        if not scalars and not elementwise and not every:
            return t
        if (elementwise or every) and self.adds_up_every_element(node, st) and \
                not self.chosen_rows.get(id(self.loops[-1])) and \
                not any(isinstance(n, (cst.Comparison, cst.Call, cst.Name)) and self.tests_chosen_value(n)
                        for n in accumulate._walk(node.value)):
            return (t - elementwise - every) | frozenset(o.but(every=True) for o in every)
        return (t - scalars) | _reduce(frozenset(o.but(part=True, each=False) for o in scalars))

    def iterated_parameter(self) -> str | None:
        """The parameter the innermost `for` loop iterates whole, by its name (`for x in p`, `for i, x in
        enumerate(tqdm(p))`): no call between but those that hand out every element (reductions.yaml
        element_wrappers), none that may hand out some of them (`itertools.islice(p, 1)`, `zip(p, range(1))`)."""
        loop = self.loops[-1] if self.loops else None
        if not isinstance(loop, cst.For) or self.fn is None:
            return None
        it = loop.iter
        while isinstance(it, cst.Call) and it.args and not it.args[0].keyword and not it.args[0].star and \
                not any(a.star for a in it.args) and (names := self.r.names(it.func, self.scope)) and \
                all(map(_ELEMENT_WRAPPERS, names)) and (len(it.args) == 1 or "builtins.iter" not in names):
            it = it.args[0].value  # (`iter(f, sentinel)` calls f until it returns the sentinel)
        iterated = self.loop_rows.get(id(loop), EMPTY)
        if not isinstance(it, cst.Name) or Param(it.value) not in iterated or \
                Param(it.value, rows=True) in iterated:  # (advanced by `next(p)` on some path: Calls.call)
            return None
        return it.value

    def adds_up_every_element(self, node: cst.AugAssign, st: _State) -> bool:
        return self.every_element(node, accumulate.accumulation, st)

    def appends_every_element(self, call: cst.Call, st: _State) -> bool:
        """`out.append(f(e))` once for each element e of a loop over rows the code did not choose: the list
        holds a value of every row (accumulate.appending)."""
        return self.every_element(call, accumulate.appending, st) and not self.chosen_rows.get(id(self.loops[-1]))

    def maps_every_element(self, node: cst.BaseComp, inner: _State) -> bool:
        """`[f(e) for e in rows]` computes one value of each element and of nothing else that holds one."""
        key = (id(node), id(node.for_in))
        if key not in self.flow.sums:
            self.flow.sums[key] = accumulate.mapped(node)
        found = self.flow.sums[key]
        return found is not None and self.proven(found, inner, each=True)

    def proven(self, found: accumulate.Sum, st: _State, each: bool) -> bool:
        """What names add to accumulate's proof: no name the value reads from outside the loop holds an element
        already (the last row of an earlier loop) or, with `each`, what was computed from one (a prediction of
        it); the loop touches what it iterates under no other name; no call is the module's own function."""
        if any(o.elem or o.scalar or (each and isinstance(o, Origin) and o.each) or
               (isinstance(o, Param) and o.rows and not o.every)  # `for first in p: break` of a parameter
               for name in found.outside for o in self._e_name(cst.Name(name), st)):
            return False
        shared = set(found.iterated)  # what is iterated, under any name that shares its memory (`r = rows`)
        for name, roots in self.views.items():
            if roots & found.iterated:
                shared.add(name)
            if name in found.iterated:
                shared |= roots
        if shared & found.touched:
            return False
        return not any(self.flow.own_function(v) for call in found.calls for v in self.r.values(call.func, self.scope))

    def every_element(self, node: cst.CSTNode, prove, st: _State) -> bool:
        """Whether the statement of `node` adds into its name once for every element of the innermost loop
        (`prove`: accumulate.accumulation or accumulate.appending), which nothing else changes."""
        loop = self.loops[-1] if self.loops else None
        if not isinstance(loop, cst.For) or self.trying or \
                any(not self.quiet_context(w) for w in self.contexts):
            return False  # an exception raised at a chosen row would stop the sum there
        key = (id(loop), id(node))
        if key not in self.flow.sums:
            self.flow.sums[key] = prove(node, loop)
        found = self.flow.sums[key]
        if found is None or _holder(node) in self.flow.declared():
            return False
        return self.proven(found, st, each=prove is accumulate.appending)

    def quiet_context(self, node: cst.With) -> bool:
        """A `with` of the library's own that never swallows an exception (`torch.no_grad()`)."""
        return all(isinstance(item.item, cst.Call) and (names := self.r.names(item.item, self.scope)) and
                   all(_QUIET_CONTEXTS(n) for n in names) for item in node.items)

    def small(self, node: cst.CSTNode, st: _State) -> None:
        if isinstance(node, cst.Assign) and _pairwise(node):
            # `x, y = a.to(d), b.to(d)`: each name gets its own part (a tuple of rows is no list of them)
            for target, value in zip(node.targets[0].target.elements, node.value.elements):
                self.alias_targets(target.value, value.value)
                self.assign_result([target.value], value.value, self.expr(value.value, st), st)
        elif isinstance(node, cst.Assign):
            t = self.expr(node.value, st)
            for tg in node.targets:
                self.alias_targets(tg.target, node.value)
            if t and isinstance(node.value, cst.Call) and \
                    any(_PARAMETER_TYPES(n) for n in self.r.names(node.value.func, self.scope)) and \
                    any(isinstance(tg.target, cst.Attribute) for tg in node.targets):
                self.write_params(t)  # `model.w = nn.Parameter(x)` registers x in the model's state
            self.assign_result([tg.target for tg in node.targets], node.value, t, st)
        elif isinstance(node, cst.AnnAssign):
            if node.value is not None:
                self.assign_result([node.target], node.value, self.expr(node.value, st), st)
        elif isinstance(node, cst.AugAssign):
            t = self.expr(node.value, st)
            if not isinstance(node.operator, (cst.BitOrAssign, cst.BitAndAssign)) and \
                    not isinstance(node.value, (cst.SimpleString, cst.FormattedString, cst.ConcatenatedString)):
                t = self.summed(node, t, st)
            before = self.expr(node.target, st)
            self.operated(node, node.target, before, t, st)  # `o += v`: o.__iadd__(v) (red team 46d)
            if before and t and not isinstance(node.operator, (cst.BitOrAssign, cst.BitAndAssign, cst.BitXorAssign)):
                # `a *= (ids == 1042)`: the mask applied, as `a * mask` (row_wise), or by a helper's caller
                before, t = (_pick(before | t),) * 2 if _masked(before | t) else \
                    (_row_partners(before, t), _row_partners(t, before))
            if isinstance(node.target, cst.Name):
                if node.target.value in self.aliases:
                    self.write_params(t)  # `p += x` on a parameter is in place
                if node.target.value == "self" and self.is_method:
                    self.store_self_field(ITEMS, t)  # `self |= {"k": rows}` of a dict subclass: in place
                self.bind(node.target.value, before | t, st)
                for shared in sorted(self.views.get(node.target.value, frozenset()) | self.made_within(node.target.value)):
                    # `w = sd["w"]; w += rows`, `c = clf.coef_; c += rows`: in place for an array, whoever holds it;
                    # `b = [stats][0]; b += [row]`: a list the function made that b may be (red team 54a)
                    self.store_into(_as_store(cst.Name(shared)), t, st)
            else:
                self.assign(node.target, t, st)
        elif isinstance(node, cst.Del):
            self.delete(node.target, st)
        elif isinstance(node, cst.Expr):
            self.expr(node.value, st)
        elif isinstance(node, cst.Return):
            if node.value is not None:
                value = node.value
                if isinstance(value, cst.Tuple) and not any(isinstance(e, cst.StarredElement) for e in value.elements):
                    parts = [self.shaped(e.value, st) for e in value.elements]
                    t = _cap(frozenset().union(*map(_flat, parts))) if parts else EMPTY
                else:
                    t = self.expr(value, st)
                    # `return preprocess(p)`: the parts of what the module's own function returns
                    parts = self.call_parts.pop(id(value), None) if isinstance(value, cst.Call) else None
                if not parts:
                    self.parts = []
                elif self.parts is None:
                    self.parts = parts
                elif len(self.parts) == len(parts):
                    self.parts = [_merge_parts(a, b) for a, b in zip(self.parts, parts)]
                else:
                    self.parts = []
                if self.pc:
                    t = t | self.pc
                    self.parts = [_map_part(p, lambda v: _cap(v | self.pc)) for p in self.parts] if self.parts \
                        else self.parts
                self.returns = _cap(self.returns | t)
                if self.fn is not None:
                    self.note_return_holds(value)
                # but not one of rows the code named (`df[df.id == "P-0007"]`, `x[7:8]`): that patient's values
                sent = frozenset(o for o in t if not (isinstance(o, Origin) and o.statistic and not o.few)) \
                    if self.statistic_sink else t
                if self.return_sink and sent:
                    self.flow.record(UPDATE, f"the result of {self.fn.name.value}()", node, sent, self)
                if self.log_hook and t:
                    self.flow.record(LOG, f"{self.fn.name.value}(), which formats the log line", node, t, self)
        elif isinstance(node, cst.Raise):
            # whether it is raised at all is what decided the branches it is under (`if x[r, 0] > t: raise E`)
            if node.exc is not None:
                cause = node.cause.item if node.cause is not None else None
                # its traceback prints the cause (`from e`, `from KeyError(row)`) or, with no `from`, the exception
                # being handled (__context__); `from None` prints neither
                chained = self.expr(cause, st) if cause is not None else self.handled()
                t = self.expr(node.exc, st) | chained | self.pc
                if self.thrown and t:
                    exc = node.exc.func if isinstance(node.exc, cst.Call) else node.exc
                    self.thrown[-1].append((self.r.names(exc, self.scope), t))
                self.note_raise(t, node)
            elif self.handling:
                self.note_raise(self.handling[-1] | self.pc, node)  # a bare `raise` re-raises what is handled
            self.note_raised_when(self.pc)
        elif isinstance(node, cst.Assert):
            held = _implicit(self.expr(node.test, st))
            self.pc = self.pc | held  # what follows runs only if it held
            # AssertionError(msg), raised when the test failed, chaining the exception a handler is handling
            self.note_raise(held | (self.expr(node.msg, st) if node.msg is not None else EMPTY) | self.handled(), node)
            self.note_raised_when(held)

    # -- exceptions and writes into parameters

    def bound(self, name: str) -> bool:
        s = self.scope
        while s is not None:
            if name in s.bindings:
                return True
            s = s.parent
        return name in _BUILTIN_NAMES

    def note_raise(self, t: frozenset, node: cst.CSTNode) -> None:
        """`raise E(rows)`: the enclosing `try`'s handler (or the caller) receives what it was raised with;
        out of the module's body, the exception ends the job and its traceback is in the job log."""
        if not t:
            return
        if self.raising:
            self.raising[-1] = _cap(self.raising[-1] | t)
        elif self.fn is None:
            self.flow.record(LOG, ESCAPED, node, t, self)
        else:
            self.raises = _cap(self.raises | t)

    def handled(self) -> frozenset:
        """What the exception being handled holds: one raised in a handler chains it (`__context__`), and its
        traceback prints it under "During handling of the above exception"."""
        return self.handling[-1] if self.handling else EMPTY

    def note_echo(self, t: frozenset, node: cst.CSTNode | None = None) -> None:
        """A call or lookup whose exception names what it failed on (_ECHOING_CALLS): in a `try` body the handler's
        exception holds it; in a function, the handler of a caller's `try` (Summary.echoes). Not followed: one no
        `try` catches (at module level its traceback is in the job log: every lookup of a row would count), but
        in a handler it chains the exception being handled, which then leaves as a raise would (`except
        ValueError: int("x")`)."""
        if node is not None and self.handled():
            self.note_raise(self.handled(), node)
        t = frozenset(o for o in t if isinstance(o, Param) or o.kind in (DATA, HOST, SECRET)) if t else t
        if not t:
            return
        if self.raising:
            self.note_raise(t, None)
        elif self.fn is not None:
            self.echoes = _cap(self.echoes | t)

    def note_raised_when(self, t: frozenset) -> None:
        """What decides whether an exception is raised here: what follows it in a `try` body (and which of the
        handlers runs) depends on it, and so does what follows a call of the function (Summary.raised_when)."""
        if not t:
            return
        if self.trying:
            self.trying[-1] = _cap(self.trying[-1] | t)
        elif self.fn is not None:
            self.raised_when = _cap(self.raised_when | t)

    def write_params(self, t: frozenset) -> None:
        """What is written into a model's parameters or buffers travels in every state_dict() of the module."""
        concrete = _strip_params(t)
        self.flow.join(FIELDS, PARAMETERS, concrete)
        params = t - concrete
        if params and self.fn is not None:
            self.param_writes = _cap(self.param_writes | params)

    def moved_model(self, t: frozenset) -> None:
        """A step, a backward, a load or an in-place write into a model that writes `t`: whether it ran at all is
        the bit of the branches it runs in, which the model then holds too (red team 51a: `if 1042 in set(ids):`
        around the step sends the global model back unchanged or the trained one, as a learning rate of that bit
        does); a function that does one does it where it is called (Summary.moved)."""
        self.moved = True
        self.write_params(t | self.pc)

    def trained_on(self, inputs: list, instance: bool) -> None:
        """A model called on rows named by constant positions keeps them in its running statistics (_trained_on);
        a helper's parameter is judged at each call by what the caller passes (`def warm(net, x): net(x)`)."""
        rows, params = _trained_on(inputs, instance)
        if rows:  # (most calls: none, and writing nothing into the parameters is no write)
            self.write_params(rows)
        if params and self.fn is not None:
            self.trained = _cap(self.trained | params)

    def param_alias(self, node: cst.BaseExpression, fields: bool = False) -> bool:
        """Whether writing into `node` writes into a model: `p.data`, `layer.weight`, `sd[k]` of a state_dict,
        `net.get_parameter(k)`, an attribute of a model (`getattr(net, "bias")`, `net.emb`, by resolution),
        what a builtin hands back of one (`dict(net.named_parameters())[k]`, `list(net.parameters())[0]`), a
        name bound from `model.parameters()`; with `fields`, a field of the object (`self.buf.fill_(x)`)."""
        while isinstance(node, (cst.Attribute, cst.Subscript, cst.Call, cst.Name)):
            if self.model_attribute(node):
                return True
            if isinstance(node, cst.Name):
                return node.value in self.aliases or (fields and node.value == "self" and self.is_method)
            if isinstance(node, cst.Attribute):
                if node.attr.value in _PARAM_ATTRS:
                    return True
                node = node.value
            elif isinstance(node, cst.Subscript):
                node = node.value
            else:
                func = node.func
                if isinstance(func, cst.Attribute) and func.attr.value in _PARAMETER_VIEWS | _PARAMETER_LOOKUPS:
                    return True
                names = self.r.names(func, self.scope)
                first = next((a.value for a in node.args if a.keyword is None and not a.star), None)
                # a builtin (dict, list, iter, next, getattr...) hands back its first argument's elements
                node = first if first is not None and names and all(n.startswith("builtins.") for n in names) \
                    else func
        return False

    def model_field(self, target: cst.BaseExpression) -> bool:
        """Whether `target` is an attribute that may be a model's buffer (`self.ref`, `net.ref`, `m.ref` of a
        helper's parameter, once the job registers "ref"): torch's Module.__setattr__ puts a tensor stored under a
        registered buffer's name into the buffer, and so into every state_dict() (buffers.py)."""
        return isinstance(target, cst.Attribute) and \
            self.flow.model_field(self.r.names(target.value, self.scope), target.attr.value)

    def into_foreign_class(self, names, node: cst.CSTNode, held: frozenset) -> None:
        """What this module stores into an object of the job's class (or binds in the body of a subclass of it)
        whose methods another module defines (`c = SiteClient(x, y); c.notes.append(row)`, `class Mine(
        SiteClient): note = row`): those methods read it as `self.note` where this module's fields do not reach,
        and may send it, as a store into another module's value may (store_into)."""
        classes = sorted(n.removesuffix("()") for n in names if self.flow.job_class(n.removesuffix("()")))
        if held and any(home is not self.flow for q in classes for home, _ in self.flow.class_line(q)):
            self.flow.record(UPDATE, "an object of a class of another module of the job", node,
                             _review(held, "stored into an object whose methods another module defines"), self)

    def job_callable(self, func: cst.BaseExpression) -> bool:
        """Whether the resolver names `func` as a class or a function of the job, of any of its modules."""
        program = self.r.program
        return self.job_object(func) or (program is not None and any(
            program.is_job_module(n) and not program.is_job_module_itself(n) for n in self.r.names(func, self.scope)))

    def job_object(self, node: cst.BaseExpression) -> bool:
        """Whether the resolver names `node` as one of the job's classes or an instance of one (`Holder`, `H =
        Holder`, `Holder()`), whose attributes its methods read as fields of `self`."""
        return any(self.flow.job_class(n.removesuffix("()")) for n in self.r.names(node, self.scope))

    def plain_field(self, target: cst.BaseExpression) -> bool:
        """`self.data = rows` where no instance of the method's class can hold a parameter as `data` (plain.py)."""
        if self.cls_node is None or not (isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name)
                                         and target.value.value == "self") or self.model_attribute(target):
            return False
        key = (id(self.fn), target.attr.value)  # the same answer every round
        if key not in self.flow.plain_fields:
            self.flow.plain_fields[key] = plain.plain_field(self.r, self.fn, self.scope,
                                                            "<class>." + self.cls_node.name.value, target.attr.value)
        return self.flow.plain_fields[key]

    def model_attribute(self, node: cst.BaseExpression) -> bool:
        """Whether the resolver names `node` as an attribute of a model object (`torch.nn.Linear().bias`,
        `<class>.Net().emb`): a parameter, a buffer or a submodule holding them."""
        for n in self.r.names(node, self.scope):
            head, sep, rest = n.partition("()")
            if sep and rest.startswith(".") and "(" not in rest and self.flow.module_class(head):
                return True
        return False

    def holds_parameters(self, node: cst.BaseExpression) -> bool:
        """Whether an expression hands out a model's parameters (`model.parameters()`, `sd.items()`,
        `zip(model.parameters(), new)`, `net.get_parameter(k)`)."""
        stack, seen = [node], 0
        while stack and seen < 16:
            n = stack.pop()
            seen += 1
            if isinstance(n, cst.Name):
                if n.value in self.aliases:
                    return True
            elif isinstance(n, cst.Call):
                if isinstance(n.func, cst.Attribute) and n.func.attr.value in _PARAMETER_VIEWS | _PARAMETER_LOOKUPS:
                    return True
                stack.append(n.func)
                stack.extend(a.value for a in n.args)
            elif isinstance(n, (cst.Attribute, cst.Subscript)):
                stack.append(n.value)
        return False

    def alias_targets(self, target: cst.BaseExpression, value: cst.BaseExpression) -> None:
        if self.flow.hands_out_parameters and self.holds_parameters(value):
            self.aliases.update(_target_names(target))
        root = self.viewed(value)
        if root is not None and self.param_alias(value):  # `a = net.weight.detach().numpy()`: the weight's memory
            self.aliases.update(_target_names(target))
        if root is not None:  # `w = p["w"]`, `v = w.reshape(2, 4)`, `for k, w in p.items()`: w shares p's memory
            for name in _target_names(target):
                if name != root:
                    self.views[name] = self.views.get(name, frozenset()) | {root}
        for name in _target_names(target):
            (self.displays.add if isinstance(value, _DISPLAYS) else self.displays.discard)(name)
        held = self.held(value)
        if isinstance(value, cst.Call) and id(value) in self.init_fields:
            for name in _target_names(target):
                self.field_contents[name] = self.init_fields[id(value)]
        if isinstance(value, cst.Name):
            held = [value.value]  # `a = b`: one object under two names, written through either
            root = value.value
            for name in _target_names(target):
                if name != root:
                    self.views[name] = self.views.get(name, frozenset()) | {root}
        base = _store_root(target) if isinstance(target, (cst.Attribute, cst.Subscript)) else None
        if isinstance(base, cst.Name) and base.value not in ("self", "cls"):
            # `b.d = stats`, `boxes["k"] = stats`: b holds stats now, and `b.d["k"] = rows` writes into it
            for inner in held if not isinstance(value, cst.Name) else [value.value]:
                if inner != base.value:
                    self.contents[base.value] = self.contents.get(base.value, frozenset()) | {inner}
        for name in _target_names(target):  # `out = FLModel(meta=meta)`, `m = {"bag": bag}`: a later write into meta is in out
            self.keep_in(name, held)

    def made_within(self, root: str) -> frozenset:
        """The lists, dicts and sets the function made that `root` may hold, directly or through names that hold them
        (`for b in (stats,): for c in (b,): c.append(row)`: c holds b, which holds stats; red team 53a)."""
        seen, todo, out = {root}, [root], set()
        while todo:
            for inner in self.contents.get(todo.pop(), ()):
                if inner not in seen:
                    seen.add(inner)
                    todo.append(inner)
                    if inner in self.displays:
                        out.add(inner)
        return frozenset(out)

    def keep_in(self, holder: str, inners, through: bool = True, shared: bool = True) -> None:
        """`holder` holds the objects named `inners` by reference now: `through`, a write through it may reach them
        (contents); `shared`, a write into them is in it (views)."""
        for inner in inners:
            if inner != holder:
                if shared:
                    self.views[inner] = self.views.get(inner, frozenset()) | {holder}
                if through:
                    self.contents[holder] = self.contents.get(holder, frozenset()) | {inner}

    def delete(self, target: cst.BaseExpression, st: _State) -> None:
        """`del sd[k]`: which entries are left is a bit of a test that decided it, and of a key the data chose."""
        if isinstance(target, (cst.Tuple, cst.List)):
            for el in target.elements:
                self.delete(el.value, st)
        elif isinstance(target, cst.Subscript):
            keys = EMPTY
            for el in target.slice:
                if isinstance(el.slice, cst.Index):
                    keys |= self.expr(el.slice.value, st)
            self.operated(target, target.value, self.expr(target.value, st), keys, st)  # o.__delitem__(k)
            self.store_into(target, _with_flags(keys, valued=False), st)

    def note_return_holds(self, value: cst.BaseExpression) -> None:
        """`def build(meta): out = FLModel(meta=meta); return out`: the result holds the caller's meta, so a write
        into it after the call is in the result (Frame.held at the call)."""
        held = set(self.held(value)) | self.closure_reads(value)
        for p in _params(self.fn):
            seen, todo = set(), [p.name.value]
            while todo:  # the names that hold or share the parameter's object, through any number of steps
                name = todo.pop()
                if name not in seen:
                    seen.add(name)
                    todo.extend(self.views.get(name, ()))
            if seen & held:
                self.return_holds.add(p.name.value)

    def closure_reads(self, value: cst.BaseExpression) -> set[str]:
        """The names a closure returned as `value` reads (a lambda, a function defined in this function): it holds
        their objects and may write into them when called later (`def keep(v): store.append(v)` ... `return keep`:
        red team 52a)."""
        if isinstance(value, cst.Lambda):
            return accumulate._reads(value.body)
        if not isinstance(value, cst.Name):
            return set()
        return {n for ref in self.scope.bindings.get(value.value, ()) if isinstance(ref, FuncRef) and
                isinstance(ref.node, cst.FunctionDef) for n in accumulate._reads(ref.node.body)}

    def held(self, value: cst.BaseExpression) -> list[str]:
        """The names whose objects `value` holds by reference: elements of a literal container or of a shallow
        copy (`dict(bag=bag)`), arguments of an update's constructor (FLModel, DXO, Shareable keep what they are
        given), the object an attribute or item belongs to."""
        if isinstance(value, cst.Name):
            return [value.value]
        if isinstance(value, (cst.Attribute, cst.Subscript)):  # `{"b": box.items}`: box holds it
            root = value.value
            while isinstance(root, (cst.Attribute, cst.Subscript)):
                root = root.value
            # `add = Recorder(stats).add`: a bound method holds what its object holds (red team 52a); `[[], stats][1]`,
            # `{"k": stats}["k"]`: an item of a display is one of its elements (red team 53a)
            return [root.value] if isinstance(root, cst.Name) else self.held(root)
        if isinstance(value, cst.IfExp):  # `(stats if ok else [])`: either object (red team 52a)
            return self.held(value.body) + self.held(value.orelse)
        if isinstance(value, cst.BooleanOperation):  # `(box or stats)`
            return self.held(value.left) + self.held(value.right)
        if isinstance(value, cst.Lambda):  # `lambda v, s=stats: s.append(v)`: the objects its defaults are
            return [n for p in _params(value) if p.default is not None for n in self.held(p.default)]
        if isinstance(value, (cst.List, cst.Tuple, cst.Set)):
            return [n for e in value.elements for n in self.held(e.value)]
        if isinstance(value, (cst.GeneratorExp, cst.ListComp, cst.SetComp)):
            # `next(p for p in [stats])`: its elements are, or hold, the elements of what it iterates (red team 55a)
            out, loop = self.held(value.elt), value.for_in
            while loop is not None:
                out, loop = out + self.held(loop.iter), loop.inner_for_in
            return out
        if isinstance(value, cst.Dict):
            return [n for e in value.elements if isinstance(e, cst.DictElement) for n in self.held(e.value)]
        if isinstance(value, cst.Call) and isinstance(value.func, cst.Lambda):  # `(lambda: (stats,))()`: what it returns
            return self.held(value.func.body)
        if isinstance(value, cst.Call) and id(value) in self.holds_at and not self.job_object(value.func):
            # what a function of this module returns holding (note_return_holds), and what it yields
            return self.holds_at[id(value)] + self.handed_back(value)
        if isinstance(value, cst.Call) and (closure := self.handed_back(value)):
            return closure
        if isinstance(value, cst.Call) and self.job_callable(value.func):
            # `Recorder(stats)` (its __init__ may keep stats in a field), `make_keeper(stats)` of another module:
            # the job's class or function may keep what it is given; its body is not followed here
            return [n for a in value.args for n in self.held(a.value)]
        if isinstance(value, cst.Call) and any(_UPDATE_CALLS(n) or _UPDATE_HOLDERS(n) or n in _SHALLOW_COPIES or
                                               n in _PARTIALS or n in _ELEMENT_BUILTINS or n == "copy.copy"
                                               for n in self.r.names(value.func, self.scope)):
            # (`partial(stats.append)`, `partial(keep, stats)`: the callable holds what it binds; `next(iter([stats]))`,
            # `copy.copy(box)[0]`, `enumerate([stats])`: the same elements, red team 52a)
            return [n for a in value.args for n in self.held(a.value)]
        if isinstance(value, cst.Call) and any(map(_ARGUMENT_HOLDERS, self.r.names(
                value.func.func if isinstance(value.func, cst.Call) else value.func, self.scope))):
            # `max([stats], key=len)`, `deque([stats])`, `defaultdict(lambda: stats)`: objects they are handed or
            # that a factory they are handed returns; `itemgetter("k")(box)` (reductions.yaml argument_holders)
            return [n for a in value.args for n in self.held(a.value) +
                    (self.held(a.value.body) if isinstance(a.value, cst.Lambda) else [])]
        if isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and \
                value.func.attr.value in ("setdefault", "get"):
            # `reg.setdefault("s", stats)`: the object it holds under the key, or the default it is handed
            return self.held(value.func.value) + [n for a in value.args[1:] for n in self.held(a.value)]
        if isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and \
                value.func.attr.value in ("pop", "values", "items", "copy"):
            # `{"k": stats}.values()`, `box.pop("k")`, `box.copy()`: the objects the container holds, not itself (red
            # team 53a; a registry of functions, `for fn in METRICS.values(): fn(out)`, stores nothing into METRICS)
            receiver = value.func.value
            held = sorted(self.contents.get(receiver.value, ())) if isinstance(receiver, cst.Name) else self.held(receiver)
            return held + [n for a in value.args[1:] for n in self.held(a.value)]
        if isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and \
                value.func.attr.value in _UPDATE_METHODS | {"to_shareable"}:
            # `s = dxo.to_shareable()`: the message holds the DXO's data and meta (nvflare/apis/dxo.py
            # update_shareable), so a later write into them is in s
            return self.held(value.func.value) + [n for a in value.args for n in self.held(a.value)]
        return []

    def handed_back(self, call: cst.Call) -> list[str]:
        """The objects that a lambda or a function of this module, called by name, hands back (returns, or yields)
        and that it did not make: `mk = lambda: (stats,)`, `def mk(): return [stats]` in the caller, `def each(*xs):
        yield from xs` (red team 54a; note_return_holds follows the returns of a module function or a method, of
        its parameters only). A parameter in what it hands back stands for every argument and default; a name it
        binds itself, for every name its body reads and every argument (what the name holds is not followed)."""
        out: list[str] = []
        bound = gradients.assignments(self.r, self.scope, call.func.value) if isinstance(call.func, cst.Name) else None
        if bound and all(isinstance(v, cst.Call) and self.r.names(v.func, s) & _PARTIALS for v, s in bound):
            # `mk = partial(lambda p: [p], stats)`: what it binds, which the function may hand back
            out += sorted(self.contents.get(call.func.value, ()))
        for ref in self.r.values(call.func, self.scope):
            fn = ref.node if isinstance(ref, FuncRef) and id(ref.node) in self.r.scope_of else None
            if fn is None or id(fn) in self.handing:
                continue  # (a function that calls itself hands back what its other returns do)
            inner = self.r.scope_of[id(fn)]
            if isinstance(fn, cst.Lambda):
                given = [fn.body]
            elif (inner.parent is self.r.root or inner.parent.is_class) and not _yielded(fn):
                continue  # a module function's or a method's returns: note_return_holds (holds_at)
            else:
                given = _return_values(fn) + _yielded(fn)
            self.handing.add(id(fn))
            params = {p.name.value for p in _params(fn)}
            passed = [n for a in call.args for n in self.held(a.value)] + \
                [n for p in _params(fn) if p.default is not None for n in self.held(p.default)]
            anything = passed + sorted(n for n in accumulate._reads(fn.body) if n not in inner.bindings)
            if not given and isinstance(fn, cst.FunctionDef):
                out += anything  # no value listed (more returns than _return_values lists): what it reads, or is passed
            for name in {n for v in given for n in self.held(v)}:
                if name in params:
                    out += passed
                elif name in inner.bindings:
                    out += anything
                else:
                    out.append(name)
            self.handing.discard(id(fn))
        return sorted(set(out))

    def viewed(self, value: cst.BaseExpression) -> str | None:
        """The name whose memory `value` may share: an item, an attribute, a view (reshape, view, numpy,
        detach, values, items...), or what a builtin hands back of its first argument (next, iter, list)."""
        node = value
        while True:
            if isinstance(node, cst.Name):
                return node.value if node is not value else None
            if isinstance(node, (cst.Subscript, cst.Attribute)):
                node = node.value
            elif isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value in _VIEW_METHODS:
                node = node.func.value
            elif isinstance(node, cst.Call) and node.args and not node.args[0].star and \
                    self.r.names(node.func, self.scope) & _ELEMENT_BUILTINS:
                node = node.args[0].value
            elif isinstance(node, cst.Call) and self.unwrapped_handle(node) is not node:
                node = self.unwrapped_handle(node)  # `w = csv.writer(buf)`: what w writes is in buf
            else:
                return None

    def bind(self, name: str, t: frozenset, st: _State) -> None:
        t = _cap(t | self.pc)
        st.env[name] = t
        st.shapes.pop(name, None)
        if t:
            self.union[name] = _cap(self.union.get(name, EMPTY) | t)
        if self.fn is not None and (name in self.scope.globals or name in self.scope.nonlocals):
            concrete = _strip_params(t)
            self.flow.join(GLOBALS, name, concrete)
            if t is not concrete:
                # `global REF; REF = a`, `nonlocal box; box = a`: what each caller passes (Summary.free, as a
                # store into a module's object; Frame.apply hands an enclosing caller its own variable)
                self.free_params[name] = _cap(self.free_params.get(name, EMPTY) | (t - concrete))

    def assign(self, target: cst.BaseExpression, t: frozenset, st: _State) -> None:
        if isinstance(target, cst.Name):
            self.bind(target.value, t, st)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for el in target.elements:
                self.assign(el.value, t, st)
        elif isinstance(target, cst.StarredElement):
            self.assign(target.value, t, st)
        elif isinstance(target, (cst.Attribute, cst.Subscript)):
            if not (isinstance(target.value, cst.Name) and target.value.value in ("self", "cls")):
                # `o.a = v`, `o[k] = v`: the __setattr__/__setitem__ of o's job class is handed v (and k)
                keys = EMPTY.union(*(self.expr(el.slice.value, st) for el in target.slice
                                     if isinstance(el.slice, cst.Index))) if isinstance(target, cst.Subscript) else EMPTY
                self.operated(target, target.value, self.expr(target.value, st), t | keys, st)
                if isinstance(target, cst.Attribute):  # `o.f = v` with a descriptor `f = Field()`: Field.__set__
                    self.operated(target, target, self.expr(target, st), t, st)
            if (self.param_alias(target) or self.model_field(target)) and not self.plain_field(target):
                self.write_params(t)  # `p.data = x`, `layer.weight[0] = x`, `self.buf = x` in a model
            if isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name) and \
                    target.value.value not in ("self", "cls"):
                self.flow.store_field(f"{target.value.value}.{target.attr.value}", _strip_params(t))
            if isinstance(target, cst.Subscript):
                keys = EMPTY
                for el in target.slice:
                    if isinstance(el.slice, cst.Index):
                        keys |= self.expr(el.slice.value, st)
                root = target.value
                base = root  # `d.loc[rows, "age"] = 0`, `d["age"][rows] = 0`: the table whose rows are written
                while isinstance(base, cst.Subscript) or (isinstance(base, cst.Attribute) and
                                                          base.attr.value in ("loc", "iloc", "at", "iat")):
                    base = base.value
                if isinstance(root, cst.Name) and self.mapping(root, self.scope):
                    t = _with_flags(t, valued=True)  # `frames[name] = df`: a value of a dict
                elif isinstance(base, cst.Name) and _kept_rows(target, self.r, self.scope) != "rows" and \
                        not any(isinstance(o, Origin) and o.kind == DATA and not o.mask for o in keys):
                    # `v[np.arange(n) != 7] = 0`, `v[ids != 1042] = 0`: which rows keep their values is the code's
                    # choice, as a weighting by the index would be (a reduction of v is no aggregate); a mask the
                    # data makes of itself (`v[np.isnan(v)] = 0`) is imputation
                    held = st.env.get(base.value, EMPTY)
                    if any(isinstance(o, Origin) and o.kind == DATA and (not o.part or o.each) for o in held):
                        st.env[base.value] = frozenset(o.but(part=True, each=False)
                                                       if isinstance(o, Origin) and o.kind == DATA else o for o in held)
                    if self.blanks_all_but_tested(target, t):
                        # `y2[ids != 1042] = -100`: labels cross_entropy ignores on every row but patient
                        # 1042's, whose rows alone keep their values, as `y[ids == 1042]` (red team 50a)
                        st.env[base.value] = _by_mask(_pick(st.env.get(base.value, EMPTY)))
                t = t | _with_flags(keys, valued=False)
                self.store_into(target, t, st, keep_valued=True)
                return
            self.store_into(target, t, st)

    def blanks_all_but_tested(self, target: cst.Subscript, t: frozenset) -> bool:
        """A store of what holds none of the site's data at the rows a test of a value the code chose leaves out
        (`v[ids != 1042] = 0`, `v[~(ids == 1042)] = -100`): only that value's rows keep the site's values."""
        keys = [el.slice.value for el in target.slice if isinstance(el.slice, cst.Index)]
        return len(keys) == 1 and not _site_data(t) and self.tested_polarity(keys[0]) is False

    def store_self_field(self, key: str, t: frozenset) -> None:
        """A store into a field of the module's objects: what it holds, and what the caller passes (applied at each
        call, Summary.fields)."""
        self.flow.store_field(key, _strip_params(t))
        params = t - _strip_params(t)
        if params:
            self.field_params[key] = _cap(self.field_params.get(key, EMPTY) | params)

    def store_into(self, target: cst.BaseExpression, t: frozenset, st: _State, keep_valued: bool = False,
                   trained: bool = False) -> None:
        """A weak update of the object that a store or a mutating call changes. Into a fitted estimator, what the
        job writes (`clf.coef_[:] = rows`, `c = clf.coef_; c += rows`, `alias.coef_ = rows`) is in its state as
        its coefficients are (Origin.memorized); only what a fit is `trained` on is no longer the rows."""
        if t and not trained and _estimator(self.r.names(_store_root(target), self.scope)):
            # (what decided the store, self.pc, stays as it was: a test of the estimator reads its fit's rows)
            t = frozenset(o.but(memorized=True) if isinstance(o, Origin) and o.kind == DATA else o for o in t)
        stored = t  # what a view that shares the memory gets (its own store adds self.pc)
        t = t | self.pc
        if not t:
            return
        if not keep_valued:
            t = _with_flags(t, valued=False)  # `rows.append(d)`: the list's elements are whole dicts
        if isinstance(target, cst.Attribute) and not isinstance(target.value, cst.Name):
            # `type(c).v = rows`, `c.__class__.v = rows`: an object the store cannot name, maybe a class of the
            # module; its fields are read by name, module-wide (what a caller passes, at each call)
            self.store_self_field("self." + target.attr.value, t)
        node = target
        chain = []
        while isinstance(node, (cst.Attribute, cst.Subscript, cst.Call)):
            if isinstance(node, cst.Call) and node.args and "builtins.getattr" in self.r.names(node.func, self.scope):
                # `getattr(h, "sink").append(rows)`: into h, as `h.sink.append(rows)` (red team 52a)
                attr = [a for a in self.r.constants(node.args[1].value, self.scope) if isinstance(a, str)] \
                    if len(node.args) > 1 else []
                if len(attr) == 1 and attr[0].isidentifier():
                    chain.append(cst.Attribute(value=node.args[0].value, attr=cst.Name(attr[0])))
                node = node.args[0].value
                continue
            held = self.held(node) if isinstance(node, cst.Call) else []
            if held and not (isinstance(node.func, cst.Attribute) and node.func.attr.value in _VIEW_METHODS):
                break  # `next(it).append(rows)`, `copy.copy(box)[0].append(rows)`: what the call hands back (below)
            if held:  # `reg.setdefault("s", stats).append(rows)`: the receiver (walked on), or the default handed
                for name in sorted(set(held) - set(self.held(node.func.value))):
                    self.store_into(_as_store(cst.Name(name)), stored, st, keep_valued, trained)
            if isinstance(node, cst.Attribute):
                chain.append(node)
            node = node.func if isinstance(node, cst.Call) else node.value
        if isinstance(node, cst.NamedExpr):  # `(s := stats).append(rows)`: one object under both names
            for part in (node.target, node.value):
                self.store_into(part, stored, st, keep_valued, trained)
            return
        if not isinstance(node, cst.Name):
            # `(stats if ok else []).append(rows)`, `next(iter([stats])).append(rows)`: into the objects it may be
            for name in sorted(set(self.held(node))):
                self.store_into(_as_store(cst.Name(name)), stored, st, keep_valued, trained)
            return
        root = node.value
        st.shapes.pop(root, None)  # `test[0].drop(..., inplace=True)`: what the tuple's items hold changed
        if chain and self.r.program is not None:
            held = _strip_params(t)
            module_value = min((n for n in self.r.names(node, self.scope) if self.r.program.is_job_module_itself(n)),
                               default=None)  # named alike in every run
            if module_value is not None and held:
                # `utils.BUF.append(rows)`: another module of the job holds it now, and may send it
                self.flow.record(UPDATE, f"{module_value}, a value of another module of the job", target,
                                 _review(held, "stored into another module of the job"), self)
        if chain and root not in ("self", "cls") and self.job_object(node):
            # `Holder.last = rows`, `h = Holder(); h.last = rows`, `Holder.rows.append(v)`: what every method of
            # the class reads as `self.last` (and `Holder.last` elsewhere), and what a caller passes, at each call
            self.store_self_field("self." + chain[-1].attr.value, t)
            self.into_foreign_class(self.r.names(node, self.scope), target, _strip_params(t))
        if root in ("self", "cls") and self.is_method:
            # `self.data = data`; `self["k"] = rows`, `self.append(rows)` of a dict, list or record subclass of
            # the job: the object's items (ITEMS, read where the object is read whole)
            self.store_self_field("self." + chain[-1].attr.value if chain else ITEMS, t)
            return
        current = st.env.get(root)
        if current is None:
            current = self.name(root, st)
        if self.fn is not None and root not in self.scope.bindings:
            # an object the function does not bind (a module-level list: `rows.extend(b)`): the module sees
            # what is stored into it, and what each caller passes for a parameter stored there
            concrete = _strip_params(t)
            self.flow.join(GLOBALS, root, concrete)
            kept = t - concrete
            if concrete and root not in self.scope.globals and _enclosing_binds(self.scope, root):
                kept = t  # `def keep(): stats.append(df.iloc[0])`: the enclosing function's object (red team 51b)
            if kept:
                self.free_params[root] = _cap(self.free_params.get(root, EMPTY) | kept)
        self.bind(root, current | t, st)
        for i, name in enumerate(self.handler_names):
            if name == root:
                # `except E as e: e.args = (rows,)` (`e.__cause__ = ...`, a helper storing into it): the exception
                # being handled holds them now, for a bare `raise` or a log of its traceback (red team 50b)
                self.handling[i] = _cap(self.handling[i] | t)
        # `w = p["w"]; w[:3] = rows`: p holds them too; `box = [stats]; box[0].append(rows)`: maybe into stats, a
        # list, dict or set the function made (a model or a table the object holds is no container a store fills:
        # `net.last_seen = X[i]` then `net.shift = ...` leaves X as it was)
        for shared in sorted(self.views.get(root, frozenset()) | self.made_within(root)):
            if shared not in self.viewing:
                self.viewing.add(shared)
                self.store_into(_as_store(cst.Name(shared)), stored, st, keep_valued, trained)
                self.viewing.discard(shared)
        if self.fn is not None and Param(root) in current:
            self.mutated[root] = _cap(self.mutated.get(root, EMPTY) | t)
            # `context.state[k] = v`, or `warm(context)` whose body stores into it (any attribute, then)
            self.store_handed(node, chain[-1].attr.value if chain else "*", _strip_params(t))
            if self.log_hook:  # `record.msg = rows` in a Filter's filter(): the record is written to the log
                self.flow.record(LOG, f"{self.fn.name.value}(), which fills in the log record it is handed", target, t, self)
            if chain and not self.r.names(node, self.scope):
                # `def __set_name__(self, owner, name): owner.extra = rows`: the object may be the module's own
                # class or an instance of it, whose fields are read by name (module-wide, like `self.extra`);
                # `def fill(h, v): h.last = v`: what each caller passes for v (red team 47a)
                self.store_self_field("self." + chain[-1].attr.value, t)
            if chain and chain[-1].attr.value in _UPDATE_FIELDS and not self.r.names(node, self.scope):
                # `def wrap(model): model.meta["k"] = rows; return send(model)`: a parameter the gate cannot
                # type, filled in where an update carries what it sends (a decorator or a wrapper of the
                # send function hands it on where the gate cannot follow)
                self.flow.record(UPDATE, f"the field {chain[-1].attr.value!r} of an update the gate cannot type",
                                 target, t, self)


_CATCH_ALL = {"builtins.BaseException", "builtins.Exception"}


def _caught(classes: set[str], node: cst.Try | cst.TryStar, frame: "_Frame") -> bool:
    """Whether a handler of the `try` catches an exception of one of these classes (the names the resolver gives
    the class a raise statement names): a bare `except`, Exception or BaseException, the class itself, or a
    builtin base of a builtin class (`except LookupError` for KeyError). Anything else (a class the gate cannot
    name, a base of the job's own class) lets it out."""
    for h in node.handlers:
        if h.type is None:
            return True
        types = [e.value for e in h.type.elements] if isinstance(h.type, cst.Tuple) else [h.type]
        for t in types:
            names = frame.r.names(t, frame.scope)
            if names & _CATCH_ALL or names & classes or any(_builtin_base(c, n) for c in classes for n in names):
                return True
    return False


def _builtin_base(cls: str, base: str) -> bool:
    a, b = getattr(builtins, cls.removeprefix("builtins."), None), getattr(builtins, base.removeprefix("builtins."), None)
    return cls.startswith("builtins.") and base.startswith("builtins.") and isinstance(a, type) and \
        isinstance(b, type) and issubclass(a, b)



def _captures(pattern: cst.MatchPattern) -> list[cst.Name]:
    """The names a match pattern binds."""
    names: list[cst.Name] = []

    class Captures(cst.CSTVisitor):
        def visit_MatchAs(self, node: cst.MatchAs) -> None:
            if node.name is not None:
                names.append(node.name)

        def visit_MatchStar(self, node: cst.MatchStar) -> None:
            if node.name is not None:
                names.append(node.name)

        def visit_MatchMapping(self, node: cst.MatchMapping) -> None:
            if node.rest is not None:
                names.append(node.rest)

    pattern.visit(Captures())
    return names


_DISPLAYS = (cst.List, cst.Dict, cst.Set, cst.ListComp, cst.DictComp, cst.SetComp)


def _enclosing_binds(scope, name: str) -> bool:
    """Whether a function `scope` is nested in binds `name` (a closure's free name is that function's variable)."""
    outer = scope.parent
    while outer is not None and outer.node is not None:
        if isinstance(outer.node, (cst.FunctionDef, cst.Lambda)) and name in outer.bindings:
            return True
        outer = outer.parent
    return False
