"""The methods the interpreter runs on its own on an object of the job's class.

`len(o)`, `str(o)`, `f"{o}"`, `o + 1`, `o.missing` (`__getattr__`), `with o as v` (`__enter__`), `o()`,
`C[k]` (`__class_getitem__`), `model(x)` (`forward`, which torch.nn.Module's `__call__` runs), a
descriptor's `__get__`, a metaclass's `__call__` or `__getattr__`: each runs a method of the job's class
whose name the author did not have to write at the call. The flow cannot tell
which operation reaches which method, so an object of such a class (and the class itself) hands out what
any of these methods returns (engine.Frame.protocol_values): a positive rule, nothing in the job's code
names the operation safe. Methods whose result the interpreter discards are left out."""

from __future__ import annotations

import re
import weakref

import libcst as cst

from ..resolve import FuncRef, children

# the interpreter drops what these return (`__exit__`: only its truth, whether an exception is suppressed)
_RESULT_UNUSED = frozenset({
    "__init__", "__del__", "__setattr__", "__delattr__", "__setitem__", "__delitem__", "__set__", "__delete__",
    "__set_name__", "__init_subclass__", "__post_init__", "__exit__", "__aexit__",
})
# a dataset class is the site's data already (engine.Flow.is_dataset_class): its items and iteration are its rows
_DATASET_ITEMS = frozenset({"__getitem__", "__getitems__", "__iter__", "__next__"})


# what a library base class's __call__ runs: torch.nn.Module's `forward`, a Keras model's or layer's `call`
_RUN_BY_LIBRARY_CALL = frozenset({"forward", "call"})
# what a library runs on its own and hands on: torch.nn.Module.state_dict() puts what `get_extra_state` returns
# under `<prefix>_extra_state` (torch/nn/modules/module.py `_save_to_state_dict`) (red team 35b)
EXTRA_STATE = frozenset({"get_extra_state"})
# what creating a class runs with the class statement's keywords (`class C(Base, rows=x)`): the bases'
# `__init_subclass__`, the metaclass's `__new__`, `__init__` (red team 35b)
CREATION = frozenset({"__init_subclass__", "__new__", "__init__"})


def implicit(name: str) -> bool:
    """Whether the interpreter (or a library base class's `__call__`: `model(x)` runs `forward`) may call a
    method of this name on its own and use its result."""
    if name in _RUN_BY_LIBRARY_CALL or name in EXTRA_STATE:
        return True
    return len(name) > 4 and name.startswith("__") and name.endswith("__") and name not in _RESULT_UNUSED


# what calling an object runs with the call's arguments: its `__call__`, a library base class's `forward`/`call`
CALLED = frozenset({"__call__", *_RUN_BY_LIBRARY_CALL})


# torch.nn.Module's hook registrations (torch/nn/modules/module.py): what a hook returns replaces a call's
# arguments or its result, whatever forward computed
_OUTPUT_HOOKS = frozenset({"register_forward_hook", "register_forward_pre_hook", "register_module_forward_hook",
                           "register_module_forward_pre_hook"})
# torch.nn.Module's hook registrations whose hook is handed the module and its input, output or gradients
# (torch/nn/modules/module.py `_call_impl`): what the hook writes into the module from them is the site's data
MODULE_HOOKS = _OUTPUT_HOOKS | {"register_full_backward_hook", "register_full_backward_pre_hook", "register_backward_hook"}


class _CalledStores(cst.CSTVisitor):
    """Finds a binding of what calling an object runs: a store into such an attribute, a keyword or literal key
    of that name (`head.__dict__.update(forward=f)`), or a torch hook that replaces a call's input or output."""

    def __init__(self):
        self.found = False

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        attr = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else ""
        self.found = self.found or attr in _OUTPUT_HOOKS or any(
            a.keyword is not None and a.keyword.value in CALLED for a in node.args)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        # in a class body, methods() follows a def, a lambda and an alias of a def of the body; any other binding
        # (`forward = pick` of a module function, staticmethod(...), partialmethod(...), a tuple target) is not
        body = node.body.body if isinstance(node.body, cst.IndentedBlock) else ()
        defs = {s.name.value for s in body if isinstance(s, cst.FunctionDef)}
        for line in body:
            for small in line.body if isinstance(line, cst.SimpleStatementLine) else ():
                targets = [t.target for t in small.targets] if isinstance(small, cst.Assign) else \
                    [small.target] if isinstance(small, cst.AnnAssign) else []
                followed = isinstance(small, cst.Assign) and len(targets) == 1 and isinstance(targets[0], cst.Name) \
                    and (isinstance(small.value, cst.Lambda) or (isinstance(small.value, cst.Name)
                                                                and small.value.value in defs))
                self.found = self.found or (not followed and any(
                    isinstance(n, cst.Name) and n.value in CALLED for t in targets for n in _names(t)))

    def visit_DictElement(self, node: cst.DictElement) -> None:
        self.found = self.found or (isinstance(node.key, cst.SimpleString) and
                                    node.key.evaluated_value in CALLED)

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        self._target(node.target)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._target(node.target)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._target(node.target)

    def _target(self, target: cst.BaseExpression) -> None:
        self.found = self.found or (isinstance(target, cst.Attribute) and target.attr.value in CALLED)


class _Hooks(dict):
    """`_HOOKS[cls]`: _CalledStores' own visit_<cls> hook, or None (the visitor defines no leave or field hooks:
    tests/test_flow_protocol_walk.py)."""

    def __missing__(self, cls: type):
        self[cls] = hook = vars(_CalledStores).get("visit_" + cls.__name__)
        return hook


_HOOKS = _Hooks()


def _names(target: cst.BaseExpression) -> list:
    """The names a target binds, through tuples and lists."""
    if isinstance(target, (cst.Tuple, cst.List)):
        return [n for e in target.elements for n in _names(e.value)]
    return [target]


def rebinds_called(module: cst.Module) -> bool:
    """Whether the module stores into an attribute that calling an object runs (`Head.forward = pick`,
    `head.forward = lambda x: ...`, `self.__call__ = f`): the class body's method is then not provably what
    `head(x)` runs, and the gate does not follow which binding wins at run time."""
    stores = _CalledStores()
    # The visitor's visit_<Node> hooks on every code-bearing node (resolve.children), as module.visit would
    # call them: libcst's own traversal calls a visit and a leave hook per node and per field, and this
    # once-a-module walk cost 4% of the stdlib subset's scan. The hooks only OR into `found`: order and an
    # early stop do not change it.
    stack: list[cst.CSTNode] = [module]
    while stack and not stores.found:
        node = stack.pop()
        hook = _HOOKS[node.__class__]
        if hook is None or hook(stores, node) is not False:
            stack.extend(children(node))
    return stores.found


# Each class's answer, per Flow of its module: a chain of n classes defined one after another asks about
# each of them (engine.Frame.class_body), and each walked the whole chain again (n^2 walks: 2,000 classes
# ran past the time limit).
_KEPT: "weakref.WeakKeyDictionary[object, dict]" = weakref.WeakKeyDictionary()


def methods(flow, cls: cst.ClassDef, flow_for=None,
            only: frozenset | None = None) -> list[tuple[cst.FunctionDef | cst.Lambda, object]]:
    """(method or lambda, the Flow of its module) for the implicit methods of a class of the flow's module, of its bases
    and of its metaclass in the job (`only`: the methods bound under these names instead), each once, in the order of a walk
    of the bases (a hierarchy of diamonds has 2^depth paths to its root: each class's answer is kept)."""
    return _methods(flow, cls, flow_for, only, set())[0]


def _methods(flow, cls: cst.ClassDef, flow_for, only: frozenset | None, walking: set) -> tuple[list, bool]:
    """methods(), and whether the answer is whole: a cycle of names (a base bound to a subclass of it) is cut
    where it meets a class being walked, and an answer that met one is not kept."""
    kept = _KEPT.setdefault(flow, {})
    key = (id(cls), flow_for, only)
    if key in kept:
        return kept[key], True
    if key in walking:
        return [], False
    walking.add(key)
    # a metaclass's `__getitem__` serves `C[k]` of its classes, no dataset's rows (red team 47a)
    dataset = flow.is_dataset_class(cls.name.value) and "builtins.type" not in flow.bases(cls)
    body = cls.body.body if isinstance(cls.body, cst.IndentedBlock) else ()
    defs = {s.name.value: s for s in body if isinstance(s, cst.FunctionDef)}
    # `forward = fwd`, `__len__ = size`, `forward = lambda self, x: ...`: a method bound under an implicit name
    named = [*defs.items(), *((t.target.value, a.value if isinstance(a.value, cst.Lambda) else defs[a.value.value])
                              for line in body if isinstance(line, cst.SimpleStatementLine) for a in line.body
                              if isinstance(a, cst.Assign) and (isinstance(a.value, cst.Lambda) or
                                                                (isinstance(a.value, cst.Name) and a.value.value in defs))
                              for t in a.targets if isinstance(t.target, cst.Name))]
    out = [(fn, flow) for name, fn in named if (
        takes_operand(fn) if only is OPERANDS else name in only if only is not None else
        implicit(name) and not (dataset and name in _DATASET_ITEMS))]
    scope = flow._class_scope.get(id(cls))
    outer = scope.parent if scope is not None else flow.r.root
    related = [*cls.bases, *(k for k in cls.keywords if k.keyword is not None and k.keyword.value == "metaclass")]
    whole = True
    for arg in related:
        found, complete = _of_classes(flow, flow.r.names(arg.value, outer), flow_for, only, walking)
        out += found
        whole &= complete
    walking.discard(key)
    out = list({(id(fn), id(home)): (fn, home) for fn, home in out}.values())
    if whole:
        kept[key] = out
    return out, whole


# `only=OPERANDS` (a marker, compared by identity): the methods an operation hands an operand (takes_operand), a
# dataset's __getitem__ too
OPERANDS = frozenset({"<operands>"})
# the interpreter runs these with a call's or a class statement's arguments, not with an operation's operand
_NOT_OPERATORS = CALLED | CREATION | {"__del__", "__post_init__", "__set_name__"}


# what a library may run on an object of the job's it is handed, besides its operand methods: call it
# (`collate_fn=Collate()`, `key=obj`), or name it as a class attribute (`type("K", (), {"f": Field()})`)
LIBRARY_RUN = frozenset({"__call__", "__set_name__"})
# what copying an object runs for how to rebuild it (copy._reconstruct calls the callable it returns: names.py
# _RECONSTRUCTING_CALLS)
REDUCE = frozenset({"__reduce__", "__reduce_ex__"})


def takes_operand(fn: cst.FunctionDef | cst.Lambda) -> bool:
    """Whether a method of the data model is handed an operand by the operation that runs it (`k in o`,
    `o[k]`, `C[k]`, `o + v`, `o == v`), rather than a call's arguments (`o(x)`: CALLED, applied at each call)."""
    if not isinstance(fn, cst.FunctionDef):
        return False
    if any(isinstance(d.decorator, cst.Attribute) and d.decorator.attr.value == "setter" for d in fn.decorators):
        return True  # `@f.setter`: `o.f = v` hands it v (red team 46d)
    name = fn.name.value
    return len(name) > 4 and name.startswith("__") and name.endswith("__") and name not in _NOT_OPERATORS and \
        (len([*fn.params.posonly_params, *fn.params.params]) > 1 or fn.params.star_arg is not None)


def of_classes(flow, names, flow_for=None, only: frozenset | None = None) -> list[tuple[cst.FunctionDef, object]]:
    """The implicit methods of the job's classes among resolved names (`<class>.C`, not its instances): of
    the flow's module, or of another module of the job (`flow_for(resolver)` gives its Flow)."""
    return _of_classes(flow, names, flow_for, only, set())[0]


def _of_classes(flow, names, flow_for, only: frozenset | None, walking: set) -> tuple[list, bool]:
    out, whole = [], True
    for n in dict.fromkeys(names):
        if not n.startswith("<class>."):
            continue
        if n in flow.r.class_scopes:
            homes = [flow]
        elif flow.r.program is not None and flow_for is not None:
            homes = [flow_for(r) for r in flow.r.program.defining(n, flow.r.path)]
        else:
            homes = []
        for home in homes:
            for body in home.r.class_scopes.get(n, ()):
                if isinstance(body.node, cst.ClassDef):
                    found, complete = _methods(home, body.node, flow_for, only, walking)
                    out += found
                    whole &= complete
    return list({(id(fn), id(home)): (fn, home) for fn, home in out}.values()), whole


# ---- objects no name ties to a class -------------------------------------------------------------------------

# builtins that look at an object without keeping or calling it (`super(Net, self)`, `isinstance(m, Probe)`)
INSPECTING = frozenset({"builtins.isinstance", "builtins.issubclass", "builtins.super", "builtins.hasattr",
                         "builtins.callable", "builtins.id"})
_CLASS_OR_OBJECT = re.compile(r"<class>\.[^.()]+(?:\(\))?")  # `<class>.Probe`, `<class>.Probe()`


def escaped(flow, flow_for=None) -> list[tuple[cst.FunctionDef | cst.Lambda, object]]:
    """What calling an object runs (CALLED) for the job's classes that the module hands where the resolver does
    not follow them: a class or an object of it as an argument (`nn.Sequential(Head(), Probe())`,
    `run(probe, x)`, `copy.deepcopy(p)`), an item of a container (`[Head(), Probe()]`, `{"b": Probe}`), a
    field (`self.p = Probe()`), a receiver (`Probe().to(dev)`), a decorated class (a registry). Such an
    object may be what a loop over a ModuleList, a library container or a parameter calls, where no name says
    which class it is; the names it is bound to (`head = Probe()`) and the calls of it are followed instead."""
    r = flow.r
    funcs = {id(u.node.func) for u in r.calls}
    inspected = {id(a.value) for u in r.calls if r.names(u.node.func, u.scope) & INSPECTING for a in u.node.args}
    classes = {name for name, bodies in r.class_scopes.items()
               if any(isinstance(b.node, cst.ClassDef) and b.node.decorators for b in bodies)}
    for use in (*r.calls, *r.loads):
        key = id(use.node)
        if key in r.followed or key in funcs or key in inspected:
            continue
        classes |= {v.removesuffix("()") for v in r.values(use.node, use.scope)
                    if isinstance(v, str) and _CLASS_OR_OBJECT.fullmatch(v)}
    return of_classes(flow, sorted(classes), flow_for=flow_for, only=CALLED)


def handed_functions(flow) -> list[cst.FunctionDef | cst.Lambda]:
    """The module's functions and lambdas that it reads as values rather than calls (`{"run": run}`,
    `map(step, xs)`, `key=lambda t: ...`): what an object no name ties to a class may also be where it is called
    (`fn(x)` in a loop over a dict's values), as the job's classes it hands on (escaped) may."""
    r = flow.r
    funcs = {id(u.node.func) for u in r.calls}
    found: dict[int, cst.FunctionDef | cst.Lambda] = {}
    for use in r.loads:
        if id(use.node) not in funcs:
            for v in r.values(use.node, use.scope):
                if isinstance(v, FuncRef) and isinstance(v.node, cst.FunctionDef) and id(v.node) in r.scope_of:
                    found.setdefault(id(v.node), v.node)
    lambdas = [s.node for s in r.scope_of.values() if isinstance(s.node, cst.Lambda) and flow.lambda_handed_on(s.node)]
    return [*found.values(), *lambdas]  # in the order the resolver met them: the same every run


def decorated(flow, fn: cst.FunctionDef | cst.Lambda, preserving) -> bool:
    """Whether a method carries a decorator other than a library one that keeps its body's computation
    (`preserving`, model.yaml's preserving_decorators): what the decorator returns runs in its place."""
    if not isinstance(fn, cst.FunctionDef) or not fn.decorators:
        return False
    scope = flow.r.scope_of[id(fn)].parent
    for d in fn.decorators:
        names = flow.r.names(d.decorator, scope)
        if not names or not all(preserving(n) for n in names):
            return True
    return False
