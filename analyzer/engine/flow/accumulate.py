"""Sums over a loop's elements: when `total += float(v)` really adds up every element of a loop.

The flow lets the scalars of elements taken one at a time from the site's data go as an aggregate when a
statement adds them up (engine.Frame.small, `AugAssign`): over every row, a sum is no row. That holds only
when the statement runs once for each element and nothing else touches the sum. A loop that stops early
(`break`), skips (`continue`), a sum under a test (`if i == 3:`), one reset, read or rewritten in the loop
(`s = 0.0`, `s += v - s`), one that reads a name the body binds after it (`s += v - prev; prev = v`: the
previous element, so the sum telescopes to the last one), one handed out from inside the loop (`return s`), a
weight that changes with the iteration (`* (i == 3)`, a counter, a random draw, a name the loop rebinds any other
way), a body that
shortens what it iterates (`rows.clear()`, an inner loop over the same iterator), a try around the
loop (an exception raised at a chosen row stops the sum there) or a zipped or counted sequence (`zip(x,
onehot)`, `range(n)`) each make it a sum over rows the code chose: the engine keeps those scalars as a
statistic (reviewed), never an aggregate.

This module is the syntactic half (what the loop's code says); the engine adds what needs names and taint:
that every name the sum reads from outside the loop carries no element already (a row kept from an earlier
loop), that each call in it is a library's, that the loop is in no try body and in no `with` but the
library's own that never swallow an exception (`non_suppressing_contexts`, rules/flow/model.yaml).
Limit: a weight carried inside the elements themselves (pairs of a row and a chosen weight that the job
built) is the same limit as a crafted column of a table (docs/architecture.md, "Aggregates").
"""

from __future__ import annotations

import dataclasses

import libcst as cst

from ..resolve import Kinds, children

_LEAVES = Kinds(cst.Break, cst.Continue, cst.Yield)
_OWN_SCOPES = Kinds(cst.FunctionDef, cst.ClassDef, cst.Lambda)
_COUNTED = ("enumerate",)  # the first target is the position, not the element
_NOT_ELEMENTS = ("range", "zip")  # positions, or sequences zipped beside the data (a weight per row)


@dataclasses.dataclass(frozen=True)
class Sum:
    """What the engine still checks of an accumulation the loop's code allows: the names the added value
    reads from outside the loop (none may hold an element already), the calls of the loop's body (the job's
    own function may change what the loop iterates or the sum), and whether the body touches what is
    iterated under another name (`rows.clear()` after the first row ends the loop there)."""

    outside: frozenset
    calls: tuple = dataclasses.field(repr=False)  # every call in the loop's body
    iterated: frozenset = frozenset()  # the names the loop's iterable reads
    touched: frozenset = frozenset()  # the names the loop's body reads or writes, but the loop's own targets


def _walk(node: cst.CSTNode):
    """Every node under node, not entering functions, classes or lambdas defined in it."""
    todo = [node]
    while todo:
        n = todo.pop()
        yield n
        if not _OWN_SCOPES[n.__class__]:
            todo.extend(children(n))


def _reads(node: cst.CSTNode) -> set[str]:
    """The names an expression reads (not attribute names or keywords)."""
    out, todo = set(), [node]
    while todo:
        n = todo.pop()
        if isinstance(n, cst.Name):
            out.add(n.value)
        elif isinstance(n, cst.Attribute):
            todo.append(n.value)
        elif isinstance(n, cst.Arg):
            todo.append(n.value)
        else:
            todo.extend(children(n))
    return out


def _targets(node: cst.BaseExpression, names: set[str], stored: set[str]) -> None:
    """Names a target binds (`a`, `a, b`), and the bases of what it stores into (`w[0] = `, `o.w = `)."""
    if isinstance(node, cst.Name):
        names.add(node.value)
    elif isinstance(node, (cst.Tuple, cst.List)):
        for el in node.elements:
            _targets(el.value, names, stored)
    elif isinstance(node, cst.StarredElement):
        _targets(node.value, names, stored)
    else:
        stored |= _reads(node)


def _in_order(node: cst.CSTNode):
    """Every node under node in the order the code runs a straight body (a parent before its children, in order),
    not entering functions, classes or lambdas defined in it."""
    yield node
    if not _OWN_SCOPES[node.__class__]:
        for child in children(node):
            yield from _in_order(child)


def _carried(statement: cst.CSTNode, loop: cst.For) -> set[str]:
    """The names the loop's body binds after `statement`: what the statement reads of them is the previous
    iteration's (`total += v - prev; prev = v` adds up to the last element alone: red team 55a)."""
    out: set[str] = set()
    after = False
    for n in _in_order(loop.body):
        if n is statement:
            after = True
        elif after and isinstance(n, (cst.Assign, cst.AugAssign, cst.AnnAssign, cst.NamedExpr)):
            for target in n.targets if isinstance(n, cst.Assign) else (n,):
                _targets(target.target, out, set())
    return out


def _iterated(loop: cst.For | cst.CompFor) -> set[str] | None:
    """The names that hold the loop's element (None when it iterates positions or zipped sequences)."""
    names: set[str] = set()
    it = loop.iter
    func = it.func.value if isinstance(it, cst.Call) and isinstance(it.func, cst.Name) else None
    if func in _NOT_ELEMENTS:
        return None
    target = loop.target
    if func in _COUNTED:
        if not (isinstance(target, (cst.Tuple, cst.List)) and len(target.elements) == 2):
            return None
        target = target.elements[1].value
    _targets(target, names, set())
    return names


def accumulation(aug: cst.AugAssign, loop: cst.For) -> Sum | None:
    """`total += v` in `for e in rows:`: a Sum when the statement adds up every element of the loop
    (directly in its body, nothing leaves or skips, the sum is touched nowhere else in the loop, and the
    value is computed from the element and from names the loop does not rebind), else None."""
    if not isinstance(aug.target, cst.Name):
        return None
    return _every_element(aug, aug.target, aug.value, loop)


def appending(call: cst.Call, loop: cst.For) -> Sum | None:
    """`out.append(v)` in `for e in rows:`: a Sum when the call is a statement of its own that appends once
    for every element of the loop, under the same conditions as a sum (accumulation): the list then holds a
    value of each element, all of them, as `out.extend(rows)` would; else None."""
    func = call.func
    if not (isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and func.attr.value == "append"
            and len(call.args) == 1 and call.args[0].keyword is None and not call.args[0].star):
        return None
    statement = next((s for s in _statements(loop) if isinstance(s, cst.Expr) and s.value is call), None)
    return _every_element(statement, func.value, call.args[0].value, loop) if statement is not None else None


def mapped(comp: cst.BaseComp) -> Sum | None:
    """`[f(e) for e in rows]`: a Sum when the comprehension computes one value of each element (one `for`, no
    `if`, no `:=`, the value computed from the element as an appended one is: accumulation), else None."""
    for_in = comp.for_in
    if isinstance(comp, cst.DictComp) or for_in.inner_for_in is not None or for_in.ifs or \
            any(isinstance(n, cst.NamedExpr) for n in _walk(comp.elt)):
        return None
    element = _iterated(for_in)
    found = _value_of(comp.elt, element, {}, set()) if element else None
    touched, iterated = _reads(comp.elt) - element if element else set(), _reads(for_in.iter)
    if found is None or touched & iterated:
        return None  # `[r for r in rows if rows.remove(r) is None]`: what it iterates shrinks under it
    return Sum(found, tuple(n for n in _walk(comp.elt) if isinstance(n, cst.Call)), frozenset(iterated),
               frozenset(touched))


def _statements(loop: cst.For):
    """The small statements directly in the loop's body."""
    if isinstance(loop.body, cst.IndentedBlock):
        for s in loop.body.body:
            if isinstance(s, cst.SimpleStatementLine):
                yield from s.body


def _every_element(statement: cst.BaseSmallStatement, holder: cst.Name, value: cst.BaseExpression,
                   loop: cst.For) -> Sum | None:
    """A Sum when `statement`, which adds `value` into the name `holder`, runs once for every element of the
    loop and nothing else in the loop reads or changes `holder`."""
    if not isinstance(loop.body, cst.IndentedBlock) or not any(s is statement for s in _statements(loop)):
        return None
    total = holder.value
    element = _iterated(loop)
    if element is None or total in element:
        return None
    assigned: dict[str, list[cst.BaseExpression]] = {}
    rebound: set[str] = set()  # bound or written into any other way than `name = value`
    _targets(loop.target, rebound, rebound)
    rebound -= element  # what remains is enumerate's position
    looped: set[str] = set()  # the loop's own targets are bound afresh before each pass: never carried
    _targets(loop.target, looped, looped)
    rebound |= _carried(statement, loop) - looped - {total}
    for n in _walk(loop.body):
        if _LEAVES[n.__class__] or isinstance(n, (cst.Global, cst.Nonlocal)):
            return None
        if isinstance(n, cst.Return) and n.value is not None and total in _reads(n.value):
            return None
        if isinstance(n, cst.Name) and n.value == total and n is not holder:
            return None
        if isinstance(n, cst.Assign) and all(isinstance(t.target, cst.Name) for t in n.targets):
            for t in n.targets:
                assigned.setdefault(t.target.value, []).append(n.value)
        elif isinstance(n, cst.Assign):
            for t in n.targets:
                _targets(t.target, rebound, rebound)
        elif isinstance(n, (cst.AugAssign, cst.AnnAssign)):
            _targets(n.target, rebound, rebound)
        elif isinstance(n, (cst.For, cst.CompFor)):
            _targets(n.target, rebound, rebound)
        elif isinstance(n, cst.AsName):
            _targets(n.name, rebound, rebound)
        elif isinstance(n, cst.NamedExpr):
            _targets(n.target, rebound, rebound)
        elif isinstance(n, cst.Del):
            _targets(n.target, rebound, rebound)
        elif isinstance(n, (cst.FunctionDef, cst.ClassDef)):
            rebound.add(n.name.value)
    # `labels = labels.to(device)` directly in the body: the element's name keeps a value of that element alone
    kept = {t.target.value for s in _statements(loop) if isinstance(s, cst.Assign) and len(s.targets) == 1
            for t in s.targets if isinstance(t.target, cst.Name) and t.target.value in element and
            t.target.value in _reads(s.value)}
    found = _value_of(value, element, assigned, rebound, kept)
    if found is None:
        return None
    own: set[str] = set()
    _targets(loop.target, own, own)
    touched = _reads(loop.body) - own  # the element is a view of the iterable: writing into it stops nothing
    iterated = _reads(loop.iter)
    if touched & iterated:
        return None  # the body touches what it iterates (`rows.clear()`, a loop that consumes the iterator)
    calls = tuple(n for n in _walk(loop.body) if isinstance(n, cst.Call))
    return Sum(found, calls, frozenset(iterated), frozenset(touched))


def _value_of(value: cst.BaseExpression, element: set[str], assigned: dict, rebound: set[str],
              kept: set[str] = frozenset()) -> frozenset | None:
    """The names from outside the loop the added value depends on, through the names the loop assigns: None
    when it reads a name the loop rebinds in any other way or assigns more than once (an element's name: but
    once, `kept`, to a value of itself), or makes a call that reads nothing of the element."""
    outside, calls, seen, todo = set(), [], set(), [value]
    while todo:
        expr = todo.pop()
        calls.extend(n for n in _walk(expr) if isinstance(n, cst.Call))
        for name in _reads(expr) - seen:
            seen.add(name)
            if name in rebound:
                return None
            if name in assigned:
                if len(assigned[name]) != 1 or (name in element and name not in kept):
                    return None
                todo.append(assigned[name][0])
            elif name not in element:
                outside.add(name)
    if any(not (_reads(call) - outside) for call in calls):
        return None  # computed apart from the element at each iteration: a draw, a counter
    return frozenset(outside)
