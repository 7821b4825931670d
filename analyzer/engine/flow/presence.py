"""Whether an environment variable is set, where that is all the job tests of it (session 45, fp45b).

`bool(os.environ.get("WANDB_API_KEY"))`, `if os.getenv("HF_TOKEN"):`, `os.environ.get("K") is None`, `not
os.environ.get("K")` and `"K" in os.environ` say one bit of the site's deployment per name and nothing of the value:
for a secret's name the read there is that bit (roles.secret_presence: of unknown provenance, reviewed in the update,
not counted in the log), and detectors/vouch.py judges it as `os.environ.__contains__` of the name. Only a read that
is itself the test (an operand of `and`/`or` in a test too), by a name every value of which is a literal, with no
default or a literal one (`get("K", "")`), by a reader that changes nothing (sources.yaml environ_lookups): a test of
anything made of the value (`key[0] == "a"`, `len(key) > 30`, `key == "x"`, a name bound to it, a walrus) still
branches on the secret (values._implicit), and so does `get("NOPE", key)` of another secret (the default is the value).
Nor is it the site's deployment when a module of the job may set or remove that variable itself (job_writes, red team
45c: `os.environ["TOKENIZERS_PARALLELISM"] = "1" if row[0] > 0.5 else ""`, a name the secret pattern matches, then a
test of it carried one bit of each row to the log unflagged).
"""

from __future__ import annotations

import libcst as cst

from ..resolve import Const, Resolver, descendants
from .names import _ENVIRON_LOOKUPS, _ENVIRON_WRITERS

_LITERALS = (cst.SimpleString, cst.Integer, cst.Float)


def presence_reads(r: Resolver) -> frozenset[int]:
    """id() of every call of the module that reads one environment variable by a literal name and is only tested
    for being set; found once per resolution (kept in `r.derived`: the flow and the vouch detector both ask), and
    the module walked only when it makes such a read at all."""
    known = r.derived.get(presence_reads)
    if known is None:
        reads = {id(use.node) for use in r.calls if _read_by_literal(r, use.node, use.scope)}
        known = r.derived[presence_reads] = frozenset(id(t) for t in _tests(r) if id(t) in reads) \
            if reads else frozenset()
    return known


def _tests(r: Resolver) -> list[cst.BaseExpression]:
    """What the module tests for truth: the test of an if, a while, a conditional expression or an assert, the
    operand of `not`, the left of `is None`, the argument of the builtin `bool` (not a job's `bool` too); each
    operand of `a and b` (`a or b`) there."""
    scopes = {id(use.node): use.scope for use in r.calls}
    tests: list[cst.BaseExpression] = []

    def tested(node: cst.BaseExpression) -> None:
        while isinstance(node, cst.BooleanOperation):
            tested(node.left)
            node = node.right
        tests.append(node)

    for node in descendants(r.module):
        if isinstance(node, (cst.If, cst.While, cst.IfExp, cst.Assert)):
            tested(node.test)
        elif isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Not):
            tested(node.expression)
        elif isinstance(node, cst.Comparison):
            if len(node.comparisons) == 1 and isinstance(node.comparisons[0].operator, (cst.Is, cst.IsNot)) and \
                    _none(node.comparisons[0].comparator):
                tests.append(node.left)
        elif isinstance(node, cst.Call) and len(node.args) == 1 and _positional(node.args[0]) and \
                id(node) in scopes and r.values(node.func, scopes[id(node)]) == {"builtins.bool"}:
            tested(node.args[0].value)
    return tests


def _read_by_literal(r: Resolver, call: cst.Call, scope) -> bool:
    names = r.values(call.func, scope)  # values: a job's function of the same name is no lookup
    if not names or not all(isinstance(n, str) and _ENVIRON_LOOKUPS(n) for n in names):
        return False
    if not 1 <= len(call.args) <= 2 or not all(_positional(a) for a in call.args):
        return False
    if len(call.args) == 2 and not _literal(call.args[1].value):
        return False
    return literal_names(r, call.args[0].value, scope) is not None


def literal_names(r: Resolver, name: cst.BaseExpression, scope) -> list[str] | None:
    """The names a variable's name may be, when every value of it is a literal text (else None)."""
    values = r.values(name, scope)
    if not values or not all(isinstance(v, Const) and isinstance(v.value, str) for v in values):
        return None
    return sorted(v.value for v in values)


def job_writes(r: Resolver) -> frozenset[str] | None:
    """The environment variables the job's modules may set or remove (an item store or delete on os.environ, a
    writer of sources.yaml environ_writers); None when that may be any: a name that is not a literal, a write of
    a whole mapping, os.environ or one of its writers rebound or handed on (which may write into it)."""
    written: set[str] = set()
    for module in [r, *(r.program.mentioning("environ", r.path) if r.program is not None else [])]:
        names = _writes(module)
        if names is None:
            return None
        written |= names
    return frozenset(written)


def _writes(r: Resolver) -> set[str] | None:
    out: set[str] = set()
    for use in r.stores:
        node = use.node
        if isinstance(node, cst.Subscript) and "os.environ" in r.values(node.value, use.scope):
            index = node.slice[0].slice if len(node.slice) == 1 else None
            names = literal_names(r, index.value, use.scope) if isinstance(index, cst.Index) else None
        elif "os.environ" in r.names(node, use.scope):  # `os.environ = {...}`, `os.environ |= {...}`
            names = None
        else:
            continue
        if names is None:
            return None
        out.update(names)
    for use in r.calls:
        call = use.node
        if any(_ENVIRON_WRITERS(n) for n in r.names(call.func, use.scope)):
            names = literal_names(r, call.args[0].value, use.scope) if call.args and _positional(call.args[0]) \
                else None
            if names is None:
                return None
            out.update(names)
        elif r.names(call.func, use.scope) != {"builtins.dict"} and \
                any("os.environ" in r.values(a.value, use.scope) for a in call.args):
            return None  # `fill(os.environ)`: the callee may write into it
    called = {id(use.node.func) for use in r.calls}
    if any(id(use.node) not in called and any(_ENVIRON_WRITERS(n) for n in r.names(use.node, use.scope))
           for use in r.loads):
        return None  # `map(os.environ.setdefault, names)`: a writer handed on, called where no name shows
    return out


def _positional(arg: cst.Arg) -> bool:
    return arg.keyword is None and not arg.star


def _none(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Name) and node.value == "None"


def _literal(node: cst.BaseExpression) -> bool:
    return isinstance(node, _LITERALS) or (isinstance(node, cst.Name) and node.value in ("None", "True", "False"))
