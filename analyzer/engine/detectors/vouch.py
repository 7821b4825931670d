"""Vouch: every use the resolver reaches must be in the capability catalogue.

The positive half of the model (docs/catalogue.md). Threat rules reject what is
clearly hostile; this detector reports everything the catalogue does not
vouch for, so that what the gate does not know escalates instead of passing
for lack of a known-bad match. One finding per file and name (the first place),
so a report names each unvouched API once.
"""

from __future__ import annotations

import re
import sys
import types
from typing import Iterator

import libcst as cst

from ..catalogue import Catalogue, load_catalogue
from ..conditions import holds
from ..library_classes import has
from ..lists import matcher
from ..configs import ENV_INTERPOLATION
from ..resolve import IS_ATTRIBUTE, OVERFLOW, REFLECTIVE, Const, FuncRef, Scope, dotted, module_name
from ..sealed import sealed_instance
from . import Hit, PythonContext, python_detector
from ..flow.presence import presence_reads
from .paths import literal_texts

DYNAMIC = "<dynamic>"  # the attribute part of getattr(x, computed)
# Callees that only look a module up (the resolver folds what they reach):
# handing a module to them loses nothing.
INSPECTING = REFLECTIVE | {"builtins.hasattr"}
OWN_CLASS = re.compile(r"<class>\.[^.(]+(?:\(\))?")  # a class of the job, or an instance of it
# Interpreter internals (`__globals__`, `__subclasses__`, `__code__`) reach
# anything: a glob such as `math.*` never vouches for them, only an exact entry.
ORDINARY_DUNDERS = frozenset({"__init__", "__call__", "__len__", "__getitem__", "__iter__", "__next__", "__enter__",
                              "__exit__", "__name__", "__version__", "__doc__", "__contains__"})
# Read off any value (`model.__class__.__name__`): they name, they reach nothing
# that a further dunder would not show.
DESCRIPTIVE_DUNDERS = ORDINARY_DUNDERS | {"__class__", "__qualname__", "__module__", "__file__", "__annotations__",
                                         "__str__", "__repr__"}
# Attributes that reach a frame, and through it every namespace, without a dunder: a generator's, a
# coroutine's or a traceback's frame, a frame's globals, locals, builtins and caller.
FRAME_ATTRIBUTES = frozenset({"f_globals", "f_locals", "f_builtins", "f_back", "tb_frame", "gi_frame", "cr_frame",
                              "ag_frame"})
# The words of every road back from a function's annotations to the objects they name: `__annotations__`
# (`__annotate__`), typing.get_type_hints, inspect's signature and get_annotations, a computed attribute
# (getattr, attrgetter, __getattribute__, a __dict__ or vars()), a dataclass's fields; PEP 563's future
# import is only a word (Vouch.annotation_unread).
_ANNOTATION_READERS = re.compile(rb"annotat|type_hints|inspect|signature|getattr|attrgetter|__dict__|\bvars\b|fields")
INTERPOLATED_TEXT = 4000  # the longest text read for OmegaConf interpolations
# What a string literal's value needs in the source to hold a `$` (an interpolation's first character): the
# character itself, or an escape that makes it (hex, octal, 16- or 32-bit, or any named escape). A value is
# made of its literal's characters and the escapes' (implicit concatenation, f-string texts, raw and bytes
# literals alike), so a source holding none of these has no literal an interpolation is in.
_DOLLAR = re.compile(r"\$|\\(?:x24|0?44|u0024|U00000024|N\{)")
MAX_ALIAS_HOPS = 4  # names bound to names followed back to the method a callee was taken from
_TYPE_TESTS = frozenset({"builtins.isinstance", "builtins.issubclass"})
_REPLACERS = frozenset({"dataclasses.replace", "copy.replace"})  # build an instance's class again with changes
_FUTURE_ANNOTATIONS = re.compile(rb"from\s+__future__\s+import\s+annotations\b")
IN_PLACE = matcher("paths", "in-place-changes")  # list and dict methods that change the container
CLASS_CHANGERS = matcher("calls", "class-changers")  # decorators that change the class or function they are given


class _Vouch:
    def __init__(self, ctx: PythonContext, catalogue: Catalogue):
        self.ctx, self.r, self.cat = ctx, ctx.resolver, catalogue
        self.seen: set[tuple[str, str]] = set()
        self._inspected: set[int] | None = None
        self._tests: dict[int, cst.BaseExpression] | None = None
        self._annotations: set[int] | None = None
        self._read: set[int] | None = None  # signatures_read
        self._base_of: dict[int, str] | None = None  # id() of a class statement's base -> the class
        self._type_checks: set[int] | None = None
        self._bases: dict[str, tuple[set[str], bool]] = {}  # library_bases of the job's classes
        # Top-level module names: a module reached as another module's attribute
        # (`torch.os`, `numpy.ctypeslib.ctypes`) must be vouched as itself too.
        self.tops = frozenset(sys.stdlib_module_names) | {p.split(".")[0] for p in catalogue.modules.exact} | {
            p.split(".")[0] for _, p, _ in catalogue.modules.globs}

    def hit(self, rule: str, name: str, node: cst.CSTNode) -> Iterator[Hit]:
        if (rule, name) not in self.seen:
            self.seen.add((rule, name))
            yield Hit(rule, self.ctx.path, node=node, details={"name": name})

    def own(self, name: str) -> bool:
        """The job's own class, function or module: its code is analysed where it is."""
        program = self.r.program
        # A relative name left relative reaches past the job's top folder: the
        # gate cannot tell what it is, so it is not the job's own.
        return OWN_CLASS.fullmatch(name) is not None or (program is not None and program.is_job_module(name))

    def vouched(self, name: str, call: cst.Call | None, scope: Scope) -> bool:
        own_class = OWN_CLASS.match(name)
        if own_class:  # a member the job's class does not define: as on a value the gate cannot type
            instance = own_class.group().removesuffix("()") + "()"  # its members, as on a call result
            return not internals(name) and self.members_ok(instance + name[own_class.end():], call, scope)
        base, paren, rest = name.partition("()")
        if paren:  # a member of a call result: an entry that says so, or members the catalogue lists
            # An entry vouches one attribute deep past the last call: `parse_args().*` is
            # `args.out`, not `args.out.write_text` (an argument typed as a Path).
            head, _, tail = name.rpartition("()")
            conditioned = [e for e in self.cat.entries(head) if e.where] if tail == ".__init__" else []
            if conditioned and call is not None:
                # A constructor run again on an instance (`super().__init__(steps, memory=m)` in a subclass):
                # its arguments are the class's, and meet the conditions the catalogue puts on calling it.
                return self.holding(self.cat.entries(head), call, scope)
            exact = self.cat.apis.exact.get(name)
            if exact:  # named exactly (`WandBWriter().log`): its entry decides, not a member of that name elsewhere
                return self.holding(exact, call, scope)
            first, dot, deeper = tail[1:].partition(".")
            by_entry = self.holding(self.cat.entries(f"{head}().{first}" if dot else name), None if dot else call,
                                    scope) and (not dot or self.member_ok(deeper.rsplit(".", 1)[-1], call, scope))
            if dot and deeper.rsplit(".", 1)[-1] in IN_PLACE:
                # `MNIST(...).mirrors.insert(0, url)`: a container the library holds, often its class's own, changed
                # in place; every later instance reads it (red team 38b: the next download came from that mirror)
                return by_entry
            if dot and not by_entry and _private(first) and has(head, first):
                # a private member the library's own source binds, read on the way: its internals, never judged
                # whatever method name follows (`TemporaryDirectory()._finalizer.detach()` keeps the folder past
                # the job). One the class does not bind (a torch module's submodule `_module`) stays a member.
                return False
            return by_entry or self.members_ok(name, call, scope)
        parts = name.split(".")
        if self.holding(self.cat.apis.exact.get(name, []), call, scope):
            return True  # named exactly: what it is was decided by whoever wrote the entry
        if internals(name) or not self.holding(self.cat.entries(name), call, scope):
            return False
        for i in range(1, len(parts) - 1):  # a module passed through: something is reached inside it
            if parts[i] in self.tops and not self.cat.module(".".join(parts[: i + 1])):
                return self.vouched(".".join(parts[i:]), call, scope)
        return True

    def holding(self, entries: list, call: cst.Call | None, scope: Scope, only: str | None = None) -> bool:
        """Whether one of the entries (apis or members) vouches for this use: its
        conditions hold for the call, strictly; a use without a call meets none.
        `only`: just the conditions on that keyword (a setting stored after the call)."""
        guarded = self.ctx.policy.runtime_guard
        return any((guarded or not e.guarded) and (
            not e.where if call is None else all(holds(self.r, call, scope, c, strict=True, guarded=guarded,
                                                       deferred=e.guarded, native=e.native_io, catalogue=self.cat)
                                                 for c in e.where if only is None or only in c.keywords))
                   for e in entries)

    def member_ok(self, member: str, call: cst.Call | None, scope: Scope) -> bool:
        return self.holding(self.cat.members.get(member, []), call, scope)

    def untyped_ok(self, member: str, call: cst.Call, scope: Scope) -> bool:
        """A call of `member` on a value the gate cannot type. A member entry with conditions says what such a
        call may be given (`eval()` without an expression); one without vouches only a call that also meets the
        conditions of every class the catalogue conditions that method on (`trainer.test(model, ckpt_path=url)`
        on a parameter may be Lightning's Trainer, `writer.log({...})` NVFlare's WandBWriter)."""
        entries = self.cat.members.get(member, [])
        return self.holding([e for e in entries if e.where], call, scope) or (
            self.holding([e for e in entries if not e.where], call, scope)
            and all(self.holding(group, call, scope) for group in self.cat.typed_members(member)))

    def members_ok(self, name: str, call: cst.Call | None, scope: Scope) -> bool:
        """Every method called past the first call result of `name`: the last is this call; one
        before it is the call the expression spells out there (`df.eval("a + b").fillna(0)`), judged
        as a member or as the entry its own name has (`pandas.DataFrame().eval`), and one the
        expression does not spell out (a name bound to it) meets only absence tests (`absence_only`)."""
        prefixes = called_prefixes(name)
        spelled = chain_calls(call) if call is not None and "()()" not in name else [call]
        spelled += [None] * (len(prefixes) - len(spelled))
        for prefix, c in zip(reversed(prefixes), spelled):
            member = prefix.rsplit(".", 1)[-1]
            if c is call:
                if not self.member_ok(member, call, scope):
                    return False
                continue
            if c is not None and not (isinstance(c.func, cst.Attribute) and c.func.attr.value == member):
                c = None  # the expression's call there is another one (a function of the job returning the value)
            if not (self.member_ok(member, c, scope) or (c is not None and self.vouched(prefix, c, scope))
                    or (c is None and self.absence_only(member))):
                return False
        return True

    def absence_only(self, member: str) -> bool:
        """Whether an entry for `member` asks only that arguments be absent (`fit` without Lightning's
        ckpt_path): an earlier call of a chain that this expression does not spell out (`m = est.fit(x)`,
        then `m.predict(x)`) is a call node of the job, judged with its arguments where it is written."""
        guarded = self.ctx.policy.runtime_guard
        return any((guarded or not e.guarded) and e.where and all(c.present is False for c in e.where)
                   for e in self.cat.members.get(member, []))

    def names(self, values: frozenset) -> Iterator[str]:
        for v in sorted(x for x in values if isinstance(x, str)):
            if v == OVERFLOW or not self.own(v) or internals(v):
                yield v

    def check(self, values: frozenset, call: cst.Call | None, node: cst.CSTNode, scope: Scope) -> Iterator[Hit]:
        for name in self.names(values):
            if name == OVERFLOW:
                yield from self.hit("unvouched.unresolved", dotted(node) or "an expression", node)
            elif call is None and name in REFLECTIVE:
                yield from self.hit("unvouched.api", f"{name} (handed on as a value)", node)
            elif call is None and self.cat.module(name) and self.lost(node, name) and \
                    not self.vouched(name, None, scope):
                yield from self.hit("unvouched.api", f"{name} (handed on as a value)", node)
            elif call is None and ("()" in name or name.startswith("<class>.") or self.cat.module(name)):
                # A call's result or data read off it (the call was checked where it was made), or a
                # catalogued module bound to a name (what is called on it is checked there).
                continue
            elif not self.vouched(name, call, scope):
                yield from self.hit("unvouched.api", name, node)

    def lost(self, node: cst.CSTNode, name: str) -> bool:
        """A module passed where the resolver does not follow it (an argument of
        the job's own function, an item of a container, a yielded value, a module
        the unit reads back from a signature): what is later done with it cannot be checked."""
        if id(node) in self.r.followed and not (id(node) in self.signatures_read() and self.is_module(name)):
            return False
        if self._inspected is None:
            # Only the object looked into: `getattr(x, "a", os)` hands its default on.
            self._inspected = {id(use.node.args[0].value) for use in self.r.calls
                               if use.node.args and self.r.names(use.node.func, use.scope) & INSPECTING}
        return id(node) not in self._inspected

    def is_module(self, name: str) -> bool:
        """A module by name: one the catalogue lists exactly or a standard one (a glob such as `monai.*` also
        takes in the classes of those modules)."""
        return name in self.cat.modules.exact or name in sys.stdlib_module_names

    def imports(self) -> Iterator[Hit]:
        for use in self.r.imports:
            node = use.node
            if isinstance(node, cst.Import):
                modules = [module_name(a.name) for a in node.names]
            else:
                modules = [self.r.absolute(module_name(node.module, node.relative))]
            for m in modules:
                if not self.own(m) and not self.cat.module(m):
                    yield from self.hit("unvouched.import", m, node)

    def calls(self) -> Iterator[Hit]:
        for use in self.r.calls:
            call, scope = use.node, use.scope
            yield from self.unbound(call.func, scope)
            values = self.r.values(call.func, scope)
            if id(call) in self.presence_reads() and self.holding(
                    self.cat.apis.exact.get("os.environ.__contains__", []), cst.Call(call.func, call.args[:1]), scope):
                continue  # `bool(os.environ.get("WANDB_API_KEY"))`: whether it is set, as `"..." in os.environ`
            if any(isinstance(v, str) for v in values):
                yield from self.check(values, call, call.func, scope)
                yield from self.dynamic_getattr(call, values, scope)
                yield from self.replaced(call, values, scope)
                for v in sorted(v for v in values if isinstance(v, str) and OWN_CLASS.fullmatch(v) and "(" not in v):
                    if not self.inherited_ok(v, call, scope):
                        yield from self.hit("unvouched.api", f"{v} (a library base's constructor)", call.func)
            if isinstance(call.func, cst.Attribute):
                member = call.func.attr.value
                if not self.untyped_ok(member, call, scope) and self.untyped(call.func.value, member, scope):
                    yield from self.hit("unvouched.member", member, call.func)
            for receiver, member, where in self.methods_taken(call.func, scope):
                if not self.untyped_ok(member, call, scope) and self.untyped(receiver, member, where):
                    yield from self.hit("unvouched.member", member, call.func)

    def methods_taken(self, callee: cst.BaseExpression, scope: Scope) -> Iterator[tuple]:
        """(receiver, member, scope) of each method a callee may be that was taken off its receiver before the
        call: by getattr with a name the gate folds (`getattr(tool, "system")(cmd)`), or read and bound to a name
        (`step = hints["env"].system`, `step = getattr(tool, "system")`; then `step(cmd)`). On a value the gate
        cannot type it is judged as the call `tool.system(cmd)` is."""
        todo, seen = [(callee, scope, 0)], set()
        while todo:
            node, where, hops = todo.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            if isinstance(node, cst.Name) and hops < MAX_ALIAS_HOPS:
                todo += [(b[0], b[1], hops + 1) for b in self.r.bindings(node.value, where)
                         if isinstance(b, tuple) and isinstance(b[0], cst.BaseExpression)]
            elif isinstance(node, cst.Attribute) and node is not callee:
                yield node.value, node.attr.value, where
            elif isinstance(node, cst.Call) and len(node.args) >= 2 and \
                    "builtins.getattr" in self.r.values(node.func, where):
                for member in self.folded_names(node.args[1].value, where) or ():
                    yield node.args[0].value, member, where

    def folded_names(self, value: cst.BaseExpression, scope: Scope) -> list[str] | None:
        """The attribute names a getattr's name argument may be, when the gate folds every one of them."""
        values = self.r.values(value, scope)
        if not values or not all(isinstance(v, Const) and isinstance(v.value, str) for v in values):
            return None
        return sorted(v.value for v in values)

    def untyped(self, receiver: cst.BaseExpression, member: str, scope: Scope) -> bool:
        """Whether the receiver may be a value the gate cannot type: nothing is
        known of it, part of it is unknown (`p = math; p = f(x)`), or all it is
        known to be is a constant or function that lacks this method (then it must
        be something else at run time). A `None` placeholder beside named values
        (`booster = None` before `booster = xgb.train(...)`) only raises there."""
        values = self.r.values(receiver, scope)
        lacking = {v for v in values if isinstance(v, (Const, FuncRef))
                   and not hasattr(type(v.value) if isinstance(v, Const) else types.FunctionType, member)}
        named = values - lacking
        return not named or not all(isinstance(v, (str, Const, FuncRef)) for v in named) or (
            any(not (isinstance(v, Const) and v.value is None) for v in lacking))

    def dynamic_getattr(self, call: cst.Call, values: frozenset, scope: Scope) -> Iterator[Hit]:
        """getattr(x, computed) reaches any attribute of x: x.* must be vouched whole. A value the gate cannot
        name (the job's function, a parameter, a constant) has attributes no catalogue vouches for: a
        function's `__globals__` is every module it sees."""
        if "builtins.getattr" not in values or len(call.args) < 2:
            return
        owners = self.r.values(call.args[0].value, scope)
        unnamed = not owners or not all(isinstance(v, str) for v in owners)
        names = self.folded_names(call.args[1].value, scope)
        if names is not None:
            for name in names:  # read as `x.name` where x has a name (`_getattr_call`), else judged here
                if unnamed and internal_attribute(name):
                    yield from self.hit("unvouched.api", f"getattr({dotted(call.args[0].value) or '(a value)'}, "
                                                         f"{name!r})", call)
            return
        if unnamed:
            yield from self.hit("unvouched.api", f"getattr({dotted(call.args[0].value) or '(a value)'}, ?)", call)
        for owner in self.names(owners):
            if owner != OVERFLOW and not self.vouched(f"{owner}.{DYNAMIC}", None, scope):
                yield from self.hit("unvouched.api", f"getattr({owner}, ?)", call)

    def replaced(self, call: cst.Call, values: frozenset, scope: Scope) -> Iterator[Hit]:
        """`dataclasses.replace(args, report_to="wandb")` builds the instance's class again with the
        keywords given: each is judged as the store `args.report_to = "wandb"` is (setting_ok), and
        `**changes` may hold any keyword the catalogue conditions for that class."""
        if not values & _REPLACERS or not call.args or call.args[0].keyword is not None or call.args[0].star:
            return
        for constructor in sorted(self.constructors(call.args[0].value, scope)):
            hidden = any(a.star == "**" for a in call.args[1:])
            for a in call.args[1:]:
                if a.keyword is not None and not self.setting_ok(constructor, a.keyword.value, a.value, scope):
                    yield from self.hit("unvouched.api", f"{constructor}().{a.keyword.value} (replaced)", call)
            if hidden and self.conditioned_settings(constructor):
                yield from self.hit("unvouched.api", f"{constructor}() keywords in ** (replaced)", call)

    def constructors(self, instance: cst.BaseExpression, scope: Scope) -> set[str]:
        """The library classes an instance was built by: its own class's library bases for the job's."""
        found: set[str] = set()
        for v in self.r.names(instance, scope):
            if not (isinstance(v, str) and v.endswith("()")):
                continue
            found |= self.library_bases(v.removesuffix("()"))[0] if OWN_CLASS.fullmatch(v) else {v.removesuffix("()")}
        return found

    def unbound(self, chain: cst.BaseExpression, scope: Scope) -> Iterator[Hit]:
        """`os.system(...)` in a file that binds no `os` works only once another
        module has injected the name: it resolves by its spelling, and is reported."""
        root = chain
        while IS_ATTRIBUTE[root.__class__]:
            root = root.value
        if isinstance(root, cst.Name) and not self.r.is_bound(root.value, scope):
            yield from self.hit("unvouched.unbound-name", root.value, root)

    def foreign_stores(self) -> Iterator[Hit]:
        """`C.url = v` on a class another module of the job defines: that module's
        code reads C.url without seeing this store, so what it then does is unknown,
        unless the store is on an instance that only this function holds, of a class
        whose code cannot look at an instance (sealed.py).
        `lib.C.url = v` on a library's module or class changes what the library
        does everywhere: only settings the catalogue names (`torch.backends.cudnn.benchmark`).
        `ds.mirrors += [url]` on a library instance's attribute changes it in place: a list
        its class holds, read by every later instance (red team 38b); so does an item stored into it or
        deleted (`ds.mirrors[0] = url`, red team 39a: item_store)."""
        for use in self.r.stores:
            node = use.node
            if isinstance(node, cst.Subscript):
                yield from self.item_store(node, use.scope)
            if id(node) in self.r.augmented and isinstance(node, cst.Attribute):  # `ds.mirrors += [url]`
                for v in self.names(self.r.values(node.value, use.scope)):
                    # An attribute of the instance itself may be a list its class holds, changed for every instance;
                    # one further down (`trainer.args.num_train_epochs += n`) is the instance's own setting.
                    if v.endswith("()"):
                        yield from self.hit("unvouched.api", f"{v}.{node.attr.value} (changed in place)", node)
            if not isinstance(node, cst.Attribute) or use.value is None:
                continue
            foreign = [v for v in sorted(self.r.names(node.value, use.scope))  # sorted: one finding per place
                       if OWN_CLASS.fullmatch(v) and v.removesuffix("()") not in self.r.class_scopes]
            if foreign and not sealed_instance(self.r, node.value, use.scope):
                for v in foreign:
                    yield from self.hit("unvouched.api", f"{v}.{node.attr.value} (set from another module)", node)
            for v in sorted(v for v in self.r.names(node.value, use.scope) if OWN_CLASS.fullmatch(v) and v.endswith("()")):
                for base in sorted(self.library_bases(v.removesuffix("()"))[0]):  # `self.memory = path` in a subclass
                    if not self.setting_ok(base, node.attr.value, use.value, use.scope):
                        yield from self.hit("unvouched.api", f"{base}().{node.attr.value} (assigned)", node)
            for v in self.names(self.r.values(node.value, use.scope)):
                name = f"{v}.{node.attr.value}"
                if v != OVERFLOW and "()" not in v and not self.vouched(name, None, use.scope):
                    yield from self.hit("unvouched.api", f"{name} (assigned)", node)
                elif v.endswith("()") and not self.setting_ok(v.removesuffix("()"), node.attr.value, use.value,
                                                               use.scope):
                    yield from self.hit("unvouched.api", f"{name} (assigned)", node)
                elif any(map(_private, v.rpartition("()")[2].split("."))):
                    # into a library object's private member (`NamedTemporaryFile()._closer.delete = False` keeps
                    # the file past the job): its internals, which no catalogue entry judged
                    yield from self.hit("unvouched.api", f"{name} (assigned)", node)

    def changed_classes(self) -> Iterator[Hit]:
        """`functools.total_ordering(flare.FLModel)`, `dataclasses.dataclass(frozen=True)(FLModel)`: a class
        decorator the catalogue vouches for (rules/lists/calls.yaml `class-changers`) changes the class it is
        applied to, for every user of it in the process. As a decorator it is applied to the job's own definition;
        called, its first argument must be the job's own class or function too; handed on as a value (`map`,
        `functools.partial`) it may be applied to anything. A decorator that is a value of this kind
        (`frozen = dataclass(frozen=True)`, then `@frozen`) is still applied to the job's definition."""
        decorators = self.decorators()
        for use in self.r.calls:
            call = use.node
            changers = self.changers(call.func, use.scope)
            # what is changed: the first argument (update_wrapper's may be given as `wrapper=`)
            target = next((a for a in call.args if a.keyword is None or a.keyword.value == "wrapper"), None)
            if not changers or target is None:
                continue
            values = frozenset() if target.star else self.r.values(target.value, use.scope)
            if not values or not all(self.own_definition(v) for v in values):
                what = dotted(target.value) or "a value"
                yield from self.hit("unvouched.api", f"{changers[0]} applied to {what} (not the job's own class)", call)
        for use in (*self.r.loads, *self.r.attribute_loads):
            if id(use.node) in decorators:
                continue
            values = self.r.values(use.node, use.scope)
            changers = self.changers(use.node, use.scope)
            # `Cfg = dataclass(Cfg)` binds the job's class to the call's result: the name then holds both (the
            # resolver does not order bindings), and is the job's class wherever it is read
            if changers and not any(isinstance(v, str) and OWN_CLASS.fullmatch(v) for v in values):
                yield from self.hit("unvouched.api", f"{changers[0]} (handed on as a value)", use.node)

    @staticmethod
    def own_definition(value: object) -> bool:
        """The job's own function or class (not an instance), or what a class changer made of one (`Cfg =
        dataclass(frozen=True)(Cfg)` leaves the name bound to both, `dataclasses.dataclass()()` the latter)."""
        return isinstance(value, FuncRef) or (isinstance(value, str) and (
            (OWN_CLASS.fullmatch(value) is not None and "(" not in value)
            or value.endswith("()") and CLASS_CHANGERS.match(value.removesuffix("()")) is not None))

    def class_settings(self) -> Iterator[Hit]:
        """`@dataclass class SiteArgs(TrainingArguments): torch_compile: bool = True`: a class-level value of the
        job's subclass, named as a keyword the catalogue conditions on a library base (conditioned_settings), is that
        keyword's default for every instance (a data class's generated `__init__`), or the attribute the library
        reads off `self`; no call spells it out, so it is judged as the store `args.torch_compile = True` is
        (setting_ok). The base named in the class statement is no use of its own when its module is catalogued."""
        for qname, bodies in sorted(self.r.class_scopes.items()):
            if not qname.startswith("<class>."):
                continue
            bases = sorted(self.library_bases(qname)[0])
            for body in bodies:
                for name, value in _class_values(body.node):
                    for base in bases:
                        if not self.setting_ok(base, name, value, body):
                            yield from self.hit("unvouched.api", f"{base}().{name} (a class-level value of "
                                                                 f"{qname.removeprefix('<class>.')})", value)

    def changers(self, node: cst.BaseExpression, scope: Scope) -> list[str]:
        return sorted(v for v in self.r.values(node, scope) if isinstance(v, str) and CLASS_CHANGERS.match(v))

    def decorators(self) -> set[int]:
        """id() of every decorator expression of the module (a name, a chain or a call): those of the functions
        and classes the resolver made scopes of (a walk of the whole tree by libcst's visitor cost a small job's
        scan 16% more instructions)."""
        scopes = (*self.r.scope_of.values(), *(b for bodies in self.r.class_scopes.values() for b in bodies))
        return {id(d.decorator) for s in scopes for d in getattr(s.node, "decorators", ())}

    def item_store(self, node: cst.Subscript, scope: Scope) -> Iterator[Hit]:
        """`ds.mirrors[0] = url`, `del ds.resources[0]`: a container past a library call's result (an attribute of an
        instance, also through a name bound to it) changed in place, as `ds.mirrors.__setitem__(0, url)` is, on an
        instance of a class the catalogue vouches by how it downloads: its lists of URLs and checksums are its
        class's, which every later instance downloads from. On other instances an item store is the instance's
        own (`model.classifier[6] = nn.Linear(...)`, `df.loc[m, "age"] = 0`, `out.meta["k"] = v`); so is a
        container the catalogue names (`ds.targets`, the labels it loaded)."""
        for v in sorted(self.r.names(node.value, scope)):
            head, paren, tail = v.rpartition("()")
            if paren and tail.startswith(".") and not OWN_CLASS.match(v) and \
                    "download" in self.conditioned_settings(head) and not self.holding(self.cat.entries(v), None, scope):
                yield from self.hit("unvouched.api", f"{v} (an item changed in place)", node)

    def library_bases(self, own: str) -> tuple[set[str], bool]:
        """The library classes the job's class `<class>.A` derives from (through the job's own
        classes), and whether one of those own classes defines `__init__`."""
        known = self._bases.get(own)
        if known is not None:
            return known
        bases, todo, seen, defines_init = set(), [own], set(), False
        while todo:
            q = todo.pop()
            if q in seen:
                continue
            seen.add(q)
            defines_init |= any("__init__" in body.bindings for body in self.r.class_scopes.get(q, ()))
            for base, where in self.r.class_bases.get(q, ()):
                for b in self.r.names(base, where):
                    (todo.append(b) if OWN_CLASS.fullmatch(b) else bases.add(b))
        self._bases[own] = bases, defines_init
        return bases, defines_init

    def inherited_ok(self, own: str, call: cst.Call, scope: Scope) -> bool:
        """`class C(OPTICS): pass` then `C(memory=share)`: without an `__init__` of the job's, the
        arguments go to the library base's, and meet the conditions the catalogue puts on calling it."""
        bases, defines_init = self.library_bases(own)
        return defines_init or all(self.holding(self.cat.entries(b), call, scope)
                                   for b in bases if any(e.where for e in self.cat.entries(b)))

    def setting_ok(self, constructor: str, setting: str, value: cst.BaseExpression, scope: Scope) -> bool:
        """`p.output_dir = v` judged as `Class(output_dir=v)`: a keyword the catalogue's entries for the class
        condition (conditioned_settings) must meet those conditions when it is stored after the call too."""
        if setting not in self.conditioned_settings(constructor):
            return True
        call = cst.Call(func=cst.Name(constructor.rsplit(".", 1)[-1]), args=[cst.Arg(value, keyword=cst.Name(setting))])
        return self.holding(self.cat.entries(constructor), call, scope, only=setting)

    def conditioned_settings(self, constructor: str) -> set[str]:
        """The keywords the catalogue's entries for a library class condition (`memory` of
        sklearn's Pipeline, `input` of CountVectorizer): an instance keeps them as attributes
        its methods read, so storing one after the call (`p.memory = path`) bypasses the
        conditions the constructor was judged by."""
        return {name for e in self.cat.entries(constructor) for c in e.where
                for name in c.keywords}

    def dunders(self) -> Iterator[Hit]:
        """`g.__builtins__`, `f().__globals__` on a value the gate cannot name (a
        function, a constant, a parameter): interpreter internals reach anything."""
        for use in self.r.dunders:
            node = use.node
            while isinstance(node, cst.Attribute):
                attr = node.attr.value
                if (attr.startswith("__") and attr not in DESCRIPTIVE_DUNDERS
                        and not any(isinstance(v, str) for v in self.r.values(node.value, use.scope))):
                    yield from self.hit("unvouched.api", dotted(node) or f"(a value).{attr}", node)
                node = node.value

    def loads(self) -> Iterator[Hit]:
        items = {id(u.node.value): u.node for u in self.r.subscripts}
        stored = {id(u.node): u.value for u in self.r.stores}
        for use in (*self.r.loads, *self.r.lookups):
            yield from self.unbound(use.node, use.scope)
            node, scope = use.node, use.scope
            item = items.get(id(node))
            if item is not None and len(item.slice) == 1 and isinstance(item.slice[0].slice, cst.Index):
                key = item.slice[0].slice.value  # os.environ["X"], read or set (to the value assigned)
                args = [key] if id(item) not in stored else [key, stored[id(item)]]
                if self.item_vouched(node, "__setitem__" if id(item) in stored else "__getitem__", args, scope):
                    continue
            tested = self.membership_tests().get(id(node))
            if tested is not None and self.item_vouched(node, "__contains__", [tested], scope):
                continue  # "X" in os.environ
            if id(node) in self.annotations() or id(node) in self.type_checks() or self.judged_base(node, scope):
                continue
            yield from self.check(self.r.values(node, scope), None, node, scope)

    def judged_base(self, node: cst.CSTNode, scope: Scope) -> bool:
        """A library class the job's class derives from (`class FLCifar10(CIFAR10)`), which the catalogue
        vouches only in calls that meet conditions: building the job's class is that call, judged where it is
        made (`super().__init__(...)` or `CIFAR10.__init__(self, ...)` as the base's constructor, `FLCifar10(...)`
        by `inherited_ok` when the job's class has no `__init__`), so the base named here is no use of its own.
        Only for a class whose body defines methods alone, undecorated: a class-level value (a dataclass field's
        default, `nemo1_ckpt_path = "x.tar"`) is a setting no call spells out (red team 22)."""
        if self._base_of is None:
            self._base_of = {id(base): qname for qname, bases in self.r.class_bases.items() for base, _ in bases}
        qname = self._base_of.get(id(node))
        if qname is None or not all(not body.node.decorators and all(
                isinstance(item, FuncRef) for items in body.bindings.values() for item in items)
                for body in self.r.class_scopes.get(qname, ())):
            return False
        names = [v for v in self.r.values(node, scope) if isinstance(v, str)]
        return bool(names) and all(self.cat.entries(v) and all(e.where for e in self.cat.entries(v)) for v in names)

    def handed_on(self) -> Iterator[Hit]:
        """A method the catalogue vouches for only in calls that meet conditions (`to_parquet` to a job path), read
        as a value instead of called (`functools.partial(frame.to_parquet, "/mnt/share/x")`, `w = frame.to_parquet`
        then `w(dest)`, `map(df.to_csv, paths)`): where it is called at last, the callee is a name or partial's
        result, and its arguments meet no condition. It escalates, as `torch.save` handed on does; an entry that
        vouches the attribute as data (`parse_args().*`) or the job's own method keeps it (red team 24)."""
        for use in (*self.r.loads, *self.r.attribute_loads):
            node = use.node
            if not isinstance(node, cst.Attribute):
                continue
            members = self.cat.members.get(node.attr.value)
            if not members or any(not e.where or all(c.literal == "reductions-or-data" for c in e.where)
                                  for e in members):
                continue  # (a dataset's `self.transform`, read to test it: its call is judged by what it is handed)
            values = self.r.values(node, use.scope)
            if values and all(isinstance(v, FuncRef) or (isinstance(v, str) and not OWN_CLASS.match(v) and any(
                    not e.where for e in self.cat.entries(v))) for v in values):
                continue
            name = next((v for v in sorted(x for x in values if isinstance(x, str))), f"(a value).{node.attr.value}")
            yield from self.hit("unvouched.api", f"{name} (handed on as a value)", node)

    def interpolations(self) -> Iterator[Hit]:
        """Each `${oc.env:NAME}` in the module's strings, which a vouched DictConfig, ListConfig or OmegaConf.create
        resolves when the value is read, is vouched as the code's own `os.environ.get("NAME")` is, else escalates
        naming the variable (a config file's: detectors/configs.py)."""
        literals = literal_texts(self.ctx.module, INTERPOLATED_TEXT) if _DOLLAR.search(self.ctx.source) else ()
        for node, text in (*literals, *self.assembled_texts()):
            for m in ENV_INTERPOLATION.finditer(text):
                name = m.group(1).strip()
                if not self.cat.reads_env(name):
                    yield from self.hit("unvouched.api", f"os.environ.get({name!r}) (an OmegaConf interpolation)", node)

    def assembled_texts(self) -> Iterator[tuple[cst.CSTNode, str]]:
        """In a unit that uses OmegaConf, the texts the code assembles from pieces (`"$" + "{oc.env:HF_TOKEN}"`),
        no literal of which shows an interpolation whole, as the resolver folds them where a call is handed them
        (in a literal list, tuple, set or dict too) or an attribute or item is set to them."""
        program = self.r.program
        if not (_uses_omegaconf(self.ctx.source.encode("utf-8", "surrogateescape")) if program is None
                else program.any_text(_uses_omegaconf, self.ctx.path)):
            return
        for use in (*self.r.calls, *self.r.stores):
            todo = [a.value for a in use.node.args] if isinstance(use.node, cst.Call) else [use.value]
            while todo:
                node = todo.pop()
                if isinstance(node, (cst.List, cst.Tuple, cst.Set, cst.Dict)):
                    todo += [e.value for e in node.elements]
                elif node is not None and not isinstance(node, cst.SimpleString):
                    yield from ((node, c) for c in self.r.constants(node, use.scope)
                                if isinstance(c, str) and len(c) <= INTERPOLATED_TEXT)

    def item_vouched(self, mapping: cst.BaseExpression, method: str, args: list, scope: Scope) -> bool:
        """An item of a catalogued mapping by its key (`os.environ["X"]`): the
        catalogue's `os.environ.__getitem__`, `__setitem__` or `__contains__`
        entries, with the key as their argument 0 (and a stored value, or
        None for `del`, as argument 1)."""
        call = cst.Call(func=mapping, args=[cst.Arg(a) for a in args if a is not None])
        names = list(self.names(self.r.values(mapping, scope)))
        return bool(names) and all(self.holding(self.cat.apis.exact.get(f"{n}.{method}", []), call, scope)
                                   for n in names)

    def annotations(self) -> set[int]:
        """The dotted names that are a function parameter's or return's whole annotation (`def f(m:
        CatBoostClassifier)`), and their chains' parts, when nothing in the unit reads annotations back:
        Python only stores the object in the function's `__annotations__`, so it is called nowhere, and a
        catalogue entry's conditions are met or not where the API is called. Class-body annotations stay
        uses (dataclasses and pydantic build from them)."""
        if self._annotations is None:
            found: set[int] = set()
            for scope in self.r.scope_of.values():  # every function of the module
                node = scope.node
                if not isinstance(node, cst.FunctionDef):
                    continue
                for mark in [p.annotation for p in _params(node.params)] + [node.returns]:
                    part = mark.annotation if mark is not None and dotted(mark.annotation) is not None else None
                    while isinstance(part, cst.Attribute):
                        found.add(id(part))
                        part = part.value
                    if part is not None:
                        found.add(id(part))
            self._annotations = found if found and self.annotations_unread() else set()
        return self._annotations

    def signatures_read(self) -> set[int]:
        """The names in the module's annotations and parameter defaults, when a module of the unit names a road
        back to them: a module there (`def f(env: os)`, `def f(env=os)`) is handed on, as
        `typing.get_type_hints(f)["env"]` or `inspect.signature(f).parameters["env"].default` hand it out, untyped."""
        if self._read is None:
            self._read = set()
            functions = [s.node for s in self.r.scope_of.values() if isinstance(s.node, (cst.FunctionDef, cst.Lambda))]
            marks = [use.node for use in self.r.annotations] + [
                p.default for fn in functions for p in _params(fn.params) if p.default is not None]
            if marks and not self.annotations_unread():
                while marks:
                    n = marks.pop()
                    if isinstance(n, (cst.Name, cst.Attribute)):
                        self._read.add(id(n))
                    marks.extend(n.children)
        return self._read

    def type_checks(self) -> set[int]:
        """The dotted names that are the class `isinstance(c, ContainerRetriever)` or `issubclass` tests
        against (alone or in a literal tuple), and their chains' parts: the test reads the class and calls
        nothing of it (its metaclass's `__instancecheck__` is the library's), so testing a value against a class
        the catalogue does not vouch for is no use of it; importing its module still is."""
        if self._type_checks is None:
            self._type_checks = set()
            for use in self.r.calls:
                call = use.node
                if len(call.args) != 2 or any(a.keyword is not None or a.star for a in call.args) or \
                        not self.r.values(call.func, use.scope) <= _TYPE_TESTS:
                    continue
                tested = call.args[1].value
                for part in tested.elements if isinstance(tested, cst.Tuple) else [tested]:
                    node = part.value if isinstance(part, cst.Element) else part
                    if dotted(node) is None:
                        continue
                    while isinstance(node, cst.Attribute):
                        self._type_checks.add(id(node))
                        node = node.value
                    self._type_checks.add(id(node))
        return self._type_checks

    def annotations_unread(self) -> bool:
        """No module of the unit (this one alone without a program) names a road back to annotations."""
        program = self.r.program
        if program is None:
            return not _reads_annotations(self.ctx.source.encode("utf-8", "surrogateescape"))
        return not program.any_text(_reads_annotations, self.ctx.path)

    def presence_reads(self) -> frozenset[int]:
        """The environment reads the module only tests for being set (flow/presence.py)."""
        return presence_reads(self.r)

    def membership_tests(self) -> dict[int, cst.BaseExpression]:
        """id(container) -> key of every `key in container` / `not in` of the module."""
        if self._tests is None:
            self._tests = {}
            for cmp in self.r.comparisons:
                left = cmp.left
                for target in cmp.comparisons:
                    if isinstance(target.operator, (cst.In, cst.NotIn)):
                        self._tests[id(target.comparator)] = left
                    left = target.comparator
        return self._tests


def internal_attribute(name: str) -> bool:
    """An attribute that reaches interpreter internals: a dunder that does more than describe its value, or a
    frame's."""
    return name in FRAME_ATTRIBUTES or (name.startswith("__") and name not in DESCRIPTIVE_DUNDERS)


def _private(part: str) -> bool:
    """A member named as private (`_finalizer`), not a dunder."""
    return part.startswith("_") and not part.startswith("__")


def internals(name: str) -> bool:
    return any(p.startswith("__") and p.rstrip("()") not in ORDINARY_DUNDERS for p in name.split(".")[1:])


def called_prefixes(name: str) -> list[str]:
    """The methods called past the first call result of `name`, each as the name up to it:
    `f().a.b().c` -> `f().a.b`, `f().a.b().c`. Attributes read on the way (`.a`,
    `outputs.loss`) run no code of their own."""
    pieces = name.split("()")
    return ["()".join(pieces[: i + 1]) for i in range(1, len(pieces)) if pieces[i].strip(".")]


def chain_calls(call: cst.Call) -> list[cst.Call]:
    """The calls an expression spells out, outermost first: `df.eval(s).fillna(0)` -> fillna(0), eval(s)."""
    calls: list[cst.Call] = []
    node: cst.BaseExpression = call
    while isinstance(node, cst.Call):
        calls.append(node)
        node = node.func
        while isinstance(node, cst.Attribute):
            node = node.value
    return calls


@python_detector("vouch")
def vouch(ctx: PythonContext) -> Iterator[Hit]:
    v = _Vouch(ctx, load_catalogue(ctx.policy))
    yield from v.imports()
    yield from v.calls()
    yield from v.loads()
    yield from v.handed_on()
    yield from v.interpolations()
    yield from v.foreign_stores()
    yield from v.changed_classes()
    yield from v.class_settings()
    yield from v.dunders()


def _class_values(node: cst.CSTNode) -> Iterator[tuple[str, cst.BaseExpression]]:
    """(name, value) of each plain `name = value` and `name: T = value` in a class statement's own body."""
    if not isinstance(node, cst.ClassDef) or not isinstance(node.body, cst.IndentedBlock):
        return
    for stmt in node.body.body:
        for small in stmt.body if isinstance(stmt, cst.SimpleStatementLine) else ():
            if isinstance(small, cst.AnnAssign) and small.value is not None and isinstance(small.target, cst.Name):
                yield small.target.value, small.value
            elif isinstance(small, cst.Assign):
                for t in small.targets:
                    if isinstance(t.target, cst.Name):
                        yield t.target.value, small.value


def _uses_omegaconf(text: bytes) -> bool:
    return b"omegaconf" in text or b"hydra" in text


def _reads_annotations(text: bytes) -> bool:
    return _ANNOTATION_READERS.search(_FUTURE_ANNOTATIONS.sub(b"", text)) is not None


def _params(params: cst.Parameters) -> list[cst.Param]:
    star = [params.star_arg] if isinstance(params.star_arg, cst.Param) else []
    kwargs = [params.star_kwarg] if params.star_kwarg is not None else []
    return [*params.posonly_params, *params.params, *star, *params.kwonly_params, *kwargs]
