"""Constant folding: what a string-building expression evaluates to.

An insider hides names the gate looks for by building them at run time:
`"sys" + "tem"`, `"".join(map(chr, [...]))`, `"metsys"[::-1]`,
`base64.b64decode("...").decode()`, `codecs.decode("...", "rot13")`. These
functions fold such expressions when every part is a constant, bounded in
size, so the resolver can name what a call really reaches. They take the
resolver for the values of sub-expressions; they never walk the tree.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import dataclasses
import re
import string
import zlib
from typing import TYPE_CHECKING

import libcst as cst

if TYPE_CHECKING:  # pragma: no cover
    from .resolve import Resolver, Scope

MAX_CONST = 4096  # longest string folded
MAX_INT_BITS = 4096  # largest integer folded: repeated `x = x * x` must not grow without end
# A %-conversion or format field with a width or precision: folding
# "%999999999d" or "{:>999999999}" would allocate it before any length check.
_PERCENT_SPEC = re.compile(r"%[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")
_WIDE = 4
_FORMATTED = 16 * MAX_CONST  # longest str.format result built (a constant only up to MAX_CONST)


@dataclasses.dataclass(frozen=True)
class Const:
    """A constant value a folded expression has."""

    value: object  # str, bytes, int, float, bool or None


_ROT13 = codecs.getencoder("rot13")


_STR_IDENTITY = frozenset({"strip", "lower", "upper", "lstrip", "rstrip", "casefold", "title"})
FOLDABLE = frozenset({"builtins.chr", "builtins.str", "builtins.bytes", "builtins.bytearray", "builtins.reversed"})


def fstring(r: Resolver, node: cst.FormattedString, scope: Scope) -> str | None:
    parts, size = [], 0
    for part in node.parts:
        if isinstance(part, cst.FormattedStringText):
            value = part.value
        else:
            consts = [c for c in r.constants(part.expression, scope) if isinstance(c, (str, int))]
            if len(consts) != 1 or part.format_spec or part.conversion:
                return None
            value = str(consts[0])
        size += len(value)
        if size > MAX_CONST:  # not a constant (never joined: 20,000 fields of a 190 KB string are 3.8 GB)
            return None
        parts.append(value)
    return "".join(parts)


NOPE = object()


def apply(op: str, a: object, b: object) -> object:
    try:
        if op == "+" and type(a) is type(b) and isinstance(a, (str, bytes)):
            return (a + b)[:MAX_CONST] if len(a) + len(b) <= MAX_CONST else NOPE
        if op == "%" and isinstance(a, str):
            if not _narrow_percent(a):
                return NOPE
            folded = a % b
            return folded if len(folded) <= MAX_CONST else NOPE
        if isinstance(a, int) and isinstance(b, int) and not isinstance(a, bool):
            if op in ("**", "<<") and (abs(b) > 64 or abs(a) > 1 << 20):
                return NOPE
            if op == "*" and a.bit_length() + b.bit_length() > MAX_INT_BITS:
                return NOPE
            return {"+": a + b, "-": a - b, "*": a * b, "^": a ^ b, "|": a | b, "&": a & b,
                    "<<": a << b if op == "<<" else 0, "**": a ** b if op == "**" else 0,
                    "%": a % b if b else 0}.get(op, NOPE)
        if op == "*" and isinstance(a, (str, bytes)) and isinstance(b, int) and len(a) * b <= MAX_CONST:
            return a * b
    except Exception:  # noqa: BLE001 - what Python would raise at run time: not a constant
        pass
    return NOPE


def _narrow_percent(template: str) -> bool:
    return all(not (m.group(1) == "*" or m.group(2) == "*" or len(m.group(1) or "") > _WIDE
                    or len(m.group(2) or "") > _WIDE) for m in _PERCENT_SPEC.finditer(template))


def _narrow_format(template: str) -> bool:
    """No field of a str.format template asks for a giant width or a nested field."""
    try:
        specs = [spec or "" for _, _, spec, _ in string.Formatter().parse(template)]
    except ValueError:
        return False
    return all("{" not in spec and not re.search(r"\d{%d,}" % (_WIDE + 1), spec) for spec in specs)


BINOPS = {cst.Add: "+", cst.Subtract: "-", cst.Multiply: "*", cst.Modulo: "%", cst.BitXor: "^",
           cst.BitOr: "|", cst.BitAnd: "&", cst.LeftShift: "<<", cst.Power: "**"}


def spread_args(node: cst.Call) -> list[cst.Arg]:
    """The call's arguments as Python passes them where the call spells them out: a starred list or tuple display
    (`to_csv(*["/mnt/share/a.csv"])`) is its elements by position, a double-starred dict display of constant
    identifier keys (`mkdtemp(**{"prefix": p})`) its items by keyword. Any other starred value stays as it is
    (what it holds is hidden), so a display the job writes hides nothing from the conditions on an argument."""
    out: list[cst.Arg] = []
    for a in node.args:
        value = a.value
        if a.star == "*" and isinstance(value, (cst.List, cst.Tuple)) and \
                all(isinstance(e, cst.Element) for e in value.elements):
            out += [cst.Arg(e.value) for e in value.elements]
            continue
        if a.star == "**" and isinstance(value, cst.Dict):
            # the items after the display's last `**other` are passed as written, whatever `other` holds
            # (`**{**base, "dest": d}`: red team 55b); what comes before it stays a double-starred display
            last = max((i + 1 for i, e in enumerate(value.elements) if isinstance(e, cst.StarredDictElement)),
                       default=0)
            keys = [e.key.evaluated_value if isinstance(e, cst.DictElement) and isinstance(e.key, cst.SimpleString)
                    else None for e in value.elements[last:]]
            if all(isinstance(k, str) and k.isidentifier() for k in keys):
                if last:
                    out.append(a.with_changes(value=value.with_changes(elements=value.elements[:last])))
                out += [cst.Arg(e.value, keyword=cst.Name(k)) for k, e in zip(keys, value.elements[last:])]
                continue
        out.append(a)
    return out


def call_arg(node: cst.Call, index: int, keyword: str | None = None) -> cst.BaseExpression | None:
    positional = [a for a in node.args if a.keyword is None and not a.star]
    if keyword is not None:
        for a in node.args:
            if a.keyword is not None and a.keyword.value == keyword:
                return a.value
    return positional[index].value if index < len(positional) else None


def sequence_consts(r: Resolver, node: cst.BaseExpression | None, scope: Scope) -> list | None:
    """Constant elements of a literal list/tuple, `map(chr, [...])` or generator of chr()."""
    if node is None:
        return None
    if isinstance(node, (cst.List, cst.Tuple, cst.Set)):
        items = []
        for el in node.elements:
            consts = r.constants(el.value, scope)
            if len(consts) != 1:
                return None
            items.append(consts[0])
        return items
    if isinstance(node, cst.Call) and r.names(node.func, scope) & {"builtins.map"} and len(node.args) == 2:
        fn = r.names(node.args[0].value, scope)
        seq = sequence_consts(r, node.args[1].value, scope)
        if seq is not None and fn == {"builtins.chr"} and all(isinstance(i, int) for i in seq):
            return [_chr(i) for i in seq]
    if isinstance(node, (cst.GeneratorExp, cst.ListComp)) and isinstance(node.elt, cst.Call):
        # chr(c) for c in [101, 118, 97, 108]
        inner = node.for_in
        if r.names(node.elt.func, scope) == {"builtins.chr"} and inner.inner_for_in is None and not inner.ifs:
            seq = sequence_consts(r, inner.iter, scope)
            arg = node.elt.args[0].value if node.elt.args else None
            if seq is not None and isinstance(arg, cst.Name) and isinstance(inner.target, cst.Name) \
                    and arg.value == inner.target.value and all(isinstance(i, int) for i in seq):
                return [_chr(i) for i in seq]
    consts = r.constants(node, scope)
    if len(consts) == 1 and isinstance(consts[0], (str, bytes)):
        return list(consts[0]) if isinstance(consts[0], str) else list(consts[0])
    return None


def _chr(i: int) -> str:
    return chr(i) if 0 <= i < 0x110000 else ""


def fold_method(r: Resolver, node: cst.Call, scope: Scope) -> set:
    """Methods of constant strings and bytes: join, decode, encode, replace, format, strip..."""
    func = node.func
    method = func.attr.value
    out: set = set()
    for recv in r.constants(func.value, scope):
        try:
            if method == "join" and isinstance(recv, (str, bytes)):
                seq = sequence_consts(r, call_arg(node, 0), scope)
                if seq is not None and all(isinstance(s, type(recv)) for s in seq) \
                        and sum(map(len, seq)) + len(recv) * len(seq) <= MAX_CONST:
                    out.add(Const(recv.join(seq)))
            elif method == "decode" and isinstance(recv, (bytes, bytearray)):
                enc = r.constants(call_arg(node, 0, "encoding"), scope) if call_arg(node, 0, "encoding") is not None else ["utf-8"]
                out |= {Const(recv.decode(e, "replace")) for e in enc if isinstance(e, str)}
            elif method == "encode" and isinstance(recv, str):
                out.add(Const(recv.encode("utf-8", "replace")))
            elif method in _STR_IDENTITY and isinstance(recv, (str, bytes)) and not node.args:
                out.add(Const(getattr(recv, method)()))
            elif method == "replace" and isinstance(recv, str) and len(node.args) == 2:
                for a in r.constants(node.args[0].value, scope):
                    for b in r.constants(node.args[1].value, scope):
                        if isinstance(a, str) and isinstance(b, str) and \
                                len(recv) + (recv.count(a) if a else len(recv) + 1) * len(b) <= MAX_CONST:
                            out.add(Const(recv.replace(a, b)))
            elif method == "format" and isinstance(recv, str) and _narrow_format(recv):
                args = [r.constants(a.value, scope) for a in node.args if a.keyword is None]
                # Each field may repeat an argument: a bound on the text before it is built.
                longest = max((len(str(a[0])) for a in args if len(a) == 1), default=0)
                if all(len(a) == 1 for a in args) and len(recv) + recv.count("{") * longest <= _FORMATTED:
                    folded = recv.format(*[a[0] for a in args])
                    if len(folded) <= MAX_CONST:  # a longer one is not cut: its end may be what matters
                        out.add(Const(folded))
        except Exception:  # noqa: BLE001 - what Python would raise at run time: not a constant
            continue
    return out


def _decode_call(fn):
    def fold(r: Resolver, node: cst.Call, scope: Scope) -> frozenset:
        out = set()
        arg = call_arg(node, 0)
        for c in (r.constants(arg, scope) if arg is not None else []):
            try:
                raw = c.encode("latin-1") if isinstance(c, str) else c
                if isinstance(raw, (bytes, bytearray)):
                    out.add(Const(fn(raw)))
            except Exception:  # noqa: BLE001 - corrupt data (zlib.error, binascii.Error...): not a constant
                continue
        return frozenset(out)
    return fold


def _inflate(raw: bytes) -> bytes:
    """At most MAX_CONST bytes of a zlib stream: a small literal may inflate to gigabytes."""
    return zlib.decompressobj().decompress(raw, MAX_CONST)


def _rot13(r: Resolver, node: cst.Call, scope: Scope) -> frozenset:
    encs = r.constants(call_arg(node, 1, "encoding"), scope) if call_arg(node, 1, "encoding") is not None else []
    out = set()
    for c in r.constants(call_arg(node, 0), scope) if call_arg(node, 0) is not None else []:
        for e in encs:
            if isinstance(c, str) and isinstance(e, str) and e.replace("_", "").lower() == "rot13":
                out.add(Const(_ROT13(c)[0]))
            elif isinstance(c, bytes) and isinstance(e, str) and e.lower() in ("hex", "hex_codec", "base64", "zlib"):
                try:
                    out.add(Const(_inflate(c) if e.lower() == "zlib" else codecs.decode(c, e)))
                except Exception:  # noqa: BLE001 - corrupt data: not a constant
                    pass
    return frozenset(out)


def fold_call(r: Resolver, f: str, node: cst.Call, scope: Scope) -> set:
    """Pure builtins over constants: chr(101), str(b), bytes([..]), reversed("..")."""
    name = f[len("builtins."):]
    arg = call_arg(node, 0)
    out: set = {f + "()"}
    if arg is None:
        return out
    if name == "chr":
        out |= {Const(_chr(c)) for c in r.constants(arg, scope) if isinstance(c, int)}
    elif name == "str":
        out |= {Const(c) for c in r.constants(arg, scope) if isinstance(c, str)}
    elif name in ("bytes", "bytearray"):
        seq = sequence_consts(r, arg, scope)
        if seq is not None and all(isinstance(i, int) and 0 <= i < 256 for i in seq):
            out.add(Const(bytes(seq)))
        out |= {Const(c) for c in r.constants(arg, scope) if isinstance(c, bytes)}
    elif name == "reversed":
        out |= {Const(c[::-1]) for c in r.constants(arg, scope) if isinstance(c, str)}
    return out


DECODERS = {
    "base64.b64decode": _decode_call(base64.b64decode),
    "base64.standard_b64decode": _decode_call(base64.standard_b64decode),
    "base64.urlsafe_b64decode": _decode_call(base64.urlsafe_b64decode),
    "base64.b32decode": _decode_call(base64.b32decode),
    "base64.b16decode": _decode_call(base64.b16decode),
    "base64.b85decode": _decode_call(base64.b85decode),
    "base64.a85decode": _decode_call(base64.a85decode),
    "binascii.unhexlify": _decode_call(binascii.unhexlify),
    "binascii.a2b_hex": _decode_call(binascii.a2b_hex),
    "binascii.a2b_base64": _decode_call(binascii.a2b_base64),
    "builtins.bytes.fromhex": _decode_call(lambda raw: bytes.fromhex(raw.decode("latin-1"))),
    "zlib.decompress": _decode_call(lambda raw: _inflate(raw)),
    "codecs.decode": _rot13,
}


_SEQUENCE_CALLS = {"builtins.reversed": lambda v: list(reversed(v)), "builtins.sorted": sorted,
                   "builtins.list": list, "builtins.tuple": tuple}


class Evaluation:
    """What an expression of literals computes, Python's own operations applied to constants: a display, an
    item or slice of one, `reversed`/`sorted`/`range`, a comprehension over constants, `chr`, `bytes`, a
    string's join, translate and maketrans. A name bound once is what its value computes, else its folded constant.

    Not sound for resolution: a display changed after it is bound (`P[0] = ...`, `P.append`) is read as bound,
    so the resolver does not use it; detectors read it only to add findings (telltales: a text that spells a
    payload; paths: a candidate beside an unknown destination), which never makes anything safe. Bounded:
    MAX_CONST items or characters per value, STEPS nodes per expression, DEPTH nested nodes (a 2,500-term `+`
    chain); one per module (`of`), each expression outside a comprehension computed once (a config dict read at
    every use, the telltales and the paths asking for the same join, stay linear)."""

    STEPS, DEPTH = 20_000, 100

    def __init__(self, r: Resolver) -> None:
        self.r, self.steps, self.depth = r, 0, 0
        self.memo: dict[tuple[int, int], tuple[cst.CSTNode, object]] = {}  # the node kept alive keeps its id

    @classmethod
    def of(cls, r: Resolver) -> "Evaluation":
        found = r.derived.get(cls)
        if found is None:
            found = r.derived[cls] = cls(r)
        return found

    def __call__(self, node: cst.BaseExpression, scope: Scope) -> object:
        self.steps = 0
        return self._value(node, scope, {})

    def _value(self, node: cst.BaseExpression, scope: Scope, env: dict) -> object:
        key = (id(node), id(scope))
        if not env and key in self.memo:
            return self.memo[key][1]
        self.steps += 1
        if self.steps > self.STEPS or self.depth >= self.DEPTH:
            return NOPE  # past the bound: what it was part of stays uncomputed
        if not env:
            self.memo[key] = (node, NOPE)  # a cycle (`x = x + "a"`) computes nothing
        self.depth += 1
        try:
            out = self._compute(node, scope, env)
        except Exception:  # noqa: BLE001 - what Python would raise at run time (TypeError, IndexError...)
            out = NOPE
        finally:
            self.depth -= 1
        if isinstance(out, (type({}.keys()), type({}.values()), type({}.items()))):
            out = list(out)
        if (len(out) if isinstance(out, (str, bytes, list, tuple, dict)) else 0) > MAX_CONST:
            out = NOPE
        if not env:
            self.memo[key] = (node, out)
        return out

    def _compute(self, node: cst.BaseExpression, scope: Scope, env: dict) -> object:
        if isinstance(node, cst.Name) and node.value in env:
            return env[node.value]
        if isinstance(node, (cst.List, cst.Tuple)):
            items = [self._value(e.value, scope, env) for e in node.elements]
            if NOPE in items or any(not isinstance(e, cst.Element) for e in node.elements):
                return NOPE
            return items if isinstance(node, cst.List) else tuple(items)
        if isinstance(node, cst.Dict):
            pairs = [(self._value(e.key, scope, env), self._value(e.value, scope, env)) for e in node.elements
                     if isinstance(e, cst.DictElement)]
            if len(pairs) != len(node.elements) or any(NOPE in p for p in pairs):
                return NOPE
            return dict(pairs)
        if isinstance(node, cst.Name):
            bound = self.r.bindings(node.value, scope)
            item = next(iter(bound)) if len(bound) == 1 else None
            if isinstance(item, tuple) and item[0] is not None:
                return self._value(item[0], item[1], {})
        elif isinstance(node, cst.Subscript) and len(node.slice) == 1:
            base, sl = self._value(node.value, scope, env), node.slice[0].slice
            if isinstance(sl, cst.Index):
                return base[self._value(sl.value, scope, env)]
            if isinstance(sl, cst.Slice):
                bounds = [None if b is None else self._value(b, scope, env) for b in (sl.lower, sl.upper, sl.step)]
                return NOPE if NOPE in bounds else base[slice(*bounds)]
        elif isinstance(node, cst.BinaryOperation) and node.operator.__class__ in BINOPS:
            return apply(BINOPS[node.operator.__class__], self._value(node.left, scope, env),
                         self._value(node.right, scope, env))
        elif isinstance(node, (cst.GeneratorExp, cst.ListComp)):
            return self._comprehension(node, scope, env)
        elif isinstance(node, cst.Call) and not any(a.keyword or a.star for a in node.args):
            return self._call(node, scope, env)
        if env and not isinstance(node, (cst.Name, cst.BaseString, cst.Integer)):
            return NOPE  # may read a comprehension's variable, which the resolver does not hold
        consts = self.r.constants(node, scope)
        return consts[0] if len(consts) == 1 else NOPE

    def _comprehension(self, node: cst.GeneratorExp | cst.ListComp, scope: Scope, env: dict) -> object:
        loop = node.for_in
        if loop.inner_for_in is not None or loop.ifs or loop.asynchronous is not None:
            return NOPE
        target = loop.target
        names = [target] if isinstance(target, cst.Name) else \
            [e.value for e in target.elements] if isinstance(target, (cst.Tuple, cst.List)) else []
        if not names or not all(isinstance(n, cst.Name) for n in names):
            return NOPE
        out = []
        for item in self._value(loop.iter, scope, env):
            parts = [item] if isinstance(target, cst.Name) else list(item)
            if len(parts) != len(names):
                return NOPE
            out.append(self._value(node.elt, scope, {**env, **{n.value: p for n, p in zip(names, parts)}}))
            if out[-1] is NOPE:
                return NOPE
        return out

    def _call(self, node: cst.Call, scope: Scope, env: dict) -> object:
        func = node.func
        names = self.r.names(func, scope)
        name = next(iter(names)) if len(names) == 1 else None
        if name == "builtins.map" and len(node.args) == 2 and \
                self.r.names(node.args[0].value, scope) == {"builtins.chr"}:
            return [_chr(i) for i in self._value(node.args[1].value, scope, env)]
        args = [self._value(a.value, scope, env) for a in node.args]
        if NOPE in args:
            return NOPE
        if isinstance(func, cst.Attribute) and func.attr.value in _EVALUATED_METHODS:
            receiver = self._value(func.value, scope, env)
            if isinstance(receiver, (str, bytes, dict)) and (func.attr.value != "join" or (
                    all(isinstance(a, type(receiver)) for a in args[0])
                    and sum(map(len, args[0])) + len(receiver) * len(args[0]) <= MAX_CONST)):
                return getattr(receiver, func.attr.value)(*args)
        if name in _SEQUENCE_CALLS and len(args) == 1:
            return _SEQUENCE_CALLS[name](args[0])
        if name == "builtins.range" and all(isinstance(a, int) for a in args) and len(range(*args)) <= MAX_CONST:
            return list(range(*args))
        if name == "builtins.chr" and len(args) == 1:
            return _chr(args[0])
        if name == "builtins.bytes" and len(args) == 1 and isinstance(args[0], (list, tuple)):
            return bytes(args[0])
        if name == "builtins.str.maketrans" and args:
            return str.maketrans(*args)
        return NOPE


_EVALUATED_METHODS = frozenset({"join", "translate", "maketrans", "decode", "keys", "values", "items"})
