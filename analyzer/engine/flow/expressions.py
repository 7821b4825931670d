"""What an expression holds: names, attributes, subscripts, operators, displays and comprehensions
(part of the frame, frame.py)."""

from __future__ import annotations


import libcst as cst

from ..resolve import FuncRef
from . import gradients, imported
from .replay import FIELDS, GLOBALS, ITEMS
from .names import (
    DATA, HOST, PROPS, RANDOM, UNKNOWN, _ARRAY_METHODS, _COLUMN_ATTRS, _CONSTANT_ARRAYS, _CONVERSIONS, _COUNTERS,
    _COUNT_ATTR, _ESTIMATOR_OWNERS, _FITTED_ASSIGNMENTS, _FITTED_ATTRS, _FITTED_DISTINCT, _FITTED_GROUP_ATTRS,
    _FITTED_STATISTICS, _FRAME_MADE, _GRADIENT_ATTRS, _HOST_PATH_ATTRIBUTES, _LABEL_ATTRS, _LIBRARY_TRAINERS, _METADATA_ATTRS,
    _METADATA_OWNERS, _METRIC_NAME, _OUTPUT_LOSSES, _OUTPUT_OWNERS, _PARTITION_NODE_KEYS, _PART_PRODUCTS,
    _PART_PRODUCT_METHODS, _PART_STACKS, _PRODUCT_CALLS, _PRODUCT_METHODS, _PROP_READS, _ROW_WEIGHT_KEYWORDS,
    _SELECTOR_CALLS, _SELECTOR_METHODS, _SELECTOR_WHERES,
    _SAME_ROWS_METHODS_WORDS, _SITE_SETTINGS, _STANDARD_DRAWS, _TABLE_ATTRS,
    _TABLE_OWNERS, _TRAINER_ATTRS, _TUPLE_RESULTS, _TUPLE_RESULT_METHODS, _UNIFORM_ARRAYS, _WIDTH_ATTRS,
    environ_mapping,
)
from .values import (
    EMPTY, GRADIENT, Origin, Param, _ATTRIBUTE_HOOKS, _built_with, _bumped, _cap, _coefficients, _column_labels, _count,
    _decisive_first,
    _each_element, _few, _fitted, _implicit, _matmul, _model_state, _objects, _pick, _picked, _product, _reduce,
    _holed, _review, _review_site, _row_partners, _rows_of, _shifted, _site_data, _size, _sized, _sized_by_value, _typed, _unshifted,
    _vouched, _with_flags, _by_mask, _site, _host_path, _no_places, _pinned, _membership,
)
from .syntax import (
    _CallFacts, _LIBRARY_MEANINGS, _argument, _batch_parts, _column_of_table, _column_statistic, _functions,
    _kept_rows, _left_transposed, _mutable_collections, _named_rows, _names_in, _nested_in, _of_table, _params,
    _projection,
    _strip_params, _taken_whole, _target_names, _walrus_targets,
)
from .state import _State
from .facts import may_hold_data, site_prop_key
from . import module_flow

_REPEATED = (cst.List, cst.Tuple, cst.SimpleString, cst.ConcatenatedString)  # a display repeated by `*`


class _Expressions:
    """What an expression holds: part of _Frame (frame.py), whose __init__ sets the state these methods read."""

    # -- expressions

    def name(self, name: str, st: _State) -> frozenset:
        t = st.env.get(name)
        if name == "self" and t is not None and self.is_method:
            # `return self["k"]`, `dict(self)` in a method: the items its methods stored (Frame.store_self_field)
            t = t | self.flow.field(ITEMS)
        if t is not None:
            # at module level, also what the module's functions stored into the object (`rows.extend(b)`); in a
            # function, what a nested one rebinds (`nonlocal out; out = rows`), kept by name like a global's
            return t | self.flow.global_(name) if self.fn is None or name in self.flow.nonlocals else t
        if name in self.scope.globals or (self.fn is None):
            return self.flow.global_(name) | (st.env.get(name) or EMPTY)
        return self.flow.free_name(name, self.scope)

    def expr(self, node: cst.CSTNode | None, st: _State) -> frozenset:
        if node is None:
            return EMPTY
        fn = _EXPR.get(node.__class__)
        out = _cap(fn(self, node, st)) if fn is not None else EMPTY
        if self.trying and out:
            self.trying[-1] = _cap(self.trying[-1] | out)  # what a try body computed (Frame.stmt)
        return out

    def _e_name(self, node: cst.Name, st: _State) -> frozenset:
        if node.value == "__file__" and self.r.binding_scope("__file__", self.scope) is None:
            return frozenset({_host_path("__file__", node)})  # where the site unpacked the job
        t = self.name(node.value, st)
        if node.value in st.env:
            return t
        if "sys.argv" in self.r.names(node, self.scope):
            return frozenset({_host_path("sys.argv", node)})  # `from sys import argv`
        return t | self.function_value(node, st) | self.imported_value(node)

    def imported_value(self, node: cst.Name) -> frozenset:
        """`from hooks import SUMMARY`: what the other module of the job bound to the name (imported.py), or
        a value of unknown provenance when its analysis did not bind it."""
        if self.fn is not None and node.value in self.scope.bindings:
            return EMPTY
        return self.held_elsewhere(imported.homes(self.r, node.value), node)

    def module_getattr(self, call: cst.Call) -> frozenset:
        """`getattr(stats, "preview")` as `stats.preview`; by a name the code computes, any of its values."""
        target = call.args[0].value
        program = self.r.program
        if program is None or not any(program.is_job_module_itself(n) for n in self.r.names(target, self.scope)):
            return EMPTY
        attrs = [c for c in self.r.constants(call.args[1].value, self.scope) if isinstance(c, str)]
        if len(attrs) == 1 and attrs[0].isidentifier():
            attribute = cst.Attribute(value=target, attr=cst.Name(attrs[0]))
            return self.held_elsewhere(imported.attribute_homes(self.r, attribute, self.scope), call)
        return frozenset({Origin(UNKNOWN, "a value of another module of the job, by a computed name", call, id(call))})

    def imported_object(self, node: cst.BaseExpression) -> bool:
        """Whether `node` is a value another module of the job binds (`from task import BOX`, `task.BOX`)."""
        if isinstance(node, cst.Name):
            return self.r.binding_scope(node.value, self.scope) in (None, self.r.root) and \
                bool(imported.homes(self.r, node.value))
        return isinstance(node, cst.Attribute) and self.r.program is not None and \
            bool(imported.attribute_homes(self.r, node, self.scope))

    def held_elsewhere(self, homes: list, node: cst.CSTNode) -> frozenset:
        """What other modules of the job bound to these names, or their module `__getattr__` returns."""
        out = EMPTY
        for home, attr in homes:
            if not may_hold_data(home):
                continue  # nothing of the site's data, a host file or a secret reaches that module
            flow = module_flow.flow_of(home)
            flow.leaks()
            answers = imported.getattr_functions(home, attr)
            held = EMPTY.union(*(flow.summary(fn).returns for fn in answers)) if answers else flow.module_value(attr)
            if held is None and imported.bound_by_body(home, attr):
                held = flow.peek(GLOBALS, attr)  # the body bound nothing of the site's to it (Frame.bind keeps
                #                                  only what holds some), a function's `global` store aside
            out |= _strip_params(held) if held is not None else \
                {Origin(UNKNOWN, f"{attr}, a value another module of the job computes", node, id(node))}
        return out

    def function_value(self, node: cst.Name | cst.Attribute, st: _State) -> frozenset:
        """A function or method of the module read as a value (`fs = [keep]; fs[0]()`, `{"a": t.v}`,
        `partial(t.v, 3)`, `map(keep, ...)`): whoever calls it, out of the gate's sight, gets what it returns,
        so the reference carries that, kept like a callback's result (no count or reduction makes it clean)."""
        out = EMPTY
        for v in self.r.values(node, self.scope):
            if self.flow.own_function(v):
                out |= self.closure(v.node, st)
        return frozenset(o.but(callback=True) if isinstance(o, Origin) else o for o in out) if out else out

    def closure(self, fn: cst.FunctionDef, st: _State) -> frozenset:
        """What a function read as a value returns; one defined in this function (`def make(x): def f(): return
        x; return f`) keeps this function's Params it reads (module_flow._enclosing_params) and the defaults it
        was made with (`def f(a=x)`), and what it sends of them is sent by this function, whoever calls it later."""
        summary = self.flow.summary(fn)
        if self.fn is None or not _nested_in(self.r.scope_of[id(fn)], self.scope):
            return _strip_params(summary.returns)
        defaults = {p.name.value: p.default for p in _params(fn)}
        for kind, sink, node, param in summary.sinks:
            if isinstance(param, Param) and param.name not in defaults:
                self.flow.record(kind, sink, node, frozenset({param}), self)
        out = EMPTY
        for o in summary.returns:
            if not isinstance(o, Param) or o.name not in defaults:
                out |= {o}
            elif defaults[o.name] is not None:
                out |= self.expr(defaults[o.name], st)
        return out

    def _e_attribute(self, node: cst.Attribute, st: _State) -> frozenset:
        out = self.library_attribute(node, st)
        out = out | self.position_indices(node, out)  # as `torch.max(t, 0)[1]` (_e_subscript)
        if isinstance(node.value, cst.Name) and node.value.value not in ("self", "cls"):
            # what the job put there (`net.global_step = rows`, `clf.coef_ = rows`), whatever the library means
            out = out | self.flow.field(f"{node.value.value}.{node.attr.value}") | \
                self.handed_field(node.value, node.attr.value)
        if self.r.program is not None:  # `stats.SUMMARY` of a module of the job imported whole
            out = out | self.held_elsewhere(imported.attribute_homes(self.r, node, self.scope), node)
        return out

    def store_props(self, t: frozenset) -> None:
        """`fl_ctx.set_prop(k, rows)`, here or in a function of any module of the job this one calls: what every
        `get_prop` of the module reads (the context outlives the call)."""
        self.flow.store_field(PROPS, _strip_params(t))
        self.props = _cap(self.props | t)

    def mods_return(self, mods: cst.BaseExpression) -> frozenset:
        """What the functions of a literal list of mods return, those of another module of the job too (a
        function of this module read as a value carries its returns already: Frame.function_value)."""
        out = EMPTY
        for el in mods.elements if isinstance(mods, (cst.List, cst.Tuple)) else ():
            for fn in self.flow.linked(self.r.values(el.value, self.scope)):
                out |= _strip_params(self.flow.home(fn).summary(fn).returns)
        return out

    def handler_returns(self, handler: cst.BaseExpression) -> frozenset:
        """What a registered handler returns (Frame.function_value, mods_return); a handler that is no function
        the gate follows returns what it cannot see."""
        values = self.r.values(handler, self.scope)
        out = self.mods_return(cst.List([cst.Element(handler)]))
        for v in values:
            if self.flow.own_function(v):
                out |= _strip_params(self.flow.summary(v.node).returns)
        if not _functions(values) or any(isinstance(v.node, cst.Lambda) for v in _functions(values)):
            out |= {Origin(UNKNOWN, "what a handler the gate cannot follow replies", handler, id(handler), logged=True)}
        return out

    # -- objects the framework hands every call (Flower's Context, NVFlare's FLContext)

    def handed_keys(self, node: cst.Name, attr: str) -> list[str]:
        """The field an attribute of a parameter may be: one object may reach every function that takes it
        (Flower hands each handler and the lifespan the same Context, whose `state` outlives the call:
        flwr/common/context.py), whatever each parameter is called or annotated."""
        if self.fn is None or all(p.name.value != node.value for p in _params(self.fn)):
            return []
        return ["<handed>." + attr]

    def store_handed(self, node: cst.Name, attr: str, concrete: frozenset) -> None:
        for key in self.handed_keys(node, attr):
            self.flow.store_field(key, concrete)

    def handed_field(self, node: cst.Name, attr: str) -> frozenset:
        out = EMPTY
        for key in self.handed_keys(node, attr) + self.handed_keys(node, "*"):
            out |= self.flow.field(key)
        return out

    def own_object(self, node: cst.BaseExpression) -> bool:
        """The module's own class, or an instance of it."""
        return bool(self.flow.own_objects) and not self.flow.own_objects.isdisjoint(self.r.values(node, self.scope))

    def library_attribute(self, node: cst.Attribute, st: _State) -> frozenset:
        attr = node.attr.value
        value = node.value
        if isinstance(value, cst.Name) and value.value in ("self", "cls"):
            # a field of the object: what was stored into it, whatever it is called
            return self.flow.field("self." + attr) | self.flow.field("self.*")
        if environ_mapping(self.r.names(node, self.scope)):
            return frozenset({Origin(HOST, "os.environ", node, id(node))})
        if attr == "argv" and "sys.argv" in self.r.names(node, self.scope):
            return frozenset({_host_path("sys.argv", node)})  # its item 0 is the path the script was run at
        # the first by name: a message names the same setting in every run
        setting = min((n for n in self.r.names(node, self.scope) if _SITE_SETTINGS(n)), default=None)
        if setting is not None:
            return frozenset({Origin(UNKNOWN, f"a setting of the site ({setting})", node, id(node), text=True)})
        place = min((n for n in self.r.names(node, self.scope) if _HOST_PATH_ATTRIBUTES(n)), default=None)
        if place is not None:  # `tempfile.TemporaryDirectory().name`, a log handler's `baseFilename`
            return frozenset({_host_path(place, node)})
        t = self.expr(value, st)
        if attr in ("__dict__", "__slots__") and self.own_object(value):
            return t | self.flow.fields_of_self()  # `C.__dict__["rows"]`: every field
        rows = self.dataset_rows(t)
        if rows and any(isinstance(v, FuncRef) for n in self.r.names(value, self.scope) for v in self.r.member(n, attr)):
            t = t | _pick(rows)  # a property of the job's dataset class may hand out any of its rows
        if self.own_object(value):
            # the module's own class or an instance of it (a helper): its field, whatever it is called
            if rows and self.stored_field(rows, attr):
                t = t - rows  # `ds.num_classes` a dataset's class stores: what it stored (the field), not its rows
            return t | self.flow.field("self." + attr) | self.flow.field("self.*") | self.function_value(node, st)
        # by name: which class's modules are analysed first decides what a module still running hands back
        classes = sorted(n for n in self.r.names(value, self.scope) if n.startswith("<class>.") and self.flow.job_class(n))
        if classes:  # `Holder.preview` of a class of another module (or a base there): what its body bound
            keys = ("self." + attr, "self.*")
            # (and what this module's calls of its methods stored there: Summary.fields, applied here)
            return t.union(*(home.peek(FIELDS, k) for q in classes for home in self.flow.class_flows(q) for k in keys),
                           *(self.flow.field(k) for k in keys))
        objects = _objects(t)
        if objects:  # an object of the job's class the resolver lost (a handler's `self.manager`)
            return self.object_attribute(objects, attr) | _built_with(t - objects)
        if attr in _GRADIENT_ATTRS:  # `p.grad`: the last backward()'s batch, no parameter (rules/flow/model.yaml)
            return t | {Origin(UNKNOWN, GRADIENT, node, id(node), statistic=True)}
        if not t:
            return t
        if attr in ("T", "mT", "H"):
            return _pick(t)  # a transposed copy: its rows are the columns
        if attr not in _COLUMN_ATTRS and _column_of_table(value, self.r, self.scope, 0):
            return _pick(t)  # `df.income.P000417`: the column's element by its index label (red team 8)
        if attr in _LIBRARY_MEANINGS and self.flow.job_sets(attr):
            return t  # `tag(net, rows)` with `obj.global_step = value` in a module of the job: what it put there
        # A library's attribute means what the library says only on an object of that library (or on a value
        # the code does not type, such as a batch); on a DataFrame it is a column, on a Namespace what was put.
        names = self.r.names(value, self.scope)
        table = bool(names) and _typed(names, _TABLE_OWNERS)
        if (attr in _TABLE_ATTRS if table else attr in _METADATA_ATTRS) and _typed(names, _METADATA_OWNERS):
            if attr in _WIDTH_ATTRS:
                return _reduce(t)  # a text's width in bytes
            return _size(t)  # shape, dtype, device: what the value is, not what it holds (a table's other
            #                   attributes are its columns)
        if attr in _LABEL_ATTRS and _typed(names, _METADATA_OWNERS):
            # the header of a table taken whole; a pivot's or a set_axis' labels may be values of the data
            if gradients.whole(self.r, self.scope, value) or gradients.selected_columns(self.r, self.scope, value):
                return _count(t)  # (`df[["a", "b"]].columns` is the list the code spells out)
            # a parameter's labels: judged at each call by what the caller passes (Frame.apply)
            return _column_labels(t)
        if attr in _FITTED_ATTRS and _typed(names, _ESTIMATOR_OWNERS):
            return _coefficients(t)  # a fitted estimator's coefficients
        if attr in _FITTED_DISTINCT and _typed(names, _ESTIMATOR_OWNERS):
            # `LabelEncoder().fit(df.name).classes_`: the distinct values it saw (class labels or identifiers)
            return _model_state(t) | _review(frozenset(o for o in t if isinstance(o, Origin) and (o.kind == DATA or o.labels)),
                                             "the distinct values a fitted estimator saw")
        if attr in _FITTED_ASSIGNMENTS and names and _typed(names, _ESTIMATOR_OWNERS):
            # `km.labels_`: a cluster index per row it saw (not what a built-with value put in its state)
            return frozenset(o.but(assigned=True) if isinstance(o, Origin) and o.kind == DATA and not o.memorized
                             else o for o in t)
        if attr in _FITTED_STATISTICS and _typed(names, _ESTIMATOR_OWNERS):
            return _fitted(t)  # a scaler's mean_: an aggregate of the rows it saw
        if attr in _FITTED_GROUP_ATTRS and _typed(names, _ESTIMATOR_OWNERS):
            if self.constant_groups(value):
                return _fitted(t)  # KMeans(n_clusters=8): centres are means of the rows they hold
            return _model_state(t) | _review(_strip_params(t), "per-cluster values of a fit with a number of "
                                                                 "clusters the code computes (as many as rows are the rows)")
        if attr in _TRAINER_ATTRS and any(_LIBRARY_TRAINERS(n) for n in names):
            return _count(t)  # `trainer.args.num_train_epochs`
        if attr in _OUTPUT_LOSSES and names and all(n.endswith("()") and n.startswith(_OUTPUT_OWNERS) for n in names):
            return _reduce(t)  # `outputs.loss` of a library model
        if _COUNT_ATTR(attr) or _METRIC_NAME(attr):
            # reviewed, and still the rows the code chose for what a number keeps: `float(df.score.iloc[7])`, a
            # column named like a metric, is one patient's value (red team 55a: int() of it was clean)
            return _review_site(t, f"the attribute {attr!r} of a value read from the site")
        return t

    def stored_field(self, rows: frozenset, attr: str) -> bool:
        """Whether every dataset class of `rows` (dataset_rows) stores `attr` in its bodies (`self.num_classes =
        ...`), and none makes it a method or property: reading it reads what was stored, which the flow holds."""
        classes = {"<class>." + o.what for o in rows}
        return all(attr in self.flow.stored_attributes(q) and
                   not any(isinstance(v, FuncRef) for v in self.r.member(q, attr)) for q in classes)

    def dataset_rows(self, t: frozenset) -> frozenset:
        """The origins of `t` that are an object of the job's dataset class (Frame.source)."""
        return frozenset(o for o in t if isinstance(o, Origin) and o.kind == DATA and
                         self.flow.job_dataset("<class>." + o.what)) if t else t

    # -- objects of the job's classes the resolver does not type (held in a field, handed as a parameter): OBJECT

    def object_attribute(self, objects: frozenset, attr: str) -> frozenset:
        """`o.attr` of an object of the job's classes: what their fields named so hold (in this module, where
        calls stored what they were passed, and in the modules of each class and its bases), and what a method
        or property of that name returns (as a function read as a value: Frame.function_value), or the class's
        __getattr__/__getattribute__, which may run instead."""
        keys = ("self." + attr, "self.*")
        out = EMPTY.union(*(self.flow.field(k) for k in keys))
        for o in sorted(objects, key=_decisive_first):
            for home in self.flow.class_flows(o.what):
                if home is not self.flow:
                    out = out.union(*(home.peek(FIELDS, k) for k in keys))
            for name in (attr, *_ATTRIBUTE_HOOKS):
                for fn in self.members(o.what, name)[0]:
                    out |= _with_flags(_strip_params(self.flow.home(fn).summary(fn).returns), callback=True)
        return out

    def object_fields(self, objects: frozenset) -> frozenset:
        """Every field an object of the job's classes holds, for a library's call it is handed: the library
        may read any of them (`dataclasses.asdict(o)`, a dataclass's generated `repr`, `copy.copy`, a
        serializer), whatever they are called."""
        out = EMPTY
        for o in sorted(objects, key=_decisive_first):
            for home, names in self.flow.class_fields(o.what):
                keys = ["self.*", ITEMS, *("self." + n for n in sorted(names))]
                # (another module's class: also what this module's calls of its methods stored, Summary.fields)
                out = out.union(*(self.flow.field(k) for k in keys),
                                *(home.peek(FIELDS, k) for k in keys if home is not self.flow))
        return out

    def members(self, qname: str, attr: str) -> tuple[list[cst.FunctionDef], bool]:
        """The job's functions `attr` of an object of class `qname` may be (its class's, its bases', a store's:
        the resolver's Resolver.member), and whether it may be nothing else (a library base's method, a
        lambda, a value the resolver cannot tell)."""
        values = self.r.member(qname + "()", attr)
        fns = [v.node for v in _functions(values) if self.flow.own_function(v)] + self.flow.linked(values)
        return fns, len(fns) == len(values) and all(isinstance(fn, cst.FunctionDef) for fn in fns)

    def object_methods(self, objects: frozenset, method: str) -> list[cst.FunctionDef] | None:
        """The methods `o.method(...)` runs on an object of the job's classes, when each class has one of the
        job's and no __getattribute__ of its own that every attribute read runs (None otherwise: the call is
        judged as any other)."""
        out: list[cst.FunctionDef] = []
        for o in sorted(objects, key=_decisive_first):
            fns, only = self.members(o.what, method)
            if not (fns and only) or self.members(o.what, "__getattribute__")[0]:
                return None
            out += [fn for fn in fns if fn not in out]
        return out

    def script_arguments(self, node: cst.Subscript) -> bool:
        """`sys.argv[1]`, `sys.argv[1:]`: the arguments the job's config gives the script, not its path (item 0)."""
        if len(node.slice) != 1 or "sys.argv" not in self.r.names(node.value, self.scope):
            return False
        s = node.slice[0].slice
        first = s.value if isinstance(s, cst.Index) else s.lower
        values = self.r.constants(first, self.scope) if first is not None else []
        return bool(values) and all(type(v) is int and v >= 1 for v in values)

    def partition_key(self, node: cst.Subscript) -> bool:
        """`context.node_config["partition-id"]`: the partition Flower assigns the node (partition_node_keys)."""
        if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
            return False
        keys = self.r.constants(node.slice[0].slice.value, self.scope)
        return len(keys) == 1 and keys[0] in _PARTITION_NODE_KEYS and \
            any(_SITE_SETTINGS(n) for n in self.r.names(node.value, self.scope))

    def _e_subscript(self, node: cst.Subscript, st: _State) -> frozenset:
        if environ_mapping(self.r.values(node.value, self.scope)) and len(node.slice) == 1 and \
                isinstance(node.slice[0].slice, cst.Index):
            return frozenset({self.environ_variable(node.slice[0].slice.value, node)})  # os.environ["X"]
        if self.script_arguments(node):
            return EMPTY
        if self.partition_key(node):
            return EMPTY
        base = self.expr(node.value, st)
        index = EMPTY
        protocol = False
        first = EMPTY
        for el in node.slice:
            s = el.slice
            if isinstance(s, cst.Index):
                index |= self.expr(s.value, st)
                first = first or index
                if isinstance(s.value, cst.Attribute) and s.value.attr.value in ("support_",):
                    protocol = True
            else:
                for part in (s.lower, s.upper, s.step):
                    index |= self.expr(part, st)
        self.note_echo(index, node)  # `d[key]` raises KeyError(key)
        self.operated(node, node.value, base, index, st)  # `o[k]`, `C[k]`: __getitem__, __class_getitem__
        if base and any(_COUNTERS(n) for n in self.r.names(node.value, self.scope)):
            base = _count(base)  # a count
        base = _with_flags(base, valued=False)
        if base or index:
            kept = _kept_rows(node, self.r, self.scope)
            # `df["age"].to_numpy()[7]`, `np.asarray(col)[7]`: an array's row (or a cell), not a column or a field
            value = node.value.func if isinstance(node.value, cst.Call) else node.value
            arrayed = (isinstance(value, cst.Attribute) and value.attr.value in _ARRAY_METHODS) or \
                (isinstance(node.value, cst.Call) and bool(self.r.names(value, self.scope) & _CONVERSIONS)) or \
                any(f".{m}()." in n or f".{m}." in n for n in self.r.names(node.value, self.scope) for m in _ARRAY_METHODS)
            if kept == "field" and not arrayed and self.r.names(node.value, self.scope) and \
                    all(_FRAME_MADE.match(n) for n in self.r.names(node.value, self.scope)):
                kept = "rows"  # `df[0]`: a column labelled 0 (header=None) of a frame read or built (red team 8: of
                #               anything else, `df.sum(axis=1)[7]`, an element by its label)
            facts = self.flow.static.get(id(node.value)) if isinstance(node.value, cst.Call) else None
            if kept == "field" and facts is not None and not arrayed and not _of_table(node.value, self.r, self.scope) and \
                    (facts.role == "per-row" or (facts.keeps_rows and not facts.object_call and
                                                 self.tuple_result(node.value, facts))):
                kept = "rows"  # `torch.max(out, 1)[1]`: a part of what a per-row reduction or a split returns
                #               (a table's is a column indexed by the rows' labels: `df.sum(axis=1)[7]` is a row's)
            if kept == "field" and ((isinstance(node.value, cst.Name) and node.value.value in _batch_parts(self.r)) or
                                    isinstance(node.value, cst.Subscript)):
                # `yb[0]` of `for xb, yb in loader`: a field of the batch already, so its first row, one chosen per
                # batch (not each element in turn: `total += float(yb[0])` is no sum over the rows) (red team 8);
                # so is `batch["label"][0]`, a position in an item (evalstat24: accepted before, a dict batch's
                # field by name kept the batch's flag)
                kept = None
                base = frozenset(o.but(elem=False) if isinstance(o, Origin) and o.elem else o for o in base)
            if kept is None:
                base = _pick(base)
                index = _pick(index)  # rows the code chose
                if self.pins_rows(node):
                    # one patient's rows (`x[ids == 1042]`, `y[np.flatnonzero(ids == 1042)]`): a statistic of them, a
                    # count or a mean, says whether that patient is at the site and their values, also in the job log
                    # (as a count of the test does: calls._membership); a cohort's filter (`x[age > 60]`) is not one
                    base, index = _pinned(base), _pinned(index)
            elif kept == "field":  # `batch[0]`: a field of a loader's batch (a row of anything else)
                base = frozenset(o if isinstance(o, Param) and o.rows else o.but(batch=False)
                                 if isinstance(o, Origin) and o.batch else
                                 _picked(o) for o in base)
            if kept != "rows" and _named_rows(node, self.r, self.scope):
                base = _few(base)
            elif kept is None and self.masked_rows(node, first):
                base = _by_mask(base)
        out = base | index
        out = out | self.position_indices(node, out)  # `torch.max(t, 0)[1]`: where the extremes are (red team 55a)
        return _with_flags(out, protocol=True) if protocol else out

    def pins_rows(self, node: cst.Subscript) -> bool:
        """Whether a subscript's first index is a test of a value the code spells out (Calls.tests_chosen_value), or a
        call handed one (`np.flatnonzero(ids == 1042)`, `np.where(ids == 1042, 29, 0)`, `(ids == 1042).nonzero()`)."""
        index = node.slice[0].slice
        if not isinstance(index, cst.Index):
            return False
        value = index.value
        tested = [value]
        if isinstance(value, cst.Call):
            tested += [a.value for a in value.args if not a.star]
            if isinstance(value.func, cst.Attribute):
                tested.append(value.func.value)
        return any(self.tests_chosen_value(v) for v in tested)

    def masked_rows(self, node: cst.Subscript, first: frozenset) -> bool:
        """Whether a subscript's first index is a mask the code chose: a comparison of the site's data with a value
        of the code's or the server's (`x[ids == 1042]`, Origin.mask), or a one-hot it built (`x[onehot]`)."""
        index = node.slice[0].slice
        if isinstance(index, cst.Index) and isinstance(index.value, cst.Comparison) and \
                all(self.missing(c.comparator) for c in index.value.comparisons):
            return False  # `v[v != np.array(None)]`: the rows with a value, which the data decides
        return isinstance(index, cst.Index) and (any(isinstance(o, Origin) and o.mask and _site(o) for o in first)
                                                 or self.row_selector(index.value) or self.callable_index(index.value))

    def callable_index(self, index: cst.BaseExpression) -> bool:
        """`df.loc[lambda d: d.id == 1042]`, `df.loc[pick]` of a function of the job's: pandas calls it with the
        table and keeps the rows it marks, a mask whatever its body."""
        return isinstance(index, cst.Lambda) or any(isinstance(v, FuncRef) for v in self.r.values(index, self.scope))

    def tuple_result(self, call: cst.Call, facts: "_CallFacts") -> bool:
        """Whether a call that keeps every row returns a tuple of parts (tuple_results): a constant index of what
        any other returns (`np.abs(col)[1042]`, `t.float()[1042]`) is a row, not a part (red team 25)."""
        if isinstance(call.func, cst.Attribute) and call.func.attr.value in _TUPLE_RESULT_METHODS:
            return True
        if facts.applies and _mutable_collections(call):
            return True  # flax's `model.apply(v, x, mutable=["batch_stats"])` returns (output, updated variables)
        return any(_TUPLE_RESULTS(n) for n in self.r.names(call.func, self.scope))

    def _e_binop(self, node: cst.BinaryOperation, st: _State) -> frozenset:
        left, right = self.expr(node.left, st), self.expr(node.right, st)
        self.operated(node, node.left, left, right, st)  # `o + v`: o.__add__(v)
        self.operated(node, node.right, right, left, st)  # `v + o`: o.__radd__(v)
        left, right = self.noise_of(node.left, left, right), self.noise_of(node.right, right, left)
        if isinstance(node.operator, cst.MatrixMultiply) and _left_transposed(node.left):
            return self.product(node, left, right, st)  # x.T @ v: a Gram matrix, a gradient, or the rows
        if isinstance(node.operator, cst.MatrixMultiply):
            return self.matmul(node.left, node.right, left, right)
        if isinstance(node.operator, cst.Multiply) and (isinstance(node.left, _REPEATED) or isinstance(node.right, _REPEATED)):
            return _sized(left | right)  # `[0] * int(cell)`, `b"0" * cell`: as long as the value says
        if isinstance(node.operator, (cst.Divide, cst.FloorDivide, cst.Modulo)):
            self.note_echo(EMPTY, node)  # `except ValueError: 1 / 0`: a ZeroDivisionError chains the one handled
        if isinstance(node.operator, (cst.Divide, cst.FloorDivide)) and self.spike(node.right):
            right = _bumped(right)  # `1 / ((ids - 1042) ** 2 + 1e-9)`: a soft `ids == 1042`, as a bump of it is
        if isinstance(node.operator, (cst.Divide, cst.FloorDivide, cst.Modulo)):
            right = _holed(right)  # `(ids - 1042.0) / (ids - 1042.0)`: NaN for patient 1042 alone (Origin.nan)
        elif isinstance(node.operator, cst.Power) and not self.whole_power(node.right):
            left = _holed(left)  # `(-(ids - 1042.0) ** 2) ** 0.5`: a root, NaN but for patient 1042
        if (left or right) and not self.row_wise(node, left, right):
            return self.weighted(node, left | right)
        if not isinstance(node.operator, (cst.BitAnd, cst.BitOr, cst.BitXor)):
            left, right = _row_partners(left, right), _row_partners(right, left)
        if left and right and isinstance(node.operator, cst.Multiply) and gradients.same(node.left, node.right):
            return left | right  # `d * d`: a square, still around the value d was moved by (Origin.shifted)
        if left and right:
            return _unshifted(left | right)  # two values combined (a residual), not one around a chosen value
        if isinstance(node.operator, (cst.Add, cst.Subtract)) and self.chosen_number(node.right if left else node.left):
            return _shifted(left | right)  # `ids - 1042`: a bump of it is a soft `ids == 1042`
        return left | right

    def weighted(self, node: cst.BinaryOperation, t: frozenset) -> frozenset:
        """Rows weighted other than alike: rows the code chose (_pick). A product with a selector (`losses *
        (ids == 1042)`, `losses * onehot`) keeps the rows it selects, as `losses[ids == 1042]` does (Origin.masked):
        backward() of its sum is those rows' gradient (red team 42)."""
        picked = _pick(t)
        if isinstance(node.operator, cst.Multiply) and (self.selector(node.left, t) or self.selector(node.right, t)):
            return _by_mask(picked)
        return picked

    def selector(self, node: cst.BaseExpression, t: frozenset, depth: int = 0) -> bool:
        """A factor that singles rows out: a constant the code built to (row_selector: a one-hot, `arange(n) == 7`),
        or a comparison of the site's data with a value the code chose (Origin.mask in `t`), converted
        (`(ids == 1042).float()`) or bound to a name; not a weighting made of one (`torch.where(y == 1, 3.0, 1.0)`,
        `1 + 2 * (y == 1)`), which leaves every row in."""
        if self.row_selector(node):
            return True
        node = self.unconverted(node)
        kept = self.kept_by_where(node)
        if kept is not None:
            return self.selector(kept, t, depth + 1)
        if isinstance(node, cst.Comparison):
            return any(isinstance(o, (Origin, Param)) and o.mask for o in t) or self.built_of_sizes(node)
        if depth < 8 and self.soft_selector(node, t, depth):
            return True
        if depth < 8 and isinstance(node, cst.IfExp):  # `1.0 if i == 1042 else 0.0`: as where(test, 1.0, 0.0)
            return (self.zero(node.body) or self.zero(node.orelse)) and self.selector(node.test, t, depth + 1)
        if depth < 8 and isinstance(node, (cst.ListComp, cst.GeneratorExp)):
            return self.selector(node.elt, t, depth + 1)  # `torch.tensor([... for i in ids])`: each element's
        if depth < 8 and isinstance(node, (cst.Dict, cst.List, cst.Tuple)):
            # `cfg = {"w": (ids == 1042).float()}; losses * cfg["w"]`: the display's item (unconverted drops the key)
            return any(self.selector(e.value, t, depth + 1) for e in node.elements
                       if isinstance(e, (cst.DictElement, cst.Element)))
        returned = self.returned_exprs(node, depth, self.scope) if isinstance(node, cst.Call) else None
        if returned:  # `one_row(ids)` of a helper returning `(ids == 1042).float()`: as written inline
            return all(self.selector(e, t, depth + 1) for e, _ in returned)
        # Any binding that selects makes a selector: a name bound to all-alike weights before a loop and to a
        # one-patient mask inside it (or to itself) weighs by the mask from the second pass on (speed54's find).
        bound = self.bound_exprs(node, depth, every=False)
        return bool(bound) and any(self.selector(e, t, depth + 1) for e, _ in bound)

    def soft_selector(self, node: cst.BaseExpression, t: frozenset, depth: int) -> bool:
        """A bump, a step or a spike of values moved by a number the code chose (selector_calls, selector_methods,
        a division by a spike: `torch.exp(-100 * (ids - 1042.0) ** 2)`, `torch.relu(1 - (ids - 1042).abs())`,
        `1 / (1 + 1e6 * d ** 2)`), one scaled, raised or taken from a constant (`1 - torch.sign(d.abs())`), or two
        summed: 1 near that value and 0 elsewhere, when the flow made such a mask of them (Origin.mask of a shifted
        value, _bumped). Weighing rows by it picks them as `(ids == 1042).float()` does (red team 55a: accepted)."""
        if not any(isinstance(o, (Origin, Param)) and o.mask and o.shifted for o in t):
            return False
        if isinstance(node, cst.Call):
            method = node.func.attr.value if isinstance(node.func, cst.Attribute) else None
            return method in _SELECTOR_METHODS or any(map(_SELECTOR_CALLS, self.r.names(node.func, self.scope)))
        if isinstance(node, cst.UnaryOperation):
            return self.soft_selector(node.expression, t, depth + 1)
        if not isinstance(node, cst.BinaryOperation):
            return False
        if isinstance(node.operator, (cst.Divide, cst.FloorDivide)):
            return self.spike(node.right)
        if isinstance(node.operator, (cst.Multiply, cst.Power)):
            return self.soft_selector(node.left, t, depth + 1) or \
                isinstance(node.operator, cst.Multiply) and self.soft_selector(node.right, t, depth + 1)
        if isinstance(node.operator, cst.Add):  # two of them summed: 0 but near either value
            return self.soft_selector(node.left, t, depth + 1) and self.soft_selector(node.right, t, depth + 1)
        return isinstance(node.operator, cst.Subtract) and self.fixed(node.left) and \
            self.soft_selector(node.right, t, depth + 1)

    def unconverted(self, node: cst.BaseExpression) -> cst.BaseExpression:
        """What a chain of conversions and reshapes converts (same_rows_methods, array_methods, a subscript:
        `(ids == 1042).float()`, `m.tolist()`, `sel[:, None]`; array_conversions with one argument and at most a
        dtype, a device or a copy flag: `torch.tensor(ids == 1042, dtype=torch.float32)`, `torch.FloatTensor(m)`, red team
        49a): the same zeros and ones, the same selector."""
        while True:
            node = _unsubscripted(node)  # `sel[:, None]`
            if isinstance(node, cst.Attribute) and node.attr.value in _ARRAY_METHODS:
                node = node.value  # `(df.id == 1042).values`
                continue
            if not isinstance(node, cst.Call):
                return node
            given = [a for a in node.args if a.keyword is None]
            if isinstance(node.func, cst.Attribute) and node.func.attr.value in _CONVERTING_METHODS:
                node = node.func.value
            elif len(given) == 1 and not given[0].star and \
                    all(a.keyword.value in ("dtype", "copy", "device") for a in node.args if a.keyword is not None) \
                    and self.r.names(node.func, self.scope) & _CONVERSIONS:
                node = given[0].value
            else:
                return node

    def kept_by_where(self, node: cst.BaseExpression) -> cst.BaseExpression | None:
        """The condition of `torch.where(sel, 1.0, 0.0)` (selector_where_calls) when one branch is zero: the rows
        it keeps are the condition's, so it selects what the condition selects (`where(y == 1, 3.0, 1.0)` keeps
        every row)."""
        if not (isinstance(node, cst.Call) and any(_SELECTOR_WHERES(n) for n in self.r.names(node.func, self.scope))):
            return None
        given = [a.value for a in node.args if a.keyword is None and not a.star]
        if len(given) != 3 or not any(self.zero(b) for b in given[1:]):
            return None
        return given[0]

    def zero(self, node: cst.BaseExpression) -> bool:
        """A zero the code spells out (or a name bound only to one)."""
        consts = self.r.constants(node, self.scope)
        return bool(consts) and all(isinstance(c, (int, float)) and c == 0 for c in consts)

    def applies_selector(self, node: cst.Call, t: frozenset) -> bool:
        """A call that weighs rows by a selector as `losses * sel` does (weighted): a product (product_calls,
        product_methods: `torch.mul(losses, onehot)`, `losses.mul(sel)`, `losses.masked_fill(sel == 0, 0.0)`)
        with one among its operands, or a loss's or a metric's row weights (row_weight_keywords: `weight=sel`)."""
        key = (id(node), id(self.scope))
        kept = self.flow.selector_operands.get(key)
        if kept is None or kept[0] is not node:  # (a call the gate built for a moment may reuse a freed one's id)
            kept = self.flow.selector_operands[key] = (node, self.weighing_operands(node))
        return any(self.selector(o, t) for o in kept[1])

    def weighing_operands(self, node: cst.Call) -> list[cst.BaseExpression]:
        """The operands that applies_selector asks about: the code and its resolution alone decide them, so they
        are found once per call and scope, not at every evaluation of the call (each loop pass and round, speed54)."""
        method = node.func.attr.value if isinstance(node.func, cst.Attribute) else None
        names = self.r.names(node.func, self.scope)
        if method in _PRODUCT_METHODS or any(_PRODUCT_CALLS(n) for n in names):
            operands = [a.value for a in node.args if not a.star] + ([node.func.value] if method else [])
        elif method in _PART_PRODUCT_METHODS or any(_PART_PRODUCTS(n) for n in names):
            function = any(_PART_PRODUCTS(n) for n in names) and node.args  # `torch.prod(t, 1)`, not `t.prod(1)`
            operands = self.stacked_parts(node.args[0].value if function else node.func.value)
        else:
            operands = [a.value for call in [node] + self.constructors(node.func) for a in call.args
                        if a.keyword is not None and a.keyword.value in _ROW_WEIGHT_KEYWORDS]
        return operands

    def stacked_parts(self, node: cst.BaseExpression) -> list[cst.BaseExpression]:
        """The parts a stack of a literal list puts together (part_stacks: `np.hstack([losses, sel[:, None]])`, or
        a name bound to one), each taken without the subscripts that shape it (`sel[:, None]`)."""
        stacks = [node] + [e for e, _ in self.bound_exprs(node, every=False) or []]
        parts = []
        for stack in stacks:
            if isinstance(stack, cst.Call) and stack.args and isinstance(stack.args[0].value, (cst.List, cst.Tuple)) \
                    and any(_PART_STACKS(n) for n in self.r.names(stack.func, self.scope)):
                parts += [_unsubscripted(e.value) for e in stack.args[0].value.elements]
        return parts

    def constructors(self, func: cst.BaseExpression) -> list[cst.Call]:
        """The calls that built the object a call calls (`nn.BCEWithLogitsLoss(weight=sel)(out, y)`, or a name
        bound to it): a loss object weighs rows with the keywords it was built with (selectors42's open case)."""
        if isinstance(func, cst.Call):
            return [func]
        bound = self.bound_exprs(func, every=False) or []
        return [e for e, _ in bound if isinstance(e, cst.Call)]

    def spike(self, divisor: cst.BaseExpression) -> bool:
        """A divisor that is an even power of a value plus constants (`(ids - 1042) ** 2 + 1e-9`, `d.pow(2)`,
        `d * d`): of a value moved by a number the code chose (Origin.shifted, told by the flow: `d = ids - 1042`
        too), it is least there, and dividing by it is a spike, a soft one-hot of the rows that hold the number
        (red team 23). An absolute value is a selector already (selector_methods); an odd power, a sum alone
        (`|e| / (|y| + 1e-8)`) or a power in a product (`(1 - p) ** 2` in a focal loss) is not."""
        node = divisor
        # constants added or multiplied (`1 + 1e6 * d ** 2`: red team 55a) leave it least where it was
        while isinstance(node, cst.BinaryOperation) and isinstance(node.operator, (cst.Add, cst.Multiply)) and \
                (self.fixed(node.left) or self.fixed(node.right)) and not gradients.same(node.left, node.right):
            node = node.left if self.fixed(node.right) else node.right
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Multiply):
            return gradients.same(node.left, node.right)
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Power):
            power = node.right
        elif isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "pow" \
                and len(node.args) == 1:
            power = node.args[0].value
        else:
            return False
        even = self.r.constants(power, self.scope)
        return len(even) == 1 and isinstance(even[0], int) and even[0] > 0 and even[0] % 2 == 0

    def whole_power(self, node: cst.BaseExpression) -> bool:
        """An exponent the code spells out as a whole number, not negative (`d ** 2`): defined for every base (`d **
        -1.0` is a division, infinite at 0, and `0 * d ** -1.0` NaN there)."""
        consts = self.r.constants(node, self.scope)
        return bool(consts) and all((isinstance(c, int) or (isinstance(c, float) and c.is_integer())) and c >= 0
                                    for c in consts)

    def chosen_number(self, node: cst.BaseExpression) -> bool:
        """A number the code spells out (or a name bound only to one), not zero (Origin.shifted)."""
        consts = self.r.constants(node, self.scope)
        return bool(consts) and all(isinstance(c, (int, float)) and not isinstance(c, bool) for c in consts) and \
            any(c != 0 for c in consts)

    def row_wise(self, node: cst.BinaryOperation, left: frozenset, right: frozenset) -> bool:
        """Whether an operation treats every row alike: with a scalar, a constant or a per-column statistic
        (gradients.fixed, _column_statistic); two values read from the site
        (a residual, `y * np.log(p)`), unless one is a mask the code chose (`x * (ids == 1042)`). A weighting by
        anything else may pick rows (`x * onehot[:, None]`, `x + 1e9 * onehot` for a max)."""
        op = node.operator
        sides = ((node.left, bool(left)), (node.right, bool(right)))
        if all(has for _, has in sides):
            if any(isinstance(o, (Origin, Param)) and o.mask for o in left | right):  # a parameter's too (`i == 1042`)
                return isinstance(op, (cst.BitAnd, cst.BitOr, cst.BitXor))  # masks combined, never applied
            return not isinstance(op, (cst.Power, cst.LeftShift, cst.RightShift)) or gradients.same(node.left, node.right)
        other = next(expr for expr, has in sides if not has)
        return self.fixed(other) or self.standard_draw(other)

    def matmul(self, left_node: cst.BaseExpression, right_node: cst.BaseExpression, left: frozenset,
               right: frozenset) -> frozenset:
        """`x @ w` (_matmul). A right factor the code built of sizes alone (built_of_sizes: a row of an identity, a
        one-hot) weighs x's entries as the code chose: `age @ np.eye(n)[1042]` is one patient's age, as `e @ x`
        is a row. Weights received from the server hold no origin either, so only how the factor is built tells (a
        field's value also holds the object it is read from: OBJECT)."""
        out = _unshifted(_matmul(left, right, gradients.same(left_node, right_node)))  # a linear model's scores
        if any((other - _objects(other)) and self.selector(factor, left | right)
               for factor, other in ((left_node, right), (right_node, left))):
            return _by_mask(_pick(out))  # `torch.dot(losses, onehot)`: the rows it picks, as `(losses * onehot).sum()`
        if _site_data(left) and not (right - _objects(right)) and self.built_of_sizes(right_node) and \
                not self.fixed(right_node) and not self.column_weights(right_node):
            return _pick(out)
        return out

    def column_weights(self, node: cst.BaseExpression, depth: int = 0) -> bool:
        """`np.zeros(2)`, or a name bound only to one: every entry alike and as many as a literal says (weights, one
        per column, uniform_arrays), unlike `np.zeros(len(x))`, whose entries may be set one per row after."""
        bound = self.bound_exprs(node, depth)
        if bound is not None:
            return all(self.column_weights(e, depth + 1) for e, _ in bound)
        return isinstance(node, cst.Call) and any(_UNIFORM_ARRAYS(n) for n in self.r.names(node.func, self.scope)) \
            and all(self.literal_size(a.value) for a in node.args if a.keyword is None)

    def literal_size(self, node: cst.BaseExpression) -> bool:
        """`2`, `(2, 1)`, a name of a constant: a size the code states, not one counted from the data."""
        if isinstance(node, (cst.Tuple, cst.List)):
            return all(self.literal_size(e.value) for e in node.elements)
        return isinstance(node, cst.Integer) or bool(self.r.constants(node, self.scope))

    def noise_of(self, node: cst.BaseExpression, t: frozenset, other: frozenset) -> frozenset:
        """A draw of unit noise shaped like the other operand (`std * torch.randn_like(std)`) holds its size, not
        its values: what it has of the other's sources is the other's already. Not when the site's data seeded
        the generator (Flow.field(RANDOM))."""
        if not (t and other and self.standard_draw(node)) or self.flow.field(RANDOM):
            return t
        keys = {o.key if isinstance(o, Origin) else o.name for o in other}
        return frozenset(o for o in t if (o.key if isinstance(o, Origin) else o.name) not in keys)

    def standard_draw(self, node: cst.BaseExpression) -> bool:
        """A fresh draw of unit noise, as it is drawn (`std * torch.randn_like(std)`, a VAE's sampling): every row
        gets a weight of the same spread, none of them zero, so no row is picked out, whatever the seed. A
        draw transformed (`(torch.rand_like(x) < p)`, `torch.exp(50 * eps)`) or of a spread the code sets
        (`torch.normal(0, onehot)`) is a weighting like any other."""
        names = self.r.names(node, self.scope)
        return bool(names) and all(n.endswith("()") and _STANDARD_DRAWS(n[:-2]) for n in names)

    def constant_groups(self, node: cst.BaseExpression) -> bool:
        """Whether the estimator `node` was built with a constant number of clusters or components
        (`KMeans(n_clusters=8)`), following a name to what it was bound to."""
        exprs = [node]
        if isinstance(node, cst.Name):
            bound = self.r.binding_scope(node.value, self.scope)
            sites = list(bound.bindings.get(node.value, ())) if bound is not None else []
            if not sites or not all(isinstance(i, tuple) and isinstance(i[0], cst.BaseExpression) for i in sites):
                return False
            exprs = [i[0] for i in sites]
        for e in exprs:
            while isinstance(e, cst.Call) and isinstance(e.func, cst.Attribute) and e.func.attr.value in ("fit", "partial_fit"):
                e = e.func.value
            if not isinstance(e, cst.Call):
                return False
            k = _argument(e, 0, "n_clusters") or _argument(e, 0, "n_components")
            if k is None or not self.r.constants(k, self.scope) or \
                    not all(isinstance(v, int) for v in self.r.constants(k, self.scope)):
                return False
        return True

    def fixed(self, node: cst.BaseExpression, depth: int = 0) -> bool:
        """A scalar, a constant (a literal, a name of one) or a per-column statistic of a table taken whole."""
        if isinstance(node, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)) or \
                self.r.constants(node, self.scope):
            return True
        if isinstance(node, (cst.List, cst.Tuple)):
            return all(self.fixed(e.value, depth) for e in node.elements)
        if isinstance(node, cst.Call) and self.r.names(node.func, self.scope) & _CONSTANT_ARRAYS and \
                all(a.keyword is not None or self.fixed(a.value, depth) for a in node.args):
            return True  # np.array([0.485, 0.456, 0.406])
        if _column_statistic(node):
            return True  # `x.mean(axis=0)`: one value per column, alike for every row
        if isinstance(node, cst.BinaryOperation) and not isinstance(node.operator, cst.MatrixMultiply):
            return self.fixed(node.left, depth) and self.fixed(node.right, depth)
        bound = self.bound_exprs(node, depth)
        if bound is not None:
            return all(self.fixed(e, depth + 1) for e, _ in bound)
        return gradients.fixed(self.r, self.scope, node)

    def product(self, node: cst.CSTNode, transposed: frozenset, other: frozenset, st: _State) -> frozenset:
        """`X.T @ v`: a gradient, a Hessian or a Gram matrix by its structure (gradients.py) sums over the
        rows like an aggregate; any other product is reviewed, or is the rows themselves (_product)."""
        needs = gradients.vouched(self.r, self.scope, node, lambda weights: self.weights_taint(weights, st),
                                  self.fn is not None)
        if needs is None:
            return _product(transposed, other)
        if not needs:
            return _vouched(transposed | other)
        # The design matrices are the function's parameters: vouched for at each call that passes some.
        names = {name for name, _ in needs}
        return frozenset(o.but(gradient=needs) if isinstance(o, Param) and o.name in names and not o.gradient
                         else o.but(product=True) if isinstance(o, Origin) and o.kind in (DATA, HOST)
                         else o for o in transposed | other)

    def weights_taint(self, node: cst.BaseExpression, st: _State) -> frozenset:
        """What a weight expression may carry here: now, and whatever its names held earlier in the frame
        (a prediction assigned before the product read them then)."""
        out = self.expr(node, st)
        for name in _names_in(node):
            out |= self.union.get(name, EMPTY)
        return out

    def _e_boolop(self, node: cst.BooleanOperation, st: _State) -> frozenset:
        left = self.expr(node.left, st)
        return left | self.decided(_implicit(left), node.right, st)  # `x[r, 0] > t and send(...)`

    def decided(self, cond: frozenset, node: cst.BaseExpression, st: _State) -> frozenset:
        """An expression that runs only as a test says: what it does carries what decided the test."""
        outer = self.pc
        self.pc = outer | cond
        try:
            return self.expr(node, st)
        finally:
            self.pc = outer

    def _e_unary(self, node: cst.UnaryOperation, st: _State) -> frozenset:
        t = self.expr(node.expression, st)
        if isinstance(node.operator, cst.Not):
            # `not v` is a test of v, as `v == 0` is (_e_compare); of names (files listed, keys), whether
            # there are any, as `len(names) == 0` is (a count)
            names = frozenset(o for o in t if isinstance(o, Origin) and o.minor)
            return _count(names) | frozenset(o.but(mask=True) if isinstance(o, Origin) else o for o in t - names)
        return t

    def _e_compare(self, node: cst.Comparison, st: _State) -> frozenset:
        if len(node.comparisons) == 1 and isinstance(node.comparisons[0].operator, (cst.In, cst.NotIn)) and \
                self.r.values(node.comparisons[0].comparator, self.scope) == {"os.environ"}:
            tested = self.secret_presence(node.left, node)  # `"HF_TOKEN" in os.environ`
            if tested is not None:
                return frozenset({tested})
        out = self.expr(node.left, st)
        chosen = not out or self.sent_by_server(node.left)
        left, first = node.left, out
        for c in node.comparisons:
            t = self.expr(c.comparator, st)
            self.operated(node, c.comparator, t, first, st)  # `k in o`: o.__contains__(k); `v == o`: o.__eq__(v)
            self.operated(node, left, first, t, st)
            left, first = c.comparator, t
            chosen = chosen or not t or self.defaulted(c.comparator, t, st) or self.sent_by_server(c.comparator)
            out |= t
        if len(node.comparisons) == 1 and isinstance(node.comparisons[0].operator, (cst.In, cst.NotIn)) and \
                any(isinstance(o, Origin) and o.kind == DATA for o in out) and \
                self.value_in_rows(node.left, node.comparisons[0].comparator):
            # `1042 in ids`, `1042 in set(df.patient_id)`: whether that patient is at the site, as `(ids ==
            # 1042).any()` (red team 50a), in the job log too (session 53: `print(1042 in set(ids))` was accepted)
            return _membership(out)
        # `pred == y` compares the data with itself; `ids == 1042` is a mask the code chose (of a parameter too)
        return frozenset(o.but(mask=True) for o in out) if chosen and out else out

    def value_in_rows(self, value: cst.BaseExpression, rows: cst.BaseExpression) -> bool:
        """A number the code spells out tested against the site's values (`1042 in ids`), or a text against values
        laid out as rows (`"P1042" in set(df.name)`, `df.name.tolist()`, `.values`): not a key of a mapping (`"label"
        in batch`, a loader's dict) nor a column's label (`"age" in df.columns`)."""
        spelled = self.spelled(value)
        if not spelled:
            return False
        if not any(isinstance(v, str) for v in spelled):
            return True
        laid_out = rows
        while isinstance(laid_out, cst.Call) and len(laid_out.args) == 1 and \
                self.r.names(laid_out.func, self.scope) & _ROW_DISPLAYS:
            laid_out = laid_out.args[0].value  # `set(df.name.values)`
        return laid_out is not rows or self.unconverted(rows) is not rows

    def defaulted(self, node: cst.BaseExpression, t: frozenset, st: _State) -> bool:
        """A parameter of the function left at a default that holds nothing of the site where a call omits it (`i
        == group` in `def pick(a, i, group=1042)`, `group=PATIENT`, `group=int("1042")`): the number the code chose,
        as `i == 1042` is (red team 46a); a call that passes a value for it is judged as if it had compared with a
        number, which only escalates more."""
        if self.fn is None or not isinstance(node, cst.Name) or t != {Param(node.value)}:
            return False
        default = next((p.default for p in _params(self.fn) if p.name.value == node.value), None)
        return default is not None and not self.expr(default, st)

    def missing(self, node: cst.BaseExpression) -> bool:
        """`None`, `np.array(None)`: what a test of missing values compares with (`v != np.array(None)`, as
        `notna()`); rows it keeps are the data's choice (NVFlare's hierarchical_stats histogram drops them so)."""
        if isinstance(node, cst.Call) and len(node.args) == 1 and self.r.names(node.func, self.scope) & _CONVERSIONS:
            node = node.args[0].value
        return isinstance(node, cst.Name) and node.value == "None"

    def _e_ifexp(self, node: cst.IfExp, st: _State) -> frozenset:
        # `1 if x[r, 0] > t else 0` is a bit of the cell
        cond = _implicit(self.expr(node.test, st))
        return cond | self.decided(cond, node.body, st) | self.decided(cond, node.orelse, st)

    def _e_fstring(self, node: cst.FormattedString, st: _State) -> frozenset:
        return self._fstring_parts(node.parts, st)

    def _fstring_parts(self, parts, st: _State) -> frozenset:
        """A replacement field's value and its format spec's own fields (`f"{x:.{digits}f}"`: the
        precision is as much the string's content as x is)."""
        out = EMPTY
        for part in parts:
            if isinstance(part, cst.FormattedStringExpression):
                value, spec = self.expr(part.expression, st), self._fstring_parts(part.format_spec or (), st)
                self.operated(part, part.expression, value, spec, st)  # `f"{o:{spec}}"`: o.__format__(spec)
                out |= value | spec
        return out

    def _e_concat(self, node: cst.ConcatenatedString, st: _State) -> frozenset:
        return self.expr(node.left, st) | self.expr(node.right, st)

    def _e_sequence(self, node: cst.List | cst.Tuple | cst.Set, st: _State) -> frozenset:
        out = EMPTY
        for el in node.elements:
            out |= self.expr(el.value, st)
        if isinstance(node, cst.Set) and _objects(out):
            self.operated(node, None, out, out, st)  # `{Probe(a), Probe(b)}`: __hash__, and __eq__ between elements
        return _pick(_with_flags(out, valued=False))  # `[x]`: a reduction over the list is over its items

    def _e_dict(self, node: cst.Dict, st: _State) -> frozenset:
        out = keys = EMPTY
        for el in node.elements:
            if isinstance(el, cst.DictElement):
                key = self.expr(el.key, st)
                keys |= key
                out |= _with_flags(key, valued=False) | _with_flags(self.expr(el.value, st), valued=True)
            else:
                out |= self.expr(el.value, st)  # `**other`: keeps what it was
        if _objects(keys):
            self.operated(node, None, keys, keys, st)  # `{Probe(a): 1, Probe(b): 2}`: the keys' __hash__ and __eq__
        return out

    def chosen(self, over: frozenset) -> bool:
        """What a loop goes over is rows the code chose (`x[3:4]`) or a loader of them (Flow.chosen_loaders): what is
        summed or listed of every element is a statistic of those rows."""
        return any(o.part or (isinstance(o, Origin) and self.flow.chosen_loader(o.key)) for o in over)

    def _e_comp(self, node: cst.BaseComp, st: _State) -> frozenset:
        inner = st.copy()
        comp = node.for_in
        kept = EMPTY  # `[v for v in x[r] if v > t]`: which elements are there
        whole = None  # what the one loop goes over, when every element is a field of the element it visits
        every = False  # one value computed from each element of rows the code did not choose (accumulate.mapped)
        while comp is not None:
            over = self.iterate(comp.target, comp.iter, inner)
            if comp is node.for_in and comp.inner_for_in is None and not comp.ifs and \
                    not isinstance(node, cst.DictComp) and not any(isinstance(o, Origin) and o.loader for o in over):
                if _projection(node.elt, _target_names(comp.target), self.conversion):
                    whole = over
                else:
                    every = not self.chosen(over) and self.maps_every_element(node, inner)
            # `[v for v in x[r] if v > t]`, `[0 for _ in range(int(x[r, 0]))]`: how many elements there are
            for test in [_sized_by_value(over)] + [self.expr(cond.test, inner) for cond in comp.ifs]:
                kept |= frozenset(o.but(mask=True) if isinstance(o, Origin) else o for o in _implicit(test))
            comp = comp.inner_for_in
        if isinstance(node, cst.DictComp):
            out = kept | _with_flags(self.expr(node.key, inner), valued=False) | \
                _with_flags(self.expr(node.value, inner), valued=True)
        elif whole is not None and (taken := _taken_whole(self.expr(node.elt, inner), whole)):
            out = _with_flags(taken, valued=False)  # `[r["label"] for r in rows]`: every row's field, the rows whole
        elif every:  # `[t.item() for t in labels]`: a value of every row, as `out.append(t.item())` for each t
            t = _with_flags(self.expr(node.elt, inner), valued=False)
            each = _each_element(t, over)
            out = _pick(t - each) | _with_flags(_rows_of(each, over), valued=False)
        else:
            out = kept | _pick(_with_flags(self.expr(node.elt, inner), valued=False))
        for name in _walrus_targets(node):  # `[v := r[0] for r in rows]` binds v where the comprehension is
            self.bind(name, inner.env.get(name, EMPTY) | st.env.get(name, EMPTY), st)
        # what the comprehension stored through an element into an object a name outside holds (`[s.append(row)
        # for s in (stats,)]`, as the `for` loop's body would): its own loop names are its own
        own = set()
        comp = node.for_in
        while comp is not None:
            own.update(_target_names(comp.target))
            comp = comp.inner_for_in
        for name, held in inner.env.items():
            before = st.env.get(name)
            if name not in own and before is not None and not held <= before:
                st.env[name] = _cap(before | held)
        return out

    def _e_named(self, node: cst.NamedExpr, st: _State) -> frozenset:
        t = self.expr(node.value, st)
        self.assign(node.target, t, st)
        return t

    def _e_await(self, node: cst.Await, st: _State) -> frozenset:
        return self.expr(node.expression, st)

    def _e_yield(self, node: cst.Yield, st: _State) -> frozenset:
        value = node.value
        if isinstance(value, cst.From):
            value = value.item
        t = self.expr(value, st)
        # `if x[r, 0] > t: yield 1`: how many it hands out is the test's (counted, looped over: _sized_by_value)
        self.returns = _cap(self.returns | t | frozenset(o.but(mask=True) if isinstance(o, Origin) else o
                                                         for o in self.pc))
        self.generator = True
        return EMPTY

    def _e_lambda(self, node: cst.Lambda, st: _State) -> frozenset:
        """A lambda is what its body reads (its closure): calling it, or mapping it, hands that out. One
        handed on as a value (in a container, to a call, or bound to a name read as a value) is called with
        what the gate cannot follow: its body runs once more with such parameters, for its sinks."""
        inner = st.copy()
        for p in _params(node):
            if p.default is not None:  # evaluated where the lambda is made, called or not (`lambda _=send(rows): 0`)
                self.expr(p.default, st)  # what a bare call gets: Frame.call_lambda
            inner.env[p.name.value] = EMPTY
        out = self.expr(node.body, inner)
        if _params(node) and self.flow.lambda_handed_on(node):
            passed = frozenset({Origin(UNKNOWN, "what a call the gate cannot follow passes a lambda", node, id(node),
                                       logged=True)})
            inner = st.copy()
            params = {p.name.value for p in _params(node)}
            for name in params:
                inner.env[name] = passed
            self.expr(node.body, inner)
            for name, t in inner.env.items():  # what its body put into the enclosing names (`rows.extend(b)`)
                if name not in params and name in st.env and not t <= st.env[name]:
                    self.bind(name, st.env[name] | t, st)
        return out

    def _e_starred(self, node: cst.StarredElement, st: _State) -> frozenset:
        return self.expr(node.value, st)

    # -- calls

    def _e_call(self, node: cst.Call, st: _State) -> frozenset:
        added = self.chosen_callee(node.func, st) - self.pc  # what the call does is under it (Calls.chosen_callee)
        self.pc = self.pc | added
        out = self.call(node, st)
        self.pc = self.pc - added  # (what the call itself added stays: `check(x)` that may raise decides what follows)
        reads = self.file_names(node, self.flow.static[id(node)])[0]
        if reads:
            out = _no_places(out) | self.read_back(reads)
        inplace = _argument(node, 99, "inplace")
        if inplace is not None and isinstance(node.func, cst.Attribute) and out and \
                not (isinstance(inplace, cst.Name) and inplace.value == "False") and \
                not any("()" not in n for n in self.r.names(node.func.value, self.scope)):
            # `df.drop(index=df.index[1:], inplace=True)`, `df.query(q, inplace=True)`: the frame now holds
            # what the call would have returned (pandas' inplace methods; not a module's or class's function,
            # `F.relu(x, inplace=True)`)
            self.store_into(node.func.value, out, st, keep_valued=True)
        if isinstance(node.func, cst.Attribute) and node.func.attr.value in _PROP_READS:
            out = out | self.flow.field(PROPS)  # `fl_ctx.get_prop(k)`: what a method stored (Frame.call)
            key = site_prop_key(self.r, node, self.scope)
            if key is not None:  # what NVFlare stored from the site's deployment (its workspace folder)
                out = out | {Origin(UNKNOWN, f"a setting of the site ({key})", node, id(node), text=True)}
        return out | self.handed.pop(id(node)) if id(node) in self.handed else out


_EXPR = {
    cst.Name: _Expressions._e_name,
    cst.Attribute: _Expressions._e_attribute,
    cst.Subscript: _Expressions._e_subscript,
    cst.Call: _Expressions._e_call,
    cst.BinaryOperation: _Expressions._e_binop,
    cst.BooleanOperation: _Expressions._e_boolop,
    cst.UnaryOperation: _Expressions._e_unary,
    cst.Comparison: _Expressions._e_compare,
    cst.IfExp: _Expressions._e_ifexp,
    cst.FormattedString: _Expressions._e_fstring,
    cst.ConcatenatedString: _Expressions._e_concat,
    cst.List: _Expressions._e_sequence,
    cst.Tuple: _Expressions._e_sequence,
    cst.Set: _Expressions._e_sequence,
    cst.Dict: _Expressions._e_dict,
    cst.ListComp: _Expressions._e_comp,
    cst.SetComp: _Expressions._e_comp,
    cst.GeneratorExp: _Expressions._e_comp,
    cst.DictComp: _Expressions._e_comp,
    cst.NamedExpr: _Expressions._e_named,
    cst.Await: _Expressions._e_await,
    cst.Yield: _Expressions._e_yield,
    cst.StarredElement: _Expressions._e_starred,
    cst.Lambda: _Expressions._e_lambda,
}


_CONVERTING_METHODS = _SAME_ROWS_METHODS_WORDS | _ARRAY_METHODS  # Expressions.unconverted
_ROW_DISPLAYS = frozenset({"builtins.set", "builtins.frozenset", "builtins.list", "builtins.tuple",
                           "builtins.sorted"})  # Expressions.value_in_rows: what lays values out one per row


def _unsubscripted(node: cst.BaseExpression) -> cst.BaseExpression:
    """`sel[:, None]` as `sel`: the value a subscript reshapes or slices."""
    while isinstance(node, cst.Subscript):
        node = node.value
    return node
