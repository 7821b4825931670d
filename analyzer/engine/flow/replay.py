"""Replay of function summaries across the flow's rounds (engine.Flow._rounds).

Every round summarises the module's functions again, because a field, a global or a summary that a
function read may have changed since. Most did not change: a function whose body read exactly what it
read last round computes exactly what it computed then (the analysis is deterministic), so its summary
and everything it did to the module's state are replayed instead of evaluating the body again.

A Record is one evaluation of one function, as the events it took part in, in order:
- reads of the module's state: a field, a global, a name of the module, what a function it is nested in
  bound, what a call back into the module's functions saw (REQUEST), the step budget, whether a lambda
  is running; compared with what they give now, in order and by the syntax nodes their origins name;
- writes of the module's state (fields, globals, what parameters are called with), leaks found, calls
  noted, statements counted; done again in the same order when the record is replayed.
A call of another function of the module is a REQUEST: when that function is not summarised yet this
round, its own record is checked (and replayed) in place, as its evaluation would have run there.

`check` walks the record against the current state without changing it (writes go to an overlay that
later reads of the same walk see) and returns the plan of the REQUESTs; `apply` then makes every write
for real. A record that touched another module's analysis (its summaries, its names, a run of its
rounds) or read the live names of a function still being evaluated is never replayed (`poisoned`).
"""

from __future__ import annotations

import dataclasses

# event codes (first item of each event tuple)
READ = 0  # (READ, store, key, value, first): store[key] (FIELDS, GLOBALS, CALLS); `first`: a read the
#           round's convergence test remembers (Flow.read_fields / read_globals)
WRITE = 1  # (WRITE, store, key, value)
MODULE = 2  # (MODULE, name, value): the module's name as its body bound it so far (Flow.module_env)
KEYS = 3  # (KEYS, keys): the fields the module holds, in order (Flow.fields_of_self)
ENCLOSING = 4  # (ENCLOSING, function key, name or None, value): what an enclosing function bound
BUDGET = 5  # (BUDGET, within): whether the statement budget was left
LAMBDA = 6  # (LAMBDA, key, running): whether a lambda is running (a call of itself)
ENTER = 7  # (ENTER, key) / (LEAVE, key): a lambda's body evaluated in between
LEAVE = 8
STEPS = 9  # (STEPS, n): statements evaluated
LEAK = 10  # (LEAK, kind, sink, node, origins)
CALLED = 11  # (CALLED, function key)
REQUEST = 12  # (REQUEST, key, function, summary it gave)
FOREIGN = 13  # (FOREIGN, flow, what, key, value): a read of another module's analysis, which must still give
#               it: its summary of a function (SUMMARY), its store (FIELDS, GLOBALS, CALLS) or name (MODULE),
#               its rounds run already (LEAKS)
SUMMARY, LEAKS = -1, -2
JOIN = 14  # (JOIN, store, key, value): `value` added to store[key] (Flow.join), whatever it held: done again on
#            what it holds when replayed, so that another function's write to the same store does not make the
#            writer's evaluation stale (the join reads nothing the function goes on to use)

FIELDS, GLOBALS, CALLS = 0, 1, 2  # stores: Flow.fields, Flow.global_writes, Flow.param_calls
ITEMS = "self.[]"  # the key of Flow.fields for the items of the module's objects (`self["k"] = v` in a method)
_EMPTY: frozenset = frozenset()
_MISSING = object()


class Record:
    __slots__ = ("flow", "key", "events", "poisoned", "mark", "widened", "sees_widened", "summary", "union")

    def __init__(self, flow, key: int):
        self.flow = flow
        self.key = key
        self.events: list[tuple] = []
        self.poisoned = False
        self.mark = flow.steps  # statements counted up to here are in an event already
        self.widened = flow.widened  # the rounds' widening (the same for the whole round), when
        self.sees_widened = False  # a field or a declared global read adds it (Flow.field, Flow.global_)
        self.summary = None
        self.union: dict | None = None

    def steps(self) -> None:
        """Count the statements evaluated since the last event (before a nested evaluation adds its own)."""
        n = self.flow.steps - self.mark
        if n:
            self.events.append((STEPS, n))
            self.mark = self.flow.steps


def same(a: frozenset, b: frozenset) -> bool:
    """The same values in the same order, each origin naming the same syntax node: Origin equality leaves
    the node out (it is where a finding says the value came from), and which of several origins that rank
    alike a bound keeps follows the order a set hands them out in (engine._cap), which equal sets built
    differently need not share."""
    if a is b:
        return True
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        if x != y or getattr(x, "node", None) is not getattr(y, "node", None):
            return False
    return True


def _same_part(a, b) -> bool:
    """A return position's part: a value, or a tuple of parts (engine._flat)."""
    if isinstance(a, tuple) or isinstance(b, tuple):
        return isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b) and \
            all(_same_part(x, y) for x, y in zip(a, b))
    return same(a, b)


def _same_map(a: dict, b: dict) -> bool:
    return a is b or (list(a) == list(b) and all(same(v, b[k]) for k, v in a.items()))


def same_summary(a, b) -> bool:
    if a is b:
        return True
    if a is None or b is None:
        return False
    if a.parts is None or b.parts is None:
        parts = a.parts is b.parts
    else:
        parts = len(a.parts) == len(b.parts) and all(_same_part(x, y) for x, y in zip(a.parts, b.parts))
    return parts and same(a.returns, b.returns) and same(a.raises, b.raises) and \
        same(a.writes_params, b.writes_params) and a.moved == b.moved and same(a.trained, b.trained) and a.sinks == b.sinks and _same_map(a.mutates, b.mutates) and \
        _same_map(a.fields, b.fields) and _same_map(a.free, b.free)


@dataclasses.dataclass
class _Walk:
    """What a check has done so far, as the evaluations it stands for would have left it."""
    stores: tuple = dataclasses.field(default_factory=lambda: ({}, {}, {}))  # writes not made yet
    done: dict = dataclasses.field(default_factory=dict)  # key -> summary of a record replayed in the walk
    unions: dict = dataclasses.field(default_factory=dict)  # key -> its names
    running: set = dataclasses.field(default_factory=set)  # functions whose records are being walked
    lambdas: set = dataclasses.field(default_factory=set)
    steps: int = 0


def check(flow, rec: Record) -> list | None:
    """The plan to replay `rec` now (one entry per REQUEST), or None when some read would differ."""
    walk = _Walk(steps=flow.steps)
    plan: list = []
    return plan if _check(flow, rec, walk, plan) else None


def _check(flow, rec: Record, walk: _Walk, plan: list) -> bool:
    if rec.poisoned or (rec.sees_widened and rec.widened is not flow.widened):
        return False
    stores = flow.stores
    walk.running.add(rec.key)
    for ev in rec.events:
        code = ev[0]
        if code == READ:
            now = walk.stores[ev[1]].get(ev[2], _MISSING)
            if now is _MISSING:
                now = stores[ev[1]].get(ev[2], _EMPTY)
            if not same(now, ev[3]):
                return False
        elif code == WRITE:
            walk.stores[ev[1]][ev[2]] = ev[3]
        elif code == JOIN:
            held = walk.stores[ev[1]].get(ev[2], _MISSING)
            if held is _MISSING:
                held = stores[ev[1]].get(ev[2], _EMPTY)
            if not ev[3] <= held:
                walk.stores[ev[1]][ev[2]] = flow.joined(held, ev[3])
        elif code == STEPS:
            walk.steps += ev[1]
        elif code == REQUEST:
            entry = _check_request(flow, ev, walk)
            if entry is None:
                return False
            plan.append(entry)
        elif code == MODULE:
            if not same(flow.module_env.get(ev[1], _EMPTY), ev[2]):
                return False
        elif code == KEYS:
            keys = list(stores[FIELDS]) + [k for k in walk.stores[FIELDS] if k not in stores[FIELDS]]
            if keys != ev[1]:
                return False
        elif code == ENCLOSING:
            key = ev[1]
            if key in walk.running:
                return False  # its names as bound so far: only its own evaluation has them
            names = walk.unions.get(key)
            if names is None:
                names = flow.union_env.get(key)
            if ev[2] is None:
                if (names is not None) != ev[3]:
                    return False
            elif not same((names or {}).get(ev[2], _EMPTY), ev[3]):
                return False
        elif code == BUDGET:
            if (walk.steps < flow.step_budget) != ev[1]:
                return False
        elif code == LAMBDA:
            if (ev[1] in flow._active or ev[1] in walk.lambdas) != ev[2]:
                return False
        elif code == FOREIGN:
            if not _foreign_holds(ev[1], ev[2], ev[3], ev[4]):
                return False
        elif code == ENTER:
            walk.lambdas.add(ev[1])
        elif code == LEAVE:
            walk.lambdas.discard(ev[1])
    walk.running.discard(rec.key)
    return True


def _foreign_holds(other, what: int, key, value) -> bool:
    if what == SUMMARY:
        return same_summary(other.summaries.get(key), value)
    if what == LEAKS:
        return other._found_once is not None
    now = other.module_env.get(key) if what == MODULE else other.stores[what].get(key, _EMPTY)
    return now is value or (now is not None and value is not None and same(now, value))


def _check_request(flow, ev: tuple, walk: _Walk):
    """What a call of the module's function gets now, as Flow.summary would hand it: the plan's entry."""
    key = ev[1]
    now = walk.done.get(key)
    entry = None
    if now is None:
        now = flow.summaries.get(key)
    if now is None:
        if key in flow._active or key in walk.running:
            now = flow.called_back(ev[2])
            entry = ev[2]  # Flow.summary again, for what a call back into a running function notes
        else:
            inner = flow.records.get(key)
            inner_plan: list = []
            if flow.too_deep(len(walk.running)):
                return None  # evaluated instead, where Flow.summary cuts the nesting
            if inner is None or not _check(flow, inner, walk, inner_plan):
                return None
            now = walk.done[key] = inner.summary
            walk.unions[key] = inner.union
            entry = (inner, inner_plan)
    return (entry,) if same_summary(now, ev[3]) else None


def apply(flow, rec: Record, plan: list) -> None:
    """Make every write of a checked record, in its order (the plan says what each REQUEST does)."""
    flow.records_stack.append(None)  # what is done here is the replayed function's, not its caller's
    try:
        _apply(flow, rec, iter(plan))
    finally:
        flow.records_stack.pop()


def _apply(flow, rec: Record, plan) -> None:
    stores = flow.stores
    firsts = (flow.read_fields, flow.read_globals)
    flow._active.add(rec.key)
    for ev in rec.events:
        code = ev[0]
        if code == READ:
            if ev[4]:
                firsts[ev[1]].setdefault(ev[2], ev[3])
        elif code == WRITE:
            stores[ev[1]][ev[2]] = ev[3]
        elif code == JOIN:
            flow.join(ev[1], ev[2], ev[3])  # no record is on top: nothing is noted again
        elif code == STEPS:
            flow.steps += ev[1]
        elif code == MODULE:
            flow.read_module.setdefault(ev[1], ev[2])
        elif code == REQUEST:
            entry = next(plan)[0]
            if isinstance(entry, tuple):
                inner, inner_plan = entry
                _apply(flow, inner, iter(inner_plan))
                flow.summaries[inner.key] = inner.summary
                flow.union_env[inner.key] = inner.union
            elif entry is not None:
                flow.summary(entry)  # a call back into a running function: what it notes
        elif code == LEAK:
            flow.file_leak(ev[1], ev[2], ev[3], ev[4])
        elif code == CALLED:
            flow.called.add(ev[1])
        elif code == ENTER:
            flow._active.add(ev[1])
        elif code == LEAVE:
            flow._active.discard(ev[1])
    flow._active.discard(rec.key)

