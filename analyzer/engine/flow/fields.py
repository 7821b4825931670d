"""What `self.net` may be in a method, when the class stores it from its constructor's parameter.

`self.net = net` in `__init__` makes the field what the job's constructions of the class pass for `net`, as a
parameter of a function is what its callers pass (Flow.passed): calling it (`self.net(images)`) runs the
__call__/forward of the job's classes and the functions those constructions pass. The resolver does not
type a field, so before this the call was of an object no name ties to a class, which may also be any function the
module hands on (a Flower client_fn), and a metric computed with it was reviewed (session 44, fp44).

The job's author reads this, so the field is trusted only when nothing else can put a value there:
- the method reading it is only ever called on an instance, and no instance of the class or of the job's classes
  derived from it can hold a parameter or a library's attribute by that name (plain.py `plain_field`);
- the one store of that attribute name on any object in the job (`obj.net = v`, `del obj.net`, a class body's `net
  = ...` or `def net`) is `self.net = net` in the class's own `__init__`, whose parameter is never rebound and has
  no default but a constant, and `__init__` itself is only run by constructions (plain.py `_called_on_instances`);
- no module reaches an object's attributes by a computed name (`setattr`, `__dict__`, `vars`, `__setattr__`,
  `__setstate__`, `__class__`, `__new__`), calls `type(obj)` to build another, has a subclass of the class, or
  hands the class on as a value; and every construction passes for the parameter a value the resolver names (not
  `*args`, not `FUNCS[k]`): otherwise the field is read as before, an object no name ties to a class.
"""

from __future__ import annotations

import libcst as cst

from ..resolve import FuncRef, Iterated, Resolver, Scope, children, descendants
from . import gradients
from .names import DATA, _RETURN_SINK_METHODS, _UPDATE_RETURNS
from .plain import _called_on_instances, plain_field
from .syntax import _params
from .values import Origin, Param

# Ways to store an attribute, or to build an object, that no store or call by the class's name shows.
MAX_DEPTH = 8  # names and calls followed from what a construction passes (_wraps_function)
_CONSTRUCTORS = ("__new__", "metaclass", "__class__")  # what may make `C(...)` return what is no C
_REACHES = ("setattr", "__setattr__", "__dict__", "vars", "__setstate__", "__class__", "__new__", "__replace__")


def constructor_parameter(r: Resolver, fn: cst.FunctionDef, scope: Scope, cls: cst.ClassDef,
                          attr: str) -> tuple[Scope, str] | None:
    """(the body of `__init__`, its parameter) that `self.attr` read in method `fn` (its `scope`) of class `cls`
    can only hold, or None."""
    qname = "<class>." + cls.name.value
    if not plain_field(r, fn, scope, qname, attr):
        return None
    homes = [r, *(r.program.mentioning(attr, r.path) if r.program is not None else ())]
    if _named(r, _REACHES):
        return None
    stores = [s for home in homes for s in _stores(home, attr)]
    if len(stores) != 1 or cls.decorators:
        return None
    store, where = stores[0]
    init = where.node
    if not (store is not None and isinstance(init, cst.FunctionDef) and init.name.value == "__init__" and
            where.parent is not None and where.parent.node is cls and isinstance(store.value, cst.Name) and
            isinstance(store.targets[0].target.value, cst.Name) and store.targets[0].target.value.value == "self"):
        return None
    name = store.value.value
    params = {p.name.value: p for p in (*init.params.posonly_params, *init.params.params, *init.params.kwonly_params)}
    param = params.get(name)
    if param is None or len(where.bindings.get(name, ())) != 1 or not _called_on_instances(r, init, where) or \
            (param.default is not None and not _constant(param.default)):
        return None
    named = [r, *(r.program.mentioning(cls.name.value, r.path) if r.program is not None else ())]
    if r._subclasses(qname) != [] or any(_builds_by_type(home) for home in named) or handed_class(r, qname):
        return None  # a subclass built, or the class handed on, runs this __init__ where no call of its name shows it
    from ..detectors.paths import PathFolder  # the detectors import this package

    for folder, value, at in PathFolder.of(r).arguments_passed(name, where):
        if value is None or not (folder.r.names(value, at) or folder.r.values(value, at)):
            return None  # `C(*args)`, `C(FUNCS[k])`: what no name ties to a class or function (as any call of it)
        if _wraps_function(folder.r, value, at, 0, set()):
            return None  # `C(partial(probe))`: a library object that may run the job's function when called
    return where, name


def _named(r: Resolver, words: tuple[str, ...]) -> bool:
    """Whether a module of the job names one of `words` (in its text, anywhere)."""
    return any(r.program.holds(r.path, w) or r.program.mentioning(w, r.path) if r.program is not None else
               w in r.module.code for w in words)


def only_constructed(r: Resolver, value: cst.BaseExpression, scope: Scope) -> bool:
    """Whether `value` can only be an object of the job's classes: a construction `C(...)` of one, a choice between
    such (`A() if c else B()`), or a name every binding of which is one (gradients.assignments: not a parameter, a
    loop's item, an unpacking, an import, a `global` rebound elsewhere, nor written into), in a job where no
    `__new__` or metaclass makes `C(...)` return something else. A method of the job's class then runs on it, not a
    library's or a table's method of that name (`h = Helper() if c else pd.read_csv(p); h.head()` is the site's
    rows)."""
    if _named(r, _CONSTRUCTORS):
        return False
    todo, seen = [(value, scope)], 0
    while todo:
        node, where = todo.pop()
        seen += 1
        if seen > MAX_DEPTH:
            return False  # past what is followed: anything
        if isinstance(node, cst.IfExp):
            todo += [(node.body, where), (node.orelse, where)]
            continue
        if isinstance(node, cst.Call):
            names = r.names(node.func, where)
            if not names or not all(n.startswith("<class>.") and "()" not in n for n in names):
                return False
            continue
        bound = gradients.assignments(r, where, node.value) if isinstance(node, cst.Name) else None
        if not bound:
            return False
        todo.extend(bound)
    return True


def field_only_constructed(r: Resolver, attr: str) -> bool:
    """Whether every store of the attribute `attr` on any object, in every module of the job that names it, is a
    plain `o.attr = v` whose value can only be an object of the job's classes (only_constructed), and no module
    reaches attributes by a computed name: `o.attr` is then one of them (`self.h = Probe()` in __init__ and
    `self.h = pd.read_csv(p)` in fit make `self.h.head()` the table's rows too)."""
    homes = [r, *(r.program.mentioning(attr, r.path) if r.program is not None else ())]
    if _named(r, _REACHES):
        return False
    stores = [(home, node, where) for home in homes for node, where in _stores(home, attr)]
    return bool(stores) and all(node is not None and only_constructed(home, node.value, where)
                                for home, node, where in stores)


def built_unseen(flow) -> list[tuple[str, Origin]]:
    """(field, what it holds) for each field an `__init__` of the module's classes stores from its parameter when
    the class is built where this module's analysis does not apply that `__init__` to the arguments (Frame.apply
    stores them into the fields): in another module of the job, as a subclass defined elsewhere, or handed on
    as a value, for a class whose objects the framework runs. What those constructions pass may be the site's
    data here (a class built elsewhere kept its constructor's rows out of its fields: `FlowerClient(net,
    np.load(p))` in client_app.py with the class in client.py sent them, accepted before session 44)."""
    from ..detectors.paths import PathFolder  # the detectors import this package

    r = flow.r
    folder = PathFolder.of(r)
    out = []
    for fn in flow.methods.get("__init__", []):
        scope = r.scope_of[id(fn)]
        cls = scope.parent.node
        qname = "<class>." + cls.name.value
        if not _framework_runs(flow, cls):
            continue  # its methods run where the job calls them, which hands back what it built the object with
        subclasses = r._subclasses(qname)
        unseen = subclasses is None or handed_class(r, qname) or cls.decorators or \
            any(home is not r for home, _ in subclasses) or \
            any(other is not folder for p in _params(fn)[1:]
                for other, _, _ in folder.arguments_passed(p.name.value, scope))
        if not unseen:
            continue
        # may be the site's data, for every rule of the flow; reported as of unknown provenance (Origin.held)
        given = Origin(DATA, f"{cls.name.value}() built where the gate does not follow it", fn, id(fn),
                       held=True)
        out += [(key, frozenset({given})) for key, t in flow.summary(fn).fields.items()
                if any(isinstance(p, Param) for p in t)]
    return out


def _framework_runs(flow, cls: cst.ClassDef) -> bool:
    """Whether the framework runs the objects of the class (a Flower client's fit/evaluate, an NVFlare executor's
    execute: a method its library base makes an update sink), where no call of the job hands back what it built
    them with (Frame.protocol_values, `built_with`)."""
    bases = flow.bases(cls)
    return any(_UPDATE_RETURNS(f"{b}.{m}") for b in bases for m in _RETURN_SINK_METHODS)


def handed_class(r: Resolver, qname: str) -> bool:
    """Whether a module naming the job's class reads it as a value rather than calling it (`make(Client, args)`,
    `{"c": Client}`): its constructions are not all seen then."""
    named = [r, *(r.program.mentioning(qname.removeprefix("<class>."), r.path) if r.program is not None else ())]
    for home in named:
        funcs = {id(u.node.func) for u in home.calls}
        if any(id(u.node) not in funcs and id(u.node) not in home.followed and qname in home.values(u.node, u.scope)
               for u in home.loads):
            return True
    return False


def _stores(r: Resolver, attr: str) -> list[tuple[cst.CSTNode | None, Scope]]:
    """Every store of the attribute `attr` in the module, on any object: the statement when it is a plain
    `o.attr = v`, None for any other (`a, o.attr = ...`, `del o.attr`, a class body binding the name)."""
    found: list[tuple[cst.CSTNode | None, Scope]] = [(None, s) for s in r.scope_of.values()
                                                     if s.is_class and attr in s.bindings]
    stack: list[tuple[cst.CSTNode, Scope]] = [(r.module, r.root)]
    while stack:
        node, scope = stack.pop()
        scope = r.scope_of.get(id(node), scope)
        targets: list[cst.CSTNode] = []
        if isinstance(node, cst.Assign):
            targets = [t.target for t in node.targets]
        elif isinstance(node, (cst.AnnAssign, cst.AugAssign, cst.For, cst.CompFor, cst.Del)):
            targets = [node.target]
        elif isinstance(node, cst.WithItem) and node.asname is not None:
            targets = [node.asname.name]
        plain = isinstance(node, cst.Assign) and len(node.targets) == 1
        found += [(node if plain else None, scope) for t in _flat(targets)
                  if isinstance(t, cst.Attribute) and t.attr.value == attr]
        stack.extend((c, scope) for c in children(node))
    return found


def _unpacked(r: Resolver, name: str) -> list[tuple[cst.BaseExpression, Scope]]:
    """What a loop unpacks into `name` (`for i, f in enumerate(FNS)`), which the resolver binds to nothing: the
    iterated value, of which the name may be any part."""
    found: list[tuple[cst.BaseExpression, Scope]] = []
    stack: list[tuple[cst.CSTNode, Scope]] = [(r.module, r.root)]
    while stack:
        node, scope = stack.pop()
        scope = r.scope_of.get(id(node), scope)
        if isinstance(node, (cst.For, cst.CompFor)) and \
                any(isinstance(t, cst.Name) and t.value == name for t in _flat([node.target])):
            found.append((node.iter, scope))
        stack.extend((c, scope) for c in children(node))
    return found


def _flat(targets: list[cst.CSTNode]) -> list[cst.CSTNode]:
    out: list[cst.CSTNode] = []
    while targets:
        t = targets.pop()
        if isinstance(t, (cst.Tuple, cst.List)):
            targets.extend(e.value for e in t.elements)
        elif isinstance(t, cst.StarredElement):
            targets.append(t.value)
        else:
            out.append(t)
    return out


def _builds_by_type(r: Resolver) -> bool:
    """`type(obj)`: the class of an object, which a module may call with what it likes."""
    return any("builtins.type" in r.names(u.node.func, u.scope) and len(u.node.args) == 1 for u in r.calls)


def _wraps_function(r: Resolver, value: cst.BaseExpression, scope: Scope, depth: int, seen: set[int]) -> bool:
    """Whether a value passed for the field is a call that hands a function or lambda of the job to a library, or
    what a name is bound to or a job's function returns is (`functools.partial(probe)`, `torch.no_grad()(probe)`,
    `net = lru_cache(probe)`, `FUNCS.get("p")`, `build()` returning one): the object may run that function when
    called, which no name ties to it (followed MAX_DEPTH names or calls deep). A function passed as itself is the
    parameter's (Flow.passed)."""
    if depth >= MAX_DEPTH:
        return True  # past what is followed: as a value no name ties to anything
    if isinstance(value, cst.Name):
        if _other_modules(r, value, scope, depth, seen):
            return True  # `from registry import NETS`: what that module binds (red team 45)
        s = r.binding_scope(value.value, scope)
        items = list(s.bindings[value.value]) if s is not None else []
        if not items and not any(n.startswith("builtins.") for n in r.names(value, scope)):
            unpacked = _unpacked(r, value.value)  # `for f, _ in zip(FNS, IDS)`: any item of what is iterated
            return not unpacked or any(_wraps_function(r, b[0], b[1], depth + 1, seen) for b in unpacked)
        bound = [(b[0].iter if isinstance(b[0], Iterated) else b[0], b[1]) for b in items
                 if isinstance(b, tuple) and isinstance(b[0], (cst.BaseExpression, Iterated))]
        if items and len(bound) == len(items):  # a variable, not a module, function or class
            if any(_container(r, b[0], b[1]) for b in bound) and _filled_unseen(r, value.value):
                return True  # `ALIAS = NETS`, `add = NETS.append`, `reg(f)` filling it: items no walk shows
            bound += _put_into(r, value.value, s)
        bound = [b for b in bound if id(b[0]) not in seen]  # a cycle adds nothing
        seen.update(id(b[0]) for b in bound)
        return any(_wraps_function(r, b[0], b[1], depth + 1, seen) for b in bound)
    stack: list[cst.CSTNode] = [value] if depth or isinstance(value, (cst.Call, cst.Attribute, cst.Subscript)) else []
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Lambda) or isinstance(node, (cst.Name, cst.Attribute)) and \
                any(isinstance(v, FuncRef) for v in r.values(node, scope)):
            return True
        if isinstance(node, cst.Call):
            own = [v.node for v in r.values(node.func, scope) if isinstance(v, FuncRef)]
            if any(_wraps_function(r, ret.value, r.scope_of[id(fn)], depth + 1, seen) for fn in own
                   if isinstance(fn, cst.FunctionDef) for ret in _returns(fn) if ret.value is not None):
                return True  # the job's function called: what it returns
            stack.extend(a.value for a in node.args)
            if not own:
                stack.append(node.func)
        elif isinstance(node, cst.Attribute):
            stack.append(node.value)
            if _other_modules(r, node, scope, depth, seen):
                return True  # `registry.NETS`
            held = _class_bindings(r, node, scope)
            if any(_container(r, b[0], b[1]) for b in held) and _filled_unseen(r, node.attr.value) or \
                    any(_wraps_function(r, b[0], b[1], depth + 1, seen) for b in held):
                return True  # `Cfg.fn` of `class Cfg: fn = staticmethod(probe)`, `Reg.NETS.append(f)`
        elif isinstance(node, cst.Name):
            if _wraps_function(r, node, scope, depth + 1, seen):
                return True
        else:
            stack.extend(children(node))
    return False


def _other_modules(r: Resolver, node: cst.Name | cst.Attribute, scope: Scope, depth: int, seen: set[int]) -> bool:
    """Whether what another module of the job binds to the name this one imports (`NETS` of `from registry import
    NETS`, `registry.NETS`) wraps a function of the job, as `_wraps_function` reads it there."""
    return any(_wraps_function(there, cst.Name(attr), there.root, depth + 1, seen)
               for there, attr in r.imported_bindings(node, scope))


def _class_bindings(r: Resolver, node: cst.Attribute, scope: Scope) -> list[tuple[cst.BaseExpression, Scope]]:
    """What the body of the job's class that `C.attr` or `C().attr` reads binds to the attribute."""
    return [b for owner in r.names(node.value, scope) if owner.startswith("<class>.")
            for body in r.class_scopes.get(owner.removesuffix("()"), ())
            for b in body.bindings.get(node.attr.value, ()) if isinstance(b, tuple) and
            isinstance(b[0], cst.BaseExpression)]


def _put_into(r: Resolver, name: str, home: Scope | None) -> list[tuple[cst.BaseExpression, Scope]]:
    """What the module hands a container bound to `name` in `home` (`NETS.append(f)`, `FUNCS[k] = f`): an item
    read back (`NETS[0]`, `for n in NETS`) may be any of it, which no binding of the name shows."""
    def named(node: cst.BaseExpression, scope: Scope) -> bool:
        return isinstance(node, cst.Name) and node.value == name and r.binding_scope(name, scope) is home
    out = [(a.value, u.scope) for u in r.calls if isinstance(u.node.func, cst.Attribute) and
           named(u.node.func.value, u.scope) for a in u.node.args]
    return out + [(u.value, u.scope) for u in r.stores if isinstance(u.node, cst.Subscript) and u.value is not None
                  and named(u.node.value, u.scope)]


_DISPLAYS = (cst.List, cst.Dict, cst.Set, cst.Tuple, cst.ListComp, cst.DictComp, cst.SetComp)


def _container(r: Resolver, node: cst.BaseExpression, scope: Scope) -> bool:
    """A display, a comprehension or a builtin's result (`[]`, `{}`, `list()`): what the module may fill."""
    return isinstance(node, _DISPLAYS) or isinstance(node, cst.Call) and any(
        n.startswith("builtins.") for n in r.names(node.func, scope))


def _filled_unseen(r: Resolver, name: str) -> bool:
    """Whether a container named `name` may be filled where `_put_into` does not look: a module of the job mentions
    it otherwise than binding or importing it as itself, reading an item of it (`NETS[0]`), iterating over it,
    spreading it (`*NETS`) or calling its method (`NETS.append(f)`) with what no parameter holds (`ALIAS = NETS`,
    `add = NETS.append`, `NETS[0].append(f)`, `register(NETS)`, `def reg(f): NETS.append(f)`, `import ... as N`;
    red team 45). Another module's fills of the name are not read: any there counts."""
    homes = [r, *(r.program.mentioning(name, r.path) if r.program is not None else ())]
    stack: list[tuple[cst.CSTNode, cst.CSTNode | None, cst.CSTNode | None, Resolver]] = [
        (home.module, None, None, home) for home in homes]
    while stack:
        node, parent, grand, home = stack.pop()
        if isinstance(node, cst.Name) and node.value == name and not _plain_use(node, parent, grand, home, home is r):
            return True
        stack.extend((c, node, parent, home) for c in children(node))
    return False


def _plain_use(node: cst.Name, parent, grand, r: Resolver, fills_read: bool) -> bool:
    """Whether this mention of a container's name reads it, or fills it where `_put_into` reads the fills (in the
    module the walk is in: `fills_read`)."""
    if isinstance(parent, (cst.AssignTarget, cst.NameItem, cst.StarredElement)) or \
            isinstance(parent, cst.ImportAlias) and parent.asname is None or \
            isinstance(parent, (cst.For, cst.CompFor)) and parent.iter is node or \
            isinstance(parent, cst.Arg) and parent.star in ("*", "**"):
        return True
    if isinstance(parent, cst.Subscript) and parent.value is node:
        return not (isinstance(grand, (cst.Attribute, cst.AugAssign, cst.Element, cst.StarredElement)) or
                    isinstance(grand, cst.Subscript) and grand.value is parent or
                    isinstance(grand, (cst.For, cst.CompFor)) and grand.target is parent or  # `for NETS[0] in FNS:`
                    isinstance(grand, (cst.AnnAssign, cst.AsName)) or
                    not fills_read and isinstance(grand, (cst.AssignTarget, cst.Del)))
    if fills_read and isinstance(parent, cst.Attribute) and parent.value is node and isinstance(grand, cst.Call) and \
            grand.func is parent:
        held = _parameters(r)
        return not any(isinstance(n, cst.Name) and n.value in held for a in grand.args for n in descendants(a))
    return False


def _parameters(r: Resolver) -> set[str]:
    """The names the module's functions take as parameters (`*args` and `**kwargs` too), found once per resolution
    (kept in `r.derived`: _plain_use asks at every method call on a container's name)."""
    known = r.derived.get(_parameters)
    if known is None:
        known = r.derived[_parameters] = {p.name.value for fn in r.scope_of.values()
                                          if isinstance(fn.node, (cst.FunctionDef, cst.Lambda)) for p in _params(fn.node)}
    return known


def _returns(fn: cst.FunctionDef) -> list[cst.Return]:
    out, stack = [], list(children(fn.body))
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Return):
            out.append(node)
        elif not isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
            stack.extend(children(node))
    return out


def _constant(node: cst.BaseExpression) -> bool:
    return isinstance(node, (cst.Integer, cst.Float, cst.SimpleString)) or \
        (isinstance(node, cst.Name) and node.value in ("None", "True", "False"))
