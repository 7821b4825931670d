"""What the flow analysis computes with: a value is a frozenset of Origins (where it may come from) and
Params (what a function's caller passed), and the operations on such sets."""

from __future__ import annotations

import builtins
import dataclasses
import operator

import libcst as cst

from ..resolve import Kinds, children
from .names import (
    DATA, HOST, MAX_ORIGINS, OBJECT, SECRET, UNKNOWN, _ESTIMATOR_OWNERS, _TEMP_FILE_MAKERS, _WRITER_DESTINATIONS,
)


# What an Origin or a Param computes once and keeps in itself (_hash_once, _decisive_first, _but's copies, _in_source);
# a copy with other fields (_but) starts without them.
_DERIVED = ("_hash", "_rank", "_copies", "_source")


# Origins and parameters made during an analysis, each once: (value, id(its node)) -> the value (_Interned).
_INTERNED: dict[tuple, object] = {}

_MADE: dict[tuple, object] = {}  # (class, arguments as spelled) -> the value they made (a node compares by identity)


class _Interned(type):
    """Origin(...) and Param(...) hand back the one equal value made at the same node so far in the analysis.
    The same origins and parameters are made again at every round, loop pass and evaluation (a parameter's
    Param at each), and so are their copies (_but): as one object with one memo of copies, sets of them meet
    by identity instead of the dataclass's __eq__ comparing twenty fields (2.4 million comparisons on the
    stdlib subset, a sixteenth of its analysis). Copies are interned too (_but): they are reached by several
    roads (`_through`'s three changes at once, or one at a time). The node is part of the key: equal origins
    at other nodes (a bound's markers) stay apart, as findings name their node. Emptied when an analysis
    ends (analyze)."""

    def __call__(cls, *args, **kwargs):
        spelled = (cls, args, tuple(kwargs.items()))  # `Param(name)` at every evaluation: not built again
        value = _MADE.get(spelled)
        if value is None:
            value = type.__call__(cls, *args, **kwargs)
            value = _MADE[spelled] = _INTERNED.setdefault((value, id(value.__dict__.get("node"))), value)
        return value


def _hash_once(cls):
    """The dataclass's generated hash, computed once per value and kept: origins and parameters are hashed
    whenever a set of them is built, and hashing their twenty fields each time was a tenth of a large
    tree's analysis. The value is the generated one, so sets of them iterate in the same order."""
    computed = cls.__hash__

    def __hash__(self) -> int:
        try:
            return self._hash  # an attribute read: a third of the time of a look-up in __dict__
        except AttributeError:
            h = self.__dict__["_hash"] = computed(self)
            return h

    def __getstate__(self) -> dict:  # a copy in another process hashes its strings anew
        return {k: v for k, v in self.__dict__.items() if k not in _DERIVED}

    cls.__hash__ = __hash__
    cls.__getstate__ = __getstate__
    return cls


@_hash_once
@dataclasses.dataclass(frozen=True)
class Origin(metaclass=_Interned):
    """Where tainted data comes from."""

    kind: str  # DATA, HOST, SECRET, UNKNOWN or OBJECT
    what: str  # e.g. "pandas.read_csv"
    node: cst.CSTNode = dataclasses.field(compare=False, hash=False, repr=False)
    key: int = 0  # id(node): identity of the source
    elem: bool = False  # an element taken one at a time from the data
    scalar: bool = False  # ... and turned into a scalar
    protocol: bool = False  # rows selected by a fitted model's support (federated SVM)
    minor: bool = False  # keys of a mapping: not counted in the log
    valued: bool = False  # held in the values of a dict: iterating the dict yields its keys
    instance: bool = False  # UNKNOWN: an object built by code the gate cannot see (calling it predicts,
    #                         its state_dict() is a model's state; anything else it hands out is unknown)
    product: bool = False  # a product with a transposed copy (X.T @ X): sums over rows, may carry them
    part: bool = False  # rows the code chose (a slice, an index, a mask, a weighting, a list that wraps it,
    #                     a call that is no conversion): a reduction of it is no aggregate (reviewed)
    shifted: bool = False  # DATA moved by a number the code chose (`ids - 1042`, `63 - age`), no other site value
    #                        combined with it: a bump, a step or a hinge of it (selector_calls) is a mask (Origin.mask)
    nan: bool = False  # shifted, then through a function with a limited domain (domain_calls: `np.sqrt(-(ids -
    #                    1042.0) ** 2)`, `d / d`): NaN where the code chose; a NaN-skipping reduction or a NaN filter
    #                    of it keeps the rows the code chose (_nan_kept), any other reduction is what it was
    few: bool = False  # part, the rows named by constant positions (`x[7]`, `x[[7, 7]]`, `x[7:9]`: _named_rows): one
    #                    row or a handful, never a share, a shard or a loader's batch, so what training is given of
    #                    them (backward() of a loss over them, a model's running statistics) is those rows
    masked: bool = False  # few, by a mask the code chose (`x[ids == 1042]`, `x[onehot]`): any number of rows, as a
    #                       site's partition is chosen; a loader of them hands out batches (no named rows)
    each: bool = False  # part only as an element a loop hands out, one at a time: appended for every element
    #                     (accumulate.appending) the list holds them all; any choice of rows clears it
    loader: bool = False  # a loader of the whole dataset: iterating it hands out batches, not rows
    batch: bool = False  # a batch a loader handed out: a constant item of it is a field of the batch
    callback: bool = False  # what a job's callback returns, handed back by a library fit or evaluate
    mask: bool = False  # a comparison with a value the code chose (`ids == 1042`): weighting by it picks rows
    statistic: bool = False  # UNKNOWN: a statistic of chosen rows; no later reduction or number makes it clean
    logged: bool = False  # UNKNOWN that counts in the log: the content of a file at a path the code does not name
    memorized: bool = False  # DATA in a model's state: the targets of a fit on a design with no site data
    bound: bool = False  # UNKNOWN: stands for what a bound of the analysis cut off (named after real origins)
    assigned: bool = False  # DATA: a fitted clusterer's cluster index of each row it saw (`km.labels_`)
    labels: bool = False  # the classes a fit was told (`partial_fit(x, y, classes=np.unique(y))`): in classes_
    #                       and a classifier's predict(), only their number in its coefficients
    held: bool = False  # DATA an object of the job's class was built with, read back through it (_built_with):
    #                     flows as the site's data, reported as of unknown provenance
    named: bool = False  # UNKNOWN: the site's data held under a name like `loss` (Frame.assign_named) or written
    #                      to a file and read back (_review_site): reported as of unknown provenance, still its
    #                      rows or cells for what a number or a size keeps
    text: bool = False  # UNKNOWN: a text of the site's deployment (the host's name, a setting): never a tensor,
    #                     so float()/int() of it is the text as one number (_scalarize). Not an environment
    #                     variable a launcher sets to a number (sources.yaml numeric_env_names):
    #                     `int(os.environ["LOCAL_RANK"])` picks the device a DDP job evaluates on
    machine: bool = False  # UNKNOWN text: a fact that names the host or its user (sources.yaml host_identity)
    place: bool = False  # UNKNOWN text: an absolute path of the site's file system (sources.yaml host_paths); a file
    #                      read or probed at it hands out the file, not the path (Frame._e_call)

    def but(self, **changes) -> "Origin":
        return _but(self, changes)


@_hash_once
@dataclasses.dataclass(frozen=True)
class Param(metaclass=_Interned):
    """A parameter of the function being summarised (symbolic taint)."""

    name: str
    elem: bool = False
    scalar: bool = False
    protocol: bool = False
    minor: bool = False
    path: bool = False  # not the parameter's value: a file read at the path the parameter names
    valued: bool = False
    keyed: bool = False  # iterated by `for k in param`: the keys, if the argument is a dict
    product: bool = False  # multiplied with a transposed copy (X.T @ param)
    gradient: frozenset = frozenset()  # a design matrix of a vouched product: what each call must pass
    #                                    for it to sum like an aggregate (gradients.satisfied)
    part: bool = False  # rows the function chose from the parameter (see Origin.part)
    labels: bool = False  # the parameter's column labels (`df.columns`): its header when the call passes a
    #                       table taken whole, else reviewed (Frame.apply, as expressions' labels of a name)
    rows: bool = False  # iterated: the caller's rows one at a time, or batches when it passes a loader
    reduced: bool = False  # reduced over its rows: an aggregate when the caller passes data taken whole
    every: bool = False  # with rows and reduced: a sum of one number of each element over every element the
    #                      parameter hands out (Frame.summed), not one batch of it: at each call an aggregate of
    #                      data taken whole however it is batched (a loader of one-row batches too), of rows the
    #                      caller chose a statistic (_through; a loader of a partition: Calls.apply's passed)
    distinct: bool = False  # its distinct values (Calls.summarize "distinct"): they count in the log, at each call
    mask: bool = False  # compared with a value the function chose (Origin.mask, at each call)
    shifted: bool = False  # moved by a number the function chose (Origin.shifted): a bump or a step of it is a mask
    nan: bool = False  # shifted, then NaN where the function chose (Origin.nan)
    dotted: frozenset = frozenset()  # the parameters (SITE: the site's data) it was multiplied with by `@`
    #                                  (_matmul): judged at each call by what the call passes for both
    weighted: frozenset = frozenset()  # the parameters (SITE: the site's data) it met in a row-wise operation
    #                                    (`x * w`): a mask the call passes for either picks rows (Frame.row_wise)

    def but(self, **changes) -> "Param":
        return _but(self, changes)


EMPTY: frozenset = frozenset()


def _but(value, changes: dict):
    """A copy with some fields changed, or the value itself when they already hold (the common case).
    Copies the fields directly: dataclasses.replace re-runs the frozen __init__ (ten times slower).
    The copy is kept in the value for the same changes (the same flags are set on the same origins in
    every round, loop pass and call): half the copies of the stdlib subset were made again, each hashed
    anew and compared field by field with its twins in every set. Values are frozen, so a kept copy is
    the copy that would be made."""
    held = value.__dict__
    for k, v in changes.items():
        if held[k] != v:
            break
    else:
        return value
    key = tuple(changes.items())
    copies = held.get("_copies")
    if copies is None:
        copies = held["_copies"] = {}
    else:
        copy = copies.get(key)
        if copy is not None:
            return copy
    copy = object.__new__(value.__class__)
    fields = copy.__dict__
    fields.update(held)
    fields.update(changes)
    for k in _DERIVED:
        fields.pop(k, None)
    copy = _INTERNED.setdefault((copy, id(fields.get("node"))), copy)  # made by other roads too (_Interned)
    copies[key] = copy
    return copy


def _cap(t: frozenset) -> frozenset:
    """At most MAX_ORIGINS origins, and never a cleaner value for it. Parameters all stay: there are as many
    as the signature has, and a dropped one would lose what its callers pass (a helper with eight decoy
    parameters returned the site's rows clean). Of the origins, the most decisive stay (secrets, then data,
    chosen rows before rows taken whole), never chosen by identity (`key` is an id()) so that the same
    code keeps the same origins in every run; what is dropped leaves a marker that no reduction cleans, so
    that a value with more sources than the gate follows is reviewed, never passed.
    A set over the bound is cut once per analysis (_CAPPED): the same unions are capped again at every
    round, loop pass and call, and sorting them was a tenth of a large tree's analysis."""
    if len(t) <= MAX_ORIGINS:
        return t
    return _memo(_CAPPED, t, t, _cut)


def _keyless(t: frozenset) -> frozenset:
    """The identities of t's origins with no key of their own (a bound's marker): one equals its twins at
    other nodes, so a memo of t's values (_CAPPED, _PASSED) also names which ones t holds."""
    return frozenset([id(o) for o in t if o.__class__ is Origin and not o.key])


def _memo(table: dict, key, t: frozenset, make):
    """What make(t) made for a key that holds t, by value, and by which of their twins t's keyless origins
    are (_keyless). Most sets hold none, and a set equal to one that holds none holds none either (the key
    of 0 is a field equality compares): then the value made first is the one, without asking _keyless of
    t. An entry: [the first set, its value, its keyless origins (asked at the first hit), keyless origins ->
    the value made for the others]; most entries are never hit."""
    entry = table.get(key)
    if entry is None:
        value = make(t)
        table[key] = [t, value, None, {}]
        return value
    first = entry[2]
    if first is None:
        first = entry[2] = _keyless(entry[0])
    if not first:
        return entry[1]
    keyless = _keyless(t)
    if keyless == first:
        return entry[1]
    made = entry[3].get(keyless)
    if made is None:
        made = entry[3][keyless] = make(t)
    return made


GRADIENT = "a parameter's gradient (what the last backward() computed from its batch)"  # `p.grad` (Expressions)

# How one gradient read's copies that differ in these flags merge (_one_gradient): each kept where it makes the
# value a row or a selector (part, mask), and where it may let a sum clean it (each, scalar) only if all had it.
_GRADIENT_FLAGS = {"part": any, "mask": any, "each": all, "scalar": all}


def _one_gradient(origins: list) -> list:
    """A gradient read's copies, that operations made by flags (a comprehension's element, a slice, a test), as
    one: of unknown provenance whatever their flags, they filled the bound, and a loop summing per-step
    gradients (dasha's mega-batch) never settled and was widened, its batch held by the sum (red team 57c)."""
    groups: dict = {}
    for o in origins:
        if o.what == GRADIENT:
            groups.setdefault(_but(o, dict.fromkeys(_GRADIENT_FLAGS, False)), []).append(o)
    if all(len(g) == 1 for g in groups.values()):
        return origins
    merged = [_but(g[0], {k: how(getattr(o, k) for o in g) for k, how in _GRADIENT_FLAGS.items()})
              for g in groups.values()]
    return [o for o in origins if o.what != GRADIENT] + merged


def _cut(t: frozenset) -> frozenset:
    origins = [o for o in t if o.__class__ is Origin]
    if len(origins) <= MAX_ORIGINS:
        return t
    merged = _one_gradient(origins)
    if len(merged) < len(origins):
        return _cap(frozenset([o for o in t if o.__class__ is not Origin] + merged))
    objects = [o for o in origins if o.kind == OBJECT]  # _objects, from the origins already picked out
    if objects:  # without them an object is what it was built with again (Frame.object_attribute)
        return _cap(t.difference(objects))
    ordered = _most_decisive(origins, MAX_ORIGINS - 1)
    kept = ordered[:MAX_ORIGINS - 1]
    return frozenset([o for o in t if o.__class__ is not Origin] + kept + [_marker(ordered[MAX_ORIGINS - 1].node)])


def _marker(node: cst.CSTNode) -> Origin:
    """The marker of a bound's cut placed at `node`: one per node (_per_object), as every cut there makes the same."""
    return _per_object(_MARKERS, node, lambda: Origin(UNKNOWN, "a value that mixes more sources than the gate follows",
                                                      node, statistic=True, logged=True, bound=True))


def _decisive_first(o: Origin) -> tuple:
    """Secrets, then data, chosen rows before rows taken whole, markers of a bound after the origins they
    stand beside; by content (the origin's fields but its identity, as text), never by identity. Computed
    once per origin (its fields never change): the same origins are sorted over and over."""
    held = o.__dict__
    rank = held.get("_rank")
    if rank is None:
        rank = held["_rank"] = (not _secret(o), _RANK.get(o.kind, 9), o.bound, not o.part, not o.statistic,
                                repr(o.but(key=0)))
    return rank


def _most_decisive(origins: list, cut: int) -> list:
    """The origins most decisive first (_decisive_first); where origins that rank alike straddle the cut (what
    is kept, and which dropped one a bound's marker is placed at), they follow their source text (_in_source)
    instead of the set's order, which follows ids and PYTHONHASHSEED (dasha's marker moved between lines)."""
    ordered = sorted(origins, key=_decisive_first)
    if _straddle(ordered, cut, _decisive_first):
        ordered.sort(key=_in_source)
        if _straddle(ordered, cut, _in_source):  # the same code at two places (`self.getter()` in two methods)
            ordered.sort(key=_in_place)
    return ordered


def _least_decisive(origins: set) -> Origin:
    """The last of the origins by _in_source, by where they are (_in_place) among the same code at two places."""
    keys = list(map(_in_source, origins))  # each asked once: a set iterates in the same order twice
    last = max(keys)
    tied = [o for o, key in zip(origins, keys) if key == last]
    return max(tied, key=_in_place) if len(tied) > 1 else tied[0]


def _straddle(ordered: list, cut: int, key) -> bool:
    """Whether origins that rank alike by `key` straddle the cut."""
    return any(key(a) == key(b) for a, b in zip(ordered[cut - 1:cut + 1], ordered[cut:cut + 2]))


_NO_MODULE = cst.Module(body=[])

# What is made once per node of the trees being analysed: id(node) -> (node, what), the node kept beside its id so
# that an id a later tree reuses never finds another node's entry (_per_object); emptied when an analysis ends
# (analyze), so that no tree outlives it. _TEXTS: the code an origin was read at (_in_source); _MARKERS: a bound's marker.
_TEXTS: dict[int, tuple] = {}

_MARKERS: dict[int, tuple] = {}

# Memos of values (_memo: _keyless says which of its twins an origin with no key is): _cap's cuts, a set over the
# bound -> what it keeps; _passed_through's, (parameter, what a call passes) -> what it adds. A key holds its sets, so their origins and nodes: no id it names is reused while it
# is kept. Emptied with the tables above.
_CAPPED: dict[tuple, frozenset] = {}

_PASSED: dict[tuple, tuple] = {}

# _passed_one's memo, (id(value), parameter) -> (the value, what it adds): by identity, as a value's twins at other
# nodes (a bound's marker) must keep their own node; the entry holds the value, so its id is not reused meanwhile.
_PASSED_ONE: dict[tuple, tuple] = {}

# _place's table of the trees walked so far, id(node) -> (node, (path, place)), and their paths, for a module of
# no program (a program keeps its own: Program.flow_places); the resolver whose analysis runs (analyze), for the
# program's trees. Emptied with the tables above.
_PLACES: dict[int, tuple] = {}

_WALKED: set[str] = set()

_ANALYSING: list = []


def _per_object(table: dict, obj: object, make):
    """What `make` made for `obj`, kept under id(obj) beside `obj` itself: a freed object's id that a new one
    reuses never finds the old one's entry."""
    entry = table.get(id(obj))
    if entry is None or entry[0] is not obj:
        entry = table[id(obj)] = (obj, make())
    return entry[1]


def _in_source(o: Origin) -> tuple:
    """_decisive_first, then the text of the code the origin was read at: the same for the same code in every
    run, unlike its identity (`key` is an id()). Asked only of origins that rank alike, so rendered on demand,
    once per node (the origins of a bound's cut are the same few nodes over and over: rendering each origin's
    code was most of a large tree's time). Kept in the origin (its fields and node never change): a leak over
    the bound asks it of each of its origins at every origin added (_least_decisive), 1.3 million times on the
    stdlib subset."""
    held = o.__dict__
    found = held.get("_source")
    if found is None:
        node = o.node
        # read at no code of its own (and no whole tree kept in the table)
        code = "" if isinstance(node, cst.Module) else _per_object(_TEXTS, node, lambda: _NO_MODULE.code_for_node(node))
        found = held["_source"] = (_decisive_first(o), code)
    return found


def _in_place(o: Origin) -> tuple:
    """_in_source, then where the origin's node is: the path of its module and its place in a walk of that
    module's tree, the same in every run. Asked only where the same code at two places straddles a cut."""
    in_source = _in_source(o)
    return in_source, _place(o.node, in_source[1])


def _place(node: cst.CSTNode, code: str) -> tuple[str, int]:
    """(module path, place in a preorder walk of its tree) of a node of the modules resolved so far, walking
    the analysed one and those whose text holds the first line of its code first. A node the gate built from
    the code's own (`cst.Call(func=decorator, args=[name])` of a decorated function) is where its first part
    is, so that origins read at two such nodes tie no more than the code they stand for; ("", -1) for none."""
    program = _ANALYSING[0].program if _ANALYSING else None
    places, walked = (program.flow_places, program.flow_walked) if program is not None else (_PLACES, _WALKED)
    entry = places.get(id(node))
    if entry is not None and entry[0] is node:
        return entry[1]
    others = program.resolved() if program is not None else []
    line = code.strip().split("\n", 1)[0]
    first = [r for r in others if program.holds(r.path, line)]
    for r in _ANALYSING + first + [r for r in others if r not in first]:
        if r.path not in walked:
            walked.add(r.path)
            stack, place = [r.module], 0
            while stack:
                n = stack.pop()
                places[id(n)] = (n, (r.path, place))
                place += 1
                stack.extend(reversed([*children(n)]))  # in source order
            entry = places.get(id(node))
            if entry is not None and entry[0] is node:
                return entry[1]
    return next((p for c in children(node) if (p := _place(c, code)) != ("", -1)), ("", -1))


_BUILTIN_NAMES = frozenset(dir(builtins))

# what an attribute read of an object may run instead of finding the attribute (protocol.py)
_ATTRIBUTE_HOOKS = ("__getattr__", "__getattribute__")

_RANK = {SECRET: 0, DATA: 1, HOST: 2, UNKNOWN: 3}


def _with_flags(t: frozenset, **flags) -> frozenset:
    return _as_set(t, [_but(o, flags) for o in t]) if t else t


def _as_set(t: frozenset, changed: list) -> frozenset:
    """`changed`, t's values one by one changed, as a set: t itself when none changed (most calls: a set
    is not built and hashed again only to equal t)."""
    return t if all(map(operator.is_, changed, t)) else frozenset(changed)


def _elements(t: frozenset) -> frozenset:
    return _with_flags(t, elem=True)


def _each_element(t: frozenset, over: frozenset) -> frozenset:
    """The elements in a value of what a loop goes `over`, or what was derived from each (`model(r)`), not chosen
    again nor compared."""
    keys = {o.key for o in over if isinstance(o, Origin)}
    return frozenset(o for o in t if isinstance(o, Origin) and o.each and o.part and not o.mask and o.key in keys)


def _rows_of(each: frozenset, over: frozenset) -> frozenset:
    """What a list of a value of every element holds: the rows of what the loop went over, as it held them."""
    keys = {o.key for o in each}
    return frozenset(o for o in over if isinstance(o, Origin) and o.key in keys)


def _holder(node: cst.CSTNode) -> str | None:
    """The name a `total += v` or an `out.append(v)` adds into."""
    held = node.target if isinstance(node, cst.AugAssign) else node.func.value
    return held.value if isinstance(held, cst.Name) else None


def _no_elem(t: frozenset) -> frozenset:
    return frozenset(o.but(elem=False, scalar=False) if o.elem else o for o in t) if t else t


def _host_path(what: str, node: cst.CSTNode) -> Origin:
    """An absolute path of the site's file system (Origin.place)."""
    return Origin(UNKNOWN, f"a path of the site's file system ({what})", node, id(node), text=True, place=True)


def _no_places(t: frozenset) -> frozenset:
    """What a file read or probed at a path hands out: the file, not the path (Origin.place)."""
    return frozenset(o for o in t if not (isinstance(o, Origin) and o.place)) if t else t


def _scalarize(t: frozenset) -> frozenset:
    """float()/int()/.item(): one number of what goes in. Of the site's data taken whole that number is a
    reduction of it (`loss.item()`, whatever computed the loss); of rows the code chose it is their value
    (`x[i, j].item()` is a cell): the origins stay. An element stays a (scalar) element; a secret and what
    a job's callback returned stay what they are; a parameter is judged at each call. Like a reduction, it
    does not keep a value of unknown provenance, but a text of the site's deployment (Origin.text), whose
    digits it parses whole (red team 20), and the content of a file at a path the code does not name
    (Origin.logged: `float(open(cfg["f"], "rb").read()[7])` is a byte of the file, red team 44b)."""
    out = set()
    for o in t:
        if isinstance(o, Param):
            out.add(o.but(reduced=True))
        elif o.elem:
            out.add(o.but(scalar=True))
        elif o.kind == SECRET or o.callback or o.statistic or o.text or o.logged or \
                (o.part and (o.kind in (DATA, HOST) or o.named)):
            out.add(o)
    return frozenset(out)


_STATISTIC = "a statistic of the site's data the gate cannot vouch for"


def _column_labels(t: frozenset) -> frozenset:
    """The column labels of a table not taken whole: a pivot, a set_axis or a set_index may have made values of
    the data its labels (`pivot_table(columns="patient_name").columns`), reviewed; a parameter's, judged at each
    call by what the caller passes (Param.labels)."""
    return frozenset(o.but(labels=True) if isinstance(o, Param) else o
                     for o in _review(t, "the column labels of a table the gate cannot vouch for"))


def _count(t: frozenset) -> frozenset:
    """A count or a size: what goes in does not come out; a secret stays a
    secret (its length or its digest still identify it), and so does what a job's callback returned."""
    return frozenset(o for o in t if isinstance(o, Origin) and (o.kind == SECRET or o.callback)) if t else t


def _raw_in_loss(t: frozenset) -> frozenset:
    """What a loss's backward() writes into the parameters besides a gradient: rows or cells the code chose that
    reach the loss unreduced (`(loss * float(cell)).backward()` scales the whole update by the cell, `* (cell > t)`
    zeroes it), reviewed: a loss the gate does not know (`getattr(torch.nn, name)()(model(x), y)`) may reduce them.
    The data taken whole or a loader's batches are what training is; a loss over rows the code chose that a known
    loss reduced is a statistic, like every reduction of them, and is left as it is (a hand-made minibatch), but
    not of rows named by constant positions (Origin.few): the gradient of a loss over row 7 is row 7's."""
    chosen = frozenset(o for o in t if isinstance(o, Origin) and (o.kind == SECRET or _chosen_cell(o) or _one_row(o))) \
        if t else t
    return _review(chosen, "reached a loss's backward() unreduced")


def _shifted(t: frozenset) -> frozenset:
    """The site's values moved by a number the code chose (Origin.shifted), or a parameter so moved (Param.shifted:
    red team 46a, `def drift(a, i): return (a * np.sign(i - 1042) ** 2).sum()` was judged as a plain product)."""
    return frozenset(o.but(shifted=True) if isinstance(o, Param) or (isinstance(o, Origin) and _site(o)) else o
                     for o in t) if t else t


def _unshifted(t: frozenset) -> frozenset:
    return frozenset(o.but(shifted=False) if isinstance(o, (Origin, Param)) and o.shifted else o for o in t) \
        if t else t


def _bumped(t: frozenset) -> frozenset:
    """A bump, a step or a hinge (selector_calls) of values moved by a number the code chose: 1 near that value and
    0 elsewhere (`exp(-1e6 * (ids - 1042) ** 2)`, `relu(1 - (ids - 1042).abs())`), a mask as `ids == 1042` is."""
    return frozenset(o.but(mask=True) if isinstance(o, (Origin, Param)) and o.shifted else o for o in t) if t else t


def _holed(t: frozenset) -> frozenset:
    """A function with a limited domain (domain_calls) of values moved by a number the code chose: NaN where they
    leave it, which the code chose (Origin.nan)."""
    return frozenset(o.but(nan=True) if isinstance(o, (Origin, Param)) and o.shifted else o for o in t) if t else t


def _nan_kept(t: frozenset) -> frozenset:
    """What a NaN-skipping reduction or a NaN filter (dropna, fillna, isnan) keeps of values with NaN where the code
    chose (Origin.nan): the other rows, picked by the code as a mask picks them (`np.nanmean(age + np.sqrt(-(ids -
    1042.0) ** 2))` is `age[ids == 1042].mean()`); of values with no such NaN, what it was handed."""
    if not any(isinstance(o, (Origin, Param)) and o.nan for o in t):
        return t
    return _by_mask(_pick(frozenset(o.but(mask=True) if isinstance(o, (Origin, Param)) and o.nan else o for o in t)))


def _few(t: frozenset) -> frozenset:
    """The site's rows chosen by constant positions (Origin.few); a loader's batch keeps its own flags, and a
    loop's element (`data[0]` of `for data in loader`: the inputs of each batch in turn) names no row."""
    return frozenset(o.but(few=True) if isinstance(o, Origin) and o.part and not o.batch and not o.elem and _site(o)
                     else o
                     for o in t) if t else t


def _by_mask(t: frozenset) -> frozenset:
    """The site's rows chosen by a mask the code chose: as Origin.few, until a loader batches them."""
    return frozenset(o.but(masked=True) if isinstance(o, Origin) and o.few else o for o in _few(t)) if t else t


def _pinned(t: frozenset) -> frozenset:
    """The site's rows a test of one value the code spells out picked (Frame.pins_rows): what a reduction makes of
    them counts in the job log (Origin.logged, kept by _reduce), as a count of the test does (calls._membership)."""
    return frozenset(o.but(logged=True) if isinstance(o, Origin) and _site(o) else o for o in t) if t else t


def _one_row(o) -> bool:
    """Rows named by constant positions, or a statistic of them (a loss over one chosen row)."""
    return isinstance(o, Origin) and o.few and (o.statistic or _site(o))


def _trained_on(inputs: list, instance: bool) -> tuple[frozenset, frozenset]:
    """What a model called on rows named by constant positions keeps of them: a BatchNorm layer in training mode
    (also under `torch.no_grad()`) folds its input into running_mean and running_var (`model(x[[7, 7]])` moves
    them towards row 7, and the server knows where they started); reviewed. A model's predictions of other rows,
    a loader's batches or the data taken whole are what training is. Rows a mask picked (Origin.masked) only when
    an object is called (`net(x[ids == 1042])`, red team 37b), not a class (`TensorDataset(x[ids == 7])`): a
    site's partition chosen by a mask is trained through a loader, whose batches are no named rows.
    Hands back (those rows reviewed, the parameters among the inputs), both from one pass over the inputs: every
    call of an object the gate cannot see asks, and most inputs hold neither (speed54)."""
    rows, params = [], []
    for t in inputs:
        for o in t:
            if o.__class__ is Param:
                params.append(o)
            elif o.__class__ is Origin and o.few and (instance or not o.masked) and (o.statistic or _site(o)):
                rows.append(o)
    return (_review(frozenset(rows), "a model's running statistics of rows the code named") if rows else EMPTY,
            frozenset(params) if params else EMPTY)


def _chosen_cell(o: Origin) -> bool:
    """Rows or cells the code chose, not a loader's batch (also under a name like `loss` or `score`: _site)."""
    return o.part and not (o.batch or o.loader or o.statistic) and _site(o)


def _site(o: Origin) -> bool:
    """The site's data, also under a name like a metric's that had it reviewed (Origin.named)."""
    return o.kind == DATA or o.named


def _size(t: frozenset) -> frozenset:
    """A count or a size: a count (_count), except how many of the rows the code chose pass a test of their
    values (`len(w[w[:, 0] > t])`, `len([v for v in w[:, 0] if v > t])`), a statistic of them, and the size of
    a statistic, which may be all it says (`len(type(cell).__name__)`); the size of a selection by position is
    no more than a size."""
    tested = frozenset(o for o in t if isinstance(o, Origin) and
                       (o.statistic or (o.mask and _site(o) and o.part))) if t else t
    return _count(t - tested) | _reduce(tested)


def _reduce(t: frozenset) -> frozenset:
    """A reduction over the rows: the site's data taken whole becomes an aggregate; a reduction of rows
    the code chose (Origin.part) is a statistic the gate cannot vouch for (reviewed); a parameter is
    judged at each call, by what the caller passes; a secret stays a secret."""
    if not t:
        return t
    out = set()
    for o in t:
        if isinstance(o, Param):
            out.add(o.but(reduced=True))
        elif o.kind == SECRET or o.callback or o.statistic or (o.part and o.kind == HOST):
            out.add(o)
        elif o.part and _site(o):
            out |= _with_flags(_review(frozenset({o}), _STATISTIC), statistic=True)
    return frozenset(out)


# methods that make their receiver as many times larger as their arguments say
_SIZED_METHODS = frozenset({"repeat", "tile", "repeat_interleave", "expand", "new_zeros", "new_ones", "new_empty",
                            "new_full"})

# what builds something as large as its arguments say: a size or a trip count of it is a value passed in
_SIZED_BY_VALUE = frozenset({"builtins.range", "numpy.zeros", "numpy.ones", "numpy.empty", "numpy.full",
                             "numpy.arange", "numpy.eye", "numpy.identity", "numpy.linspace", "torch.zeros",
                             "torch.ones", "torch.empty", "torch.full", "torch.arange", "torch.eye",
                             "itertools.repeat", "itertools.islice"})


def _sized(t: frozenset) -> frozenset:
    """What a value sized by the site's data holds: its size is a value of rows the code chose (Origin.mask
    with Origin.part makes a count of it a statistic: _size; the loop over it, Frame.loop)."""
    return frozenset(o.but(part=True, mask=True, each=False) if isinstance(o, Origin) and _site(o) else o
                     for o in t)


def _sized_by_value(t: frozenset) -> frozenset:
    """The origins of an iterable whose length is a value (`range(cell)`), not a number of rows, or a test
    of one (a generator that yields under a test, a comprehension's filter)."""
    return frozenset(o for o in t if isinstance(o, Origin) and o.mask and
                     ((_site(o) and o.part) or (o.kind == UNKNOWN and o.statistic))) if t else t


def _matmul(left: frozenset, right: frozenset, same: bool) -> frozenset:
    """`x @ w`, np.dot(x, w), x.dot(w) with no transposed left factor. With the site's data on both sides the
    right factor weights the left one's entries as the data says (`age @ (ids == 7)` is one patient's age): a
    product of the data with itself, reviewed through any later number or reduction (_picked); `e @ e` of
    the same code is a sum of squares."""
    if not same and _site_data(left) and _site_data(right):
        return _with_flags(_pick(left | right), product=True)
    if not same:  # `def dot(u, v): return u @ v`: what each call passes for u and v decides (Frame.apply)
        left, right = _dotted(left, right), _dotted(right, left)
    return left | right if _rows_on_the_left(left, right) else _pick(left | right)


SITE = ""  # Param.dotted: multiplied with the site's data itself, not with a parameter


def _stepped(o) -> bool:
    """A parameter that went through a vouched product (`w` after `w -= lr * x.T @ (p - y)` holds x and y so):
    a model's step, whose product with x is predictions of a model trained on x."""
    return isinstance(o, Param) and bool(o.gradient or o.product)


def _dotted(t: frozenset, other: frozenset) -> frozenset:
    """t's parameters, each noted as multiplied with `other`'s parameters and site data (red team 17), not
    with itself, and none of either side that went through a vouched product (_stepped)."""
    partners = frozenset(o.name for o in other if isinstance(o, Param) and not _stepped(o)) | (
        frozenset({SITE}) if _site_data(other) else EMPTY)
    if not partners or not t:
        return t
    return _as_set(t, [o.but(dotted=o.dotted | (partners - {o.name}))
                       if isinstance(o, Param) and not _stepped(o) and partners - {o.name} else o for o in t])


def _row_partners(t: frozenset, other: frozenset) -> frozenset:
    """t's parameters, each noted as combined row by row with `other`'s parameters and site data: `def f(x, w):
    return x * w` called with a mask the code chose (`f(age, ids == 7).sum()`) picks that row, as inline."""
    partners = frozenset(o.name for o in other if isinstance(o, Param)) | (
        frozenset({SITE}) if _site_data(other) else EMPTY)
    if not partners or not any(isinstance(o, Param) for o in t):
        return t
    return _as_set(t, [o.but(weighted=o.weighted | (partners - {o.name}))
                       if isinstance(o, Param) and partners - {o.name} else o for o in t])


def _masked(t: frozenset) -> bool:
    return any(isinstance(o, Origin) and o.mask for o in t)


def _site_data(t: frozenset) -> bool:
    return any(isinstance(o, Origin) and o.kind in (DATA, HOST) for o in t)


def _rows_on_the_left(left: frozenset, right: frozenset) -> bool:
    """`x @ w` keeps x's rows (a linear model's predictions, row by row); `sel @ x` with a left factor that holds
    none of the site's data combines x's rows as the code chose (`np.eye(n)[r:r + 1] @ x` is row r)."""
    return not right or any(isinstance(o, Param) or o.kind == DATA for o in left)


def _implicit(t: frozenset) -> frozenset:
    """What a branch reveals of the value that decided it: a bit of each. Of the site's data taken whole
    that is an aggregate (`if x[:, 0].max() > t`); of rows the code chose, a statistic (reviewed); of a
    secret, a bit a person looks at, in the log too (`if os.environ.get("API_KEY"):` is usually whether it
    is set; `if key[i] == c:` spells it out); a parameter is judged at each call."""
    return frozenset(Origin(UNKNOWN, f"a branch on a secret ({o.what})", o.node, o.key, statistic=True, logged=True)
                     if isinstance(o, Origin) and o.kind == SECRET else
                     Param(o.name, part=o.part, labels=o.labels, reduced=True) if isinstance(o, Param) else o
                     for o in _reduce(t)) if t else t  # one Param per parameter (and per its column labels)


_EXITS = Kinds(cst.Return, cst.Raise, cst.Break, cst.Continue)


def _ends_the_process(value: cst.BaseExpression) -> bool:
    """`sys.exit()`, `os._exit(0)`, `exit()`, `quit()`, `os.abort()`: by spelling, before names resolve (a call of
    another `exit` counts too, which only makes more of what follows depend on the branch)."""
    func = value.func if isinstance(value, cst.Call) else None
    return (isinstance(func, cst.Attribute) and func.attr.value in ("exit", "_exit", "abort")) or \
        (isinstance(func, cst.Name) and func.value in ("exit", "quit"))


_NOT_STATEMENTS = Kinds(cst.FunctionDef, cst.ClassDef, cst.Lambda, cst.BaseExpression)


def _leaves(node: cst.CSTNode, memo: dict[int, bool]) -> bool:
    """Whether a branch of the statement may leave the enclosing block early (return, raise, break,
    continue), not counting functions and classes defined in it (per node, once: `memo`)."""
    known = memo.get(id(node))
    if known is None:
        known = memo[id(node)] = _exits(node)
    return known


def _exits(node: cst.CSTNode) -> bool:
    todo = list(children(node))
    while todo:
        n = todo.pop()
        if _EXITS[n.__class__] or (isinstance(n, cst.Expr) and _ends_the_process(n.value)):
            return True
        if not _NOT_STATEMENTS[n.__class__]:
            todo.extend(children(n))
    return False


# The changes the hottest copies make (_but with one dict: no keywords packed per value)
_PART = {"part": True}

_CHOSEN_ROWS = {"part": True, "loader": False, "batch": False, "each": False}

_BATCHES = {"loader": False, "batch": True}


def _picked(o):
    if isinstance(o, Param):
        return o if o.reduced else _but(o, _PART)  # an aggregate already: judged by the rows it reduced
    return _but(o, _CHOSEN_ROWS)


def _pick(t: frozenset) -> frozenset:
    """Rows the code chose: a reduction of them is no aggregate."""
    return _as_set(t, [_picked(o) for o in t]) if t else t


# ---- tuple shapes: `return (X, y), (Xt, yt)` unpacked as `(a, b), (c, d) = load()` ----
# A part is a frozenset, or a tuple of parts for a tuple literal (or a name bound to one) at that position.


def _flat(part) -> frozenset:
    """What the part is as one value: a tuple's items as a literal tuple holds them (Frame._e_sequence)."""
    if isinstance(part, tuple):
        return _pick(_with_flags(frozenset().union(*map(_flat, part)), valued=False))
    return part


def _map_part(part, fn):
    return tuple(_map_part(p, fn) for p in part) if isinstance(part, tuple) else fn(part)


def _merge_parts(a, b):
    """Two returns' parts at one position: the shape both share, else one value."""
    if isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b):
        return tuple(_merge_parts(x, y) for x, y in zip(a, b))
    return _cap(_flat(a) | _flat(b))


def _rows(t: frozenset) -> frozenset:
    """`for x in v`: a loader of the whole dataset hands out batches; anything else hands out its rows one
    at a time (a parameter: decided by what each caller passes)."""
    return frozenset(o.but(rows=True) if isinstance(o, Param) else
                     o.but(loader=False, batch=True) if o.loader else o.but(part=True, batch=False, each=not o.part)
                     for o in t) if t else t


def _through(a, o: "Param") -> frozenset:
    """What the caller passes (`a`) after what the function did to its parameter `o`: chose rows of it,
    iterated it (batches of a loader, rows of anything else, unless summed over every one: Param.every),
    reduced it."""
    if isinstance(a, Param):
        # summed over every element only if each side that iterates it sums over every element (`a` iterated
        # by the caller hands the function one element, which it takes whole)
        a = a.but(part=a.part or o.part, rows=a.rows or o.rows, reduced=a.reduced or o.reduced,
                  distinct=a.distinct or o.distinct, every=(a.rows or o.rows) and (a.every or not a.rows) and
                  (o.every or not o.rows))
    elif o.part or (o.rows and not a.loader and not o.every):
        a = _but(a, _CHOSEN_ROWS)
    elif o.rows and a.loader:
        a = _but(a, _BATCHES)  # (summed over every element of anything else: what the caller passes, reduced)
    if isinstance(a, Param):
        return frozenset({a})
    out = _reduce(frozenset({a})) if o.reduced else frozenset({a})
    return _distinct(out) if o.distinct else out


def _distinct(t: frozenset) -> frozenset:
    """The distinct values of the data (a column's unique values, a text column's max, a fine grid of quantiles):
    a statistic the update reviews, and in the job log the values themselves (logged; red team 50b). Of a
    parameter, judged at each call by what the caller passes."""
    return _as_set(t, [o.but(distinct=True) if isinstance(o, Param) else
                       o.but(logged=True) if o.kind == UNKNOWN else o for o in t]) if t else t


def _membership(t: frozenset) -> frozenset:
    """How many rows hold a value the code spells out (Calls.counts_a_test, `list(ids).count(1042)`, `1042 in ids`):
    whether that patient is at the site, a statistic of the rows the test picks, and in the job log too, as distinct
    values are (_distinct; of a parameter, at each call): one bit per query about one patient (`print((ids ==
    1042).sum())` was accepted, session 52). A cohort's filter (`(age > 60).sum()`) is no such test: a statistic of the
    rows it picks, reviewed in the update and not in the log (calls.tests_threshold, red team 58a)."""
    return _distinct(_reduce(_by_mask(_pick(t))))


def _passed_through(given: frozenset, o: "Param") -> tuple:
    """What a call passing `given` for parameter `o` adds where the function's value holds `o` (Frame.apply's
    subst), one set per value passed, in their order. The same for the same values: made once per analysis
    (_PASSED), as calls pass the same values in every round, loop pass and call."""
    return _memo(_PASSED, (o, given), given, lambda values: tuple(_passed_one(a, o) for a in values))


def _passed_one(a, o: "Param") -> tuple:
    """_passed_through's piece for one value passed: made once per value and parameter (_PASSED_ONE), as the
    same values come back inside sets that differ (an argument joined with others), which _PASSED misses."""
    key = (id(a), o)
    entry = _PASSED_ONE.get(key)
    if entry is None:
        entry = _PASSED_ONE[key] = (a, (True, _through(
            a.but(elem=a.elem or o.elem, scalar=a.scalar or o.scalar, protocol=a.protocol or o.protocol,
                  product=a.product or o.product, minor=a.minor or o.minor or (o.keyed and a.valued),
                  mask=a.mask or o.mask, valued=o.valued), o)))
    return entry[1]


def _secret(o) -> bool:
    return isinstance(o, Origin) and o.kind == SECRET


def _destination(call: cst.Call, position: int) -> cst.BaseExpression | None:
    """A writer's destination: the argument at its position, or given by one of the writers' keywords."""
    positional = [a for a in call.args if a.keyword is None and not a.star]
    if position < len(positional):
        return positional[position].value
    return next((a.value for a in call.args if a.keyword is not None and a.keyword.value in _WRITER_DESTINATIONS), None)


def _filed(o: Origin) -> bool:
    """What counts in a file written where only the run time decides: the site's rows, host files,
    secrets and the content of files the code does not name (a model's state or a metric written
    there is what checkpoints are)."""
    return o.kind in (SECRET, HOST) or (o.kind == DATA and not o.minor and not o.product) or \
        (o.kind == UNKNOWN and o.logged)


def _sent(o: Origin) -> bool:
    """What counts in a request (the NET sink): any of the site's data (a file listing's names, a product of it,
    keys of a mapping of it too: nothing of the site's leaves but through the FL update), host files, secrets
    and the content of files the code does not name, and a fact that names the host or its user (Origin.machine:
    a beacon's `?h=` + socket.gethostname(), malware_probes49b). Not a value of unknown provenance otherwise (a
    setting, an environment variable, the result of code the gate cannot see): a URL from the job's configuration
    is how a download is written."""
    return o.kind in (SECRET, HOST, DATA) or (o.kind == UNKNOWN and (o.logged or o.machine))


def _logged(o: Origin) -> bool:
    """What counts in the job log: every origin but keys of a mapping (minor), a product of the data with
    itself, and values of unknown provenance that are not a file's content (the result of code the gate cannot
    see, a setting): the log is where such values are meant to go; the content of a file the code does not name
    counts (logged), as do the distinct values of the site's data (Calls.summarize "distinct": every patient's id
    of `df["id"].unique()`, red team 50b), and so does a statistic of rows named by constant
    positions (`float(x[r:r + 1].max())` is row r's value; a test of it, one bit per round: _one_row), not by a
    mask (Origin.masked: a cohort's filter, `df[df.age.between(18, 110)]`)."""
    if o.kind == SECRET:
        return True
    if o.minor:
        return False
    return o.kind == HOST or (o.kind == DATA and not o.product) or (o.kind == UNKNOWN and (o.logged or (_one_row(o) and not o.masked)))


def _predict(t: frozenset) -> frozenset:
    """Calling an object built by code the gate cannot see (`model(x)`), or taking its state: what it
    was built by no longer counts (its predictions carry what went in; its state is a model's). What it
    returns is no object of the job's class either (OBJECT)."""
    return frozenset(o for o in t if not (isinstance(o, Origin) and (o.instance or o.kind == OBJECT))) if t else t


def _rows_in(t: frozenset) -> frozenset:
    """What of a value may be rows, for whether a call on it is a method of the data (Frame.opaque): not
    a statistic the gate cannot vouch for, unless of one row (_one_row). A model holds them without holding
    rows: its parameters' gradient (`p.grad`) after a hand step or a branch a gradient decided, and a bound's
    marker beside them (red team 57c made dasha's `model.accuracy(x, y)` hand back x)."""
    return frozenset(o for o in t if not (isinstance(o, Origin) and o.kind == UNKNOWN and o.statistic
                                          and not _one_row(o))) if t else t


def _objects(t: frozenset) -> frozenset:
    """The classes of the job that built the object a value may be (OBJECT)."""
    return frozenset(o for o in t if isinstance(o, Origin) and o.kind == OBJECT) if t else t


_TEMP_FILES = tuple(sorted(n + "(" for n in _TEMP_FILE_MAKERS))  # the names of their handles

_FILE_KEY = "<file>"  # the module store's key prefix for what the job wrote into a file of that name


def _default_key(fn: cst.FunctionDef, p: cst.Param) -> str:
    """The module store's key for what calls stored into a parameter's default object."""
    return f"{fn.name.value}.<default>.{p.name.value}"


def _stored_attributes(cls: cst.ClassDef) -> frozenset:
    """The names a class body binds and the attributes its methods store into (`rows = ...`, `self.rows = ...`)."""
    out: set[str] = set()
    body = cls.body.body if isinstance(cls.body, cst.IndentedBlock) else ()
    for line in body:
        for small in line.body if isinstance(line, cst.SimpleStatementLine) else ():
            targets = [t.target for t in small.targets] if isinstance(small, cst.Assign) else \
                [small.target] if isinstance(small, (cst.AnnAssign, cst.AugAssign)) else []
            out |= {t.value for t in targets if isinstance(t, cst.Name)}
    stack: list[cst.CSTNode] = [cls]
    while stack:
        node = stack.pop()
        target = node.target if isinstance(node, (cst.AssignTarget, cst.AnnAssign, cst.AugAssign)) else None
        if isinstance(target, cst.Attribute):
            out.add(target.attr.value)
        stack.extend(children(node))
    return frozenset(out)


def _built_with(t: frozenset) -> frozenset:
    """What an object of the job's class was built with or holds besides what its class's fields and methods
    give (Frame.object_attribute): a class of another module keeps its constructor's arguments out of its
    fields, and code may reach an object's state in ways the fields do not show. The site's data stays the
    site's data for every rule of the flow (Origin.held), and is reported as of unknown provenance, not as raw
    rows: a model the manager trains on its loader is no loader, a person looks."""
    return frozenset(o.but(held=True) if isinstance(o, Origin) and o.kind == DATA else o for o in t) if t else t


def _foreign_lambda(fn: cst.Lambda) -> frozenset:
    """What a lambda bound as an implicit method in another module returns: not followed there."""
    return frozenset({Origin(UNKNOWN, "what a lambda another module binds as an implicit method returns", fn, id(fn),
                             logged=True)})


def _instances(t: frozenset) -> frozenset:
    return frozenset(o for o in t if isinstance(o, Origin) and o.instance) if t else t


def _fitted(t: frozenset) -> frozenset:
    """A fitted estimator's statistics: vouched for when it saw the site's data taken whole; fitted on rows the
    code chose, a statistic the gate cannot vouch for (`StandardScaler().fit(x[r:r+1])`)."""
    return _model_state(t) | _review(frozenset(o for o in t if isinstance(o, Origin) and o.part), _STATISTIC) \
        if t else t


def _typed(names: set, owners: tuple) -> bool:
    """Whether a receiver is an object of one of the libraries (or not typed at all: a batch, a parameter)."""
    return not names or all(n.startswith(owners) for n in names)


def _product(transposed: frozenset, other: frozenset) -> frozenset:
    """`X.T @ other`. With data on the other side (X.T @ X, X.T @ (y - p), a Hessian) it sums over the rows
    but can carry them back: a person looks. With nothing from the data on the other side it is the rows
    themselves, chosen by the other factor (X.T @ np.eye(n) is X.T)."""
    if any(isinstance(o, Param) or o.kind in (DATA, UNKNOWN) for o in other):
        return _with_flags(transposed | other, product=True)
    return transposed | other


def _vouched(t: frozenset) -> frozenset:
    """A product the grammar vouches for (gradients.py): site data and host files sum over the rows like an
    aggregate; a secret stays a secret and a value of unknown provenance stays unknown."""
    return frozenset(o for o in t if isinstance(o, Param) or o.kind in (SECRET, UNKNOWN)) if t else t


def _model_state(t: frozenset) -> frozenset:
    """A model's state or a fitted estimator's parameters: not what the object was built with, trained on or
    handed (a trainer holding a data loader, `Net(num_classes=...)`, the rows a fit saw): what was written
    into its parameters in place travels separately (Flow.fields[PARAMETERS]). Host files and secrets
    stored into the object stay with it, and so do the targets of a fit on a design that holds none of
    the site's data (Origin.memorized) and a statistic of chosen rows that decided how it was built or
    converted (`if x[r, 0] > t: net = net.half()`: its dtype is a bit of the cell)."""
    return frozenset(o for o in t if isinstance(o, Origin) and (o.kind in (HOST, SECRET) or o.memorized or o.statistic)) \
        if t else t


def _estimator(names: set) -> bool:
    """A fitted library estimator (typed: a value the code does not type is no estimator here)."""
    return bool(names) and _typed(names, _ESTIMATOR_OWNERS)


def _store_root(target: cst.BaseExpression) -> cst.BaseExpression:
    """The object a store through `target` changes: the start of its chain of attributes, items and calls."""
    while isinstance(target, (cst.Attribute, cst.Subscript, cst.Call)):
        target = target.func if isinstance(target, cst.Call) else target.value
    return target


def _coefficients(t: frozenset) -> frozenset:
    """A fitted estimator's coefficients (or what only they make): its model state, in which the classes
    its fit was told count only by their number (Origin.labels)."""
    return _model_state(frozenset(o for o in t if not (isinstance(o, Origin) and o.labels))) if t else t


def _review(t: frozenset, why: str) -> frozenset:
    """Site data that reaches a value through code the gate cannot see, or under a name that reads like
    a metric: reported as of unknown provenance (a person looks) instead of as raw data. Never clean."""
    return frozenset(o.but(kind=UNKNOWN, what=f"{why} (from {o.what})") if isinstance(o, Origin) and o.kind == DATA
                     else o for o in t) if t else t


def _review_site(t: frozenset, why: str) -> frozenset:
    """_review, the site's data still its rows or cells for what a number, a reduction or a size keeps
    (Origin.named): one row written to a file and read back, or held under a name like `loss`, is still one row."""
    data = frozenset(o for o in t if isinstance(o, Origin) and o.kind == DATA) if t else t
    return _review((t - data) | _with_flags(data, named=True), why) if data else _review(t, why)


@dataclasses.dataclass
class Passed:
    """What the job's calls pass for a parameter (Flow.passed)."""
    classes: set = dataclasses.field(default_factory=set)  # "<class>.C" of the objects of the job's classes
    functions: list = dataclasses.field(default_factory=list)  # (function or lambda, the Flow of its module)
    escaped: list = dataclasses.field(default_factory=list)  # what an object no name ties to a class may run
    listed: bool = True  # every call that passes it is seen, within the budget
    mixed: bool = False  # some call may pass what is no object of the job's classes (fields.only_constructed)
    read: int = 0  # arguments read
