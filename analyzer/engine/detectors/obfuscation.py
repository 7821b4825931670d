"""Obfuscation: code written so that a reader (or a scanner) sees something else.

Two families:

- text-level checks on the source: Trojan Source bidi controls, invisible
  characters, identifiers that Python's NFKC normalisation turns into another
  name (`ｅｖａｌ` is `eval`), source encodings under which ASCII bytes mean
  something else (utf-7), code pushed off-screen to the right, over-long lines,
  long high-entropy or encoded-code blobs in string literals. Each runs only
  when a cheap pre-check on the text says it can fire (`source.isascii()` skips
  the Unicode checks for nearly every file);
- resolver-level checks on the few calls that run code or look up names:
  exec/eval/compile of a decoded, reversed or character-code-built string, of a
  docstring or of the file's own text; getattr/`__import__`/namespace lookups
  of a name built from character codes or decoded.

`origins()` is the small, bounded backward walk from one argument to the
expressions it may come from (names to what they were bound to, local
functions to what they return); other detectors (remote code) reuse it.
"""

from __future__ import annotations

import ast
import base64
import binascii
import codecs
import functools
import io
import math
import re
import tokenize
import unicodedata
import warnings
import zlib
from collections import Counter
import fnmatch
from typing import Iterable, Iterator

import libcst as cst

from ..regexes import compiled
from ..resolve import FuncRef, Resolver, Scope, Iterated, self_key, dotted
from . import Hit, PythonContext, python_detector

# ---- backward walk from an argument ---------------------------------------------


def origins(r: Resolver, node: cst.CSTNode, scope: Scope, limit: int = 200, hops: int = 4,
            loops: bool = True) -> list[tuple]:
    """(expression, scope) pairs an argument may be computed from: the argument,
    its sub-expressions, for a name what it was bound to, for a call of a local
    function what that returns. Bounded by `limit` expressions and `hops` name or
    function indirections, so that it stays cheap. With `loops=False` a loop
    variable is not followed into what the loop iterates (`for n in
    reversed(names)` reverses an order, not a string)."""
    out: list[tuple] = []
    seen: set[int] = set()
    stack: list[tuple] = [(node, scope, 0)]
    while stack and len(out) < limit:
        n, s, depth = stack.pop()
        if id(n) in seen or n is None:
            continue
        seen.add(id(n))
        out.append((n, s))
        push = stack.append
        if isinstance(n, cst.Name):
            if depth < hops:
                for item in r.bindings(n.value, s):
                    if isinstance(item, tuple):
                        push((item[0], item[1], depth + 1))
        elif isinstance(n, cst.Attribute):
            push((n.value, s, depth))
            key = dotted(n)
            if key is not None and depth < hops:
                for item in r.attr_bindings.get(self_key(key), ()):
                    if isinstance(item, tuple):
                        push((item[0], item[1], depth + 1))
        elif isinstance(n, cst.Call):
            push((n.func, s, depth))
            for a in n.args:
                push((a.value, s, depth))
            if depth < hops:
                for v in r.values(n.func, s):
                    if isinstance(v, FuncRef):
                        for item in r.returns.get(id(v.node), ()):
                            push((item[0], item[1], depth + 1))
        elif isinstance(n, cst.BinaryOperation):
            push((n.left, s, depth))
            push((n.right, s, depth))
        elif isinstance(n, cst.Subscript):
            push((n.value, s, depth))
            for el in n.slice:
                if isinstance(el.slice, cst.Index):
                    push((el.slice.value, s, depth))
        elif isinstance(n, (cst.List, cst.Tuple, cst.Set)):
            for el in n.elements:
                push((el.value, s, depth))
        elif isinstance(n, cst.ConcatenatedString):
            push((n.left, s, depth))
            push((n.right, s, depth))
        elif isinstance(n, cst.FormattedString):
            for part in n.parts:
                if isinstance(part, cst.FormattedStringExpression):
                    push((part.expression, s, depth))
        elif isinstance(n, (cst.IfExp,)):
            push((n.body, s, depth))
            push((n.orelse, s, depth))
        elif isinstance(n, cst.BooleanOperation):
            push((n.left, s, depth))
            push((n.right, s, depth))
        elif isinstance(n, (cst.GeneratorExp, cst.ListComp, cst.SetComp)):
            push((n.elt, s, depth))
            push((n.for_in.iter, r.scope_of.get(id(n), s), depth))
        elif isinstance(n, (cst.NamedExpr, cst.StarredElement)):
            push((n.value, s, depth))
        elif isinstance(n, cst.Await):
            push((n.expression, s, depth))
        elif isinstance(n, Iterated) and loops:
            push((n.iter, s, depth))
    return out


def call_names(r: Resolver, node: cst.Call, scope: Scope) -> set[str]:
    return r.names(node.func, scope)


def any_name(names: Iterable[str], patterns: tuple[str, ...]) -> str | None:
    """The first of `names` (sorted) that one of the fnmatch `patterns` matches."""
    matches = name_pattern(patterns)
    return next((n for n in sorted(names) if matches(n)), None)


@functools.cache
def name_pattern(patterns: tuple[str, ...]):
    """One regular expression for the patterns: each call of a module is tested against a tuple of them. Asked
    for the detectors' tables as their modules are imported: kept between starts (regexes.glob)."""
    return compiled("|".join(fnmatch.translate(p) for p in patterns)).match


# ---- what turns hidden text into code or names ------------------------------------

_DECODERS = (
    "base64.*decode", "base64.decode*", "binascii.a2b_*", "binascii.unhexlify", "binascii.rledecode_hqx",
    "codecs.decode", "codecs.getdecoder", "codecs.lookup", "codecs.iterdecode",
    "zlib.decompress", "zlib.decompressobj", "bz2.decompress", "lzma.decompress", "gzip.decompress",
    "marshal.loads", "builtins.bytes.fromhex", "builtins.bytearray.fromhex", "builtins.str.maketrans",
    "quopri.decodestring", "uu.decode", "pickle.loads",
)
# str/bytes methods that transform text: "...".decode("rot13"), s.translate(table)
_TRANSFORM_METHODS = frozenset({"translate", "fromhex", "b64decode", "decode_base64"})
_PLAIN_CODECS = frozenset({"utf-8", "utf8", "ascii", "latin-1", "latin1", "utf_8", "utf-16", "utf-32", "iso-8859-1"})
_CODE_SINKS = frozenset({"builtins.exec", "builtins.eval", "builtins.compile", "builtins.execfile",
                         "types.FunctionType", "types.CodeType", "types.LambdaType"})
_NAME_SINKS = {  # callee -> index of the argument that is a name
    "builtins.getattr": 1, "builtins.setattr": 1, "builtins.delattr": 1, "builtins.hasattr": 1,
    "builtins.__import__": 0, "importlib.import_module": 0, "importlib.__import__": 0,
    "operator.attrgetter": 0, "operator.methodcaller": 0, "pkgutil.resolve_name": 0,
}
_NAME_SINK_NAMES = frozenset(_NAME_SINKS)
_NAMESPACES = ("builtins.globals()", "builtins.locals()", "builtins.vars()", "sys.modules", "builtins")
_HIDDEN_TEXT_CALLS = ("inspect.getsource", "inspect.getsourcelines", "inspect.getcomments", "inspect.getdoc",
                      "linecache.getline", "linecache.getlines", "builtins.__loader__.get_source",
                      "*.__loader__.get_source", "pydoc.getdoc")
name_pattern(_DECODERS)  # compiled as the module is imported: kept between starts (regexes.glob)
name_pattern(_HIDDEN_TEXT_CALLS)


def _transform(r: Resolver, n: cst.CSTNode, s: Scope) -> str | None:
    """What kind of hiding transform an expression is, if any."""
    if isinstance(n, cst.Call):
        names = call_names(r, n, s)
        hit = any_name(names, _DECODERS)
        if hit:
            return hit
        if "builtins.chr" in names:
            return "chr()"
        if "builtins.reversed" in names:
            return "reversed()"
        if names & {"builtins.map"} and n.args and "builtins.chr" in r.names(n.args[0].value, s):
            return "map(chr, ...)"
        if names & {"builtins.bytes", "builtins.bytearray"} and n.args and \
                isinstance(n.args[0].value, (cst.List, cst.Tuple, cst.GeneratorExp, cst.ListComp)):
            return "bytes([...codes])"
        if isinstance(n.func, cst.Attribute):
            method = n.func.attr.value
            if method in _TRANSFORM_METHODS:
                return f".{method}()"
            if method in ("decode", "encode") and n.args:
                for c in r.constants(n.args[0].value, s):
                    if isinstance(c, str) and c.lower().replace("_", "-") not in _PLAIN_CODECS:
                        return f".{method}({c!r})"
    elif isinstance(n, cst.Subscript) and len(n.slice) == 1 and isinstance(n.slice[0].slice, cst.Slice):
        step = n.slice[0].slice.step
        if step is not None and any(isinstance(c, int) and c < 0 for c in r.constants(step, s)):
            return "[::-1]"
    elif isinstance(n, cst.BinaryOperation) and isinstance(n.operator, cst.BitXor):
        return "xor"
    elif isinstance(n, (cst.GeneratorExp, cst.ListComp)) and isinstance(n.elt, cst.Call) \
            and "builtins.chr" in r.names(n.elt.func, s):
        return "chr() of each code"
    return None


def _name_transform(r: Resolver, arg: cst.CSTNode, scope: Scope) -> tuple[str, cst.CSTNode] | None:
    """A hiding transform in what a looked-up name is built from. One chr() alone
    (`"fc" + chr(97 + i)`) is ordinary; two or more, a join over codes, a decode or a
    reversal of a string is not."""
    chrs = 0
    for n, s in origins(r, arg, scope, loops=False):
        found = _transform(r, n, s)
        if found == "chr()":
            chrs += 1
            if chrs >= 2:
                return "chr() + chr()", n
        elif found:
            return found, n
    return None


_OPENERS = frozenset({"builtins.open", "io.open", "codecs.open", "pathlib.Path", "tokenize.open", "linecache.getlines",
                      "linecache.getline", "io.FileIO"})


def _hidden_text(r: Resolver, n: cst.CSTNode, s: Scope) -> str | None:
    """Text that is not code to a reader: docstrings, the file's own source."""
    if isinstance(n, cst.Name) and n.value == "__doc__":
        return n.value
    if isinstance(n, cst.Attribute) and n.attr.value == "__doc__":
        return "__doc__"
    if isinstance(n, cst.Call):
        names = call_names(r, n, s)
        hit = any_name(names, _HIDDEN_TEXT_CALLS)
        if hit:
            return hit
        if names & _OPENERS and n.args and isinstance(n.args[0].value, cst.Name) and n.args[0].value.value == "__file__":
            return "its own source file"
    return None


def _first_origin(r: Resolver, arg: cst.CSTNode, scope: Scope, test) -> tuple[str, cst.CSTNode] | None:
    for n, s in origins(r, arg, scope):
        found = test(r, n, s)
        if found:
            return found, n
    return None


def _code_args(call: cst.Call) -> list[cst.BaseExpression]:
    return [a.value for a in call.args[:1]] if call.args else []


def _assembled_blob(r: Resolver, call: cst.Call, names: set[str], scope: Scope) -> tuple[frozenset, str] | None:
    """What a join or a decode call assembles from string literals cut below the blob checks' length
    (`''.join(CHUNKS)`, `b64decode(P1 + P2)`, through the names bound to them), when the whole is a blob:
    the literals and a description, else None. Literals outside the base64/hex alphabet (words, paths,
    URLs) take no part."""
    joins = isinstance(call.func, cst.Attribute) and call.func.attr.value == "join" and \
        any(isinstance(c, (str, bytes)) for c in r.constants(call.func.value, scope))
    if not call.args or not (joins or any_name(names, _DECODERS)):
        return None
    parts, literals = [], []
    for n in _literals(r, call.args[0].value, scope):
        value = n.evaluated_value
        text = _encoded_text(value.decode("latin-1") if isinstance(value, bytes) else value)
        if text:
            parts.append(text)
            literals.append(id(n))
    if len(parts) < 2 or any(map(_blob_kind, parts)):
        return None  # one literal alone: obfuscated-text judges it
    found = _blob_kind("".join(parts))
    return (frozenset(literals), f"{found} from {len(parts)} literals") if found else None


def _literals(r: Resolver, node: cst.CSTNode, scope: Scope, hops: int = 2) -> Iterator[cst.SimpleString]:
    """The string literals an expression is computed from, in the order of the source (origins, reversed),
    also where a name comes from another module of the job (`from assets import CHUNKS`, `assets.CHUNKS`)."""
    for n, s in reversed(origins(r, node, scope)):
        if isinstance(n, cst.SimpleString):
            yield n
        elif hops and r.program is not None and isinstance(n, (cst.Name, cst.Attribute)):
            for other, attr in r.imported_bindings(n, s):
                for bound in other.bindings(attr, other.root):
                    if isinstance(bound, tuple):
                        yield from _literals(other, bound[0], bound[1], hops - 1)


_PIECE_MIN = 16  # shortest literal counted as a piece of a blob the module decodes


def _pooled_blob(source: str) -> tuple[frozenset, str] | None:
    """A module that decodes something and holds base64/hex pieces it may be built from in ways no walk
    follows (appended to a list, dict values, class attributes): the pieces in the order of the source,
    as one blob. A piece is a literal of the alphabet, at least _PIECE_MIN long, that reads like encoded
    data (hex, or base64 with digits and both cases: not a CamelCase name), not a blob alone."""
    pieces = []
    for _, value in _literal_strings(_tokens(source) or []):
        compact = _encoded_text(value)
        if compact and len(compact) >= _PIECE_MIN and not _blob_kind(compact) and (_HEX.match(compact) or (
                any(c.isdigit() for c in compact) and compact.lower() != compact and compact.upper() != compact)):
            pieces.append(compact)
    found = _blob_kind("".join(pieces)) if len(pieces) >= 2 else None
    return (frozenset({"module pieces"}), f"{found} from {len(pieces)} literals of the module") if found else None


def _encoded_text(value: str) -> str | None:
    """A literal's text without its line breaks and indentation, if it is of the base64/hex alphabet and
    not words (at most a twentieth blanks)."""
    compact = re.sub(r"\s+", "", value)
    return compact if _B64.match(compact) and len(value) - len(compact) <= len(value) // 20 else None


def _blob_kind(compact: str) -> str | None:
    """'code' for a base64/hex text that decodes to code, 'high-entropy' for a long one of high entropy."""
    if len(compact) < _BLOB_MIN:
        return None
    if any(looks_like_code(d) for d in _decoded_candidates(compact)):
        return "encoded code"
    is_hex = _HEX.match(compact) is not None
    if len(compact) >= (_HEX_MIN_LEN if is_hex else _ENTROPY_MIN_LEN) and \
            _entropy(compact) >= (3.5 if is_hex else _ENTROPY_BITS):
        return f"{len(compact)} characters, {_entropy(compact):.1f} bits/char"
    return None


@python_detector("obfuscated-calls")
def obfuscated_calls(ctx: PythonContext) -> Iterator[Hit]:
    r = ctx.resolver
    assembled_seen: set[frozenset] = set()  # a blob joined, then decoded: once
    pooled: list = []  # the module's pieces, read at its first decode that no walk explains
    for use in r.calls:
        call = use.node
        names = call_names(r, call, use.scope)
        assembled = _assembled_blob(r, call, names, use.scope)
        if assembled is None and any_name(names, _DECODERS) and not pooled:
            pooled.append(_pooled_blob(ctx.source))
            assembled = pooled[0]
        if assembled and assembled[0] not in assembled_seen:
            assembled_seen.add(assembled[0])
            yield Hit("obfuscation.assembled-blob", ctx.path, node=call, details={"name": assembled[1]})
        if not names:
            continue
        sinks = names & _CODE_SINKS
        if sinks:
            sink = min(sinks)
            for arg in _code_args(call):
                hidden = _first_origin(r, arg, use.scope, _hidden_text)
                if hidden:
                    yield Hit("obfuscation.exec-hidden-text", ctx.path, node=call,
                              details={"name": f"{sink[9:] if sink.startswith('builtins.') else sink}({hidden[0]})"})
                    break
                found = _first_origin(r, arg, use.scope, _transform)
                if found:
                    yield Hit("obfuscation.decoded-exec", ctx.path, node=call,
                              details={"name": f"{sink.removeprefix('builtins.')}(... {found[0]} ...)"})
                    break
            continue
        for callee in sorted(names & _NAME_SINK_NAMES):
            index = _NAME_SINKS[callee]
            positional = [a for a in call.args if a.keyword is None]
            if index < len(positional):
                found = _name_transform(r, positional[index].value, use.scope)
                if found:
                    yield Hit("obfuscation.encoded-name", ctx.path, node=call,
                              details={"name": f"{callee.removeprefix('builtins.')}(... {found[0]} ...)"})
            break
    for use in r.subscripts:
        node = use.node
        if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index) \
                or isinstance(node.slice[0].slice.value, (cst.SimpleString, cst.Integer)):
            continue  # x[0], d["key"]: nothing built
        bases = r.names(node.value, use.scope)
        space = next((b for b in sorted(bases) if b in _NAMESPACES or b.endswith(".__dict__")), None)
        if space is None:
            continue
        found = _name_transform(r, node.slice[0].slice.value, use.scope)
        if found:
            yield Hit("obfuscation.encoded-name", ctx.path, node=node,
                      details={"name": f"{space}[... {found[0]} ...]"})


# ---- text-level checks ----------------------------------------------------------------

_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u061c]")
# Invisible or blank-looking characters (ZWJ/ZWNJ left out: emoji and Persian text use them).
_INVISIBLE_CHARS = "\u200b\u200e\u200f\u2060\u2061\u2062\u2063\u2064\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180e\u3164\uffa0\ufeff"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")
_CODING = re.compile(r"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)", re.ASCII)
_SAFE_CODECS = frozenset({"utf-8", "ascii", "utf-8-sig"})


def _tokens(source: str) -> list[tokenize.TokenInfo] | None:
    try:
        return list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError, ValueError):
        return None


class _Text:
    """The source's tokens, computed once and only if a check needs them."""

    def __init__(self, source: str):
        self.source = source
        self._tokens: list | None | bool = False

    @property
    def tokens(self) -> list[tokenize.TokenInfo] | None:
        if self._tokens is False:
            self._tokens = _tokens(self.source)
        return self._tokens  # type: ignore[return-value]


def _line_col(source: str, offset: int) -> tuple[int, int]:
    line = source.count("\n", 0, offset) + 1
    return line, offset - (source.rfind("\n", 0, offset) + 1)


_ASCII = "".join(map(chr, range(128)))
# ASCII text that some codecs read as something else: utf-7 shifts, escapes, iso-2022/hz escapes.
_PROBE = b"x = 1  # +AAo- ~{ab~} \x1b$B\x1b(B \\x0a \\u000a \\n\n"


@functools.lru_cache(maxsize=64)
def _codec_kind(name: str) -> str:
    """'single' (every ASCII byte means itself, one byte per character), 'multi'
    (ASCII-compatible, multi-byte: a lead byte can swallow an ASCII byte) or 'unsafe'."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if bytes(range(128)).decode(name) != _ASCII or _PROBE.decode(name) != _PROBE.decode("ascii"):
                return "unsafe"
            single = len(bytes(range(128, 256)).decode(name, "replace")) == 128
    except (LookupError, ValueError, TypeError, UnicodeError):
        return "unsafe"
    return "single" if single else "multi"


def _encoding(ctx: PythonContext) -> Iterator[Hit]:
    head = ctx.source[:400]
    if "coding" not in head:
        return
    for number, line in enumerate(head.split("\n")[:2], 1):
        m = _CODING.match(line)
        if not m:
            continue
        declared = m.group(1)
        try:
            canonical = codecs.lookup(declared).name
        except LookupError:
            canonical = declared.lower()
        if canonical in _SAFE_CODECS:
            return
        rule = {"single": "obfuscation.legacy-encoding", "multi": "obfuscation.multibyte-encoding"}.get(
            _codec_kind(canonical), "obfuscation.source-encoding")
        yield Hit(rule, ctx.path, number, m.start(1), details={"name": declared})
        return


def _script(ch: str) -> str:
    try:
        return unicodedata.name(ch).split(" ", 1)[0]
    except ValueError:
        return "?"


def _unicode(ctx: PythonContext, text: _Text) -> Iterator[Hit]:
    source = ctx.source
    reported_bidi: set[int] = set()
    for m in _BIDI.finditer(source):
        line, col = _line_col(source, m.start())
        if line not in reported_bidi:
            reported_bidi.add(line)
            yield Hit("obfuscation.bidi-control", ctx.path, line, col, details={"name": f"U+{ord(m.group()):04X}"})
    tokens = text.tokens
    if tokens is None:
        return
    spelled: dict[str, set[str]] = {}
    idents = [t for t in tokens if t.type == tokenize.NAME and not t.string.isascii()]
    if idents:
        for t in tokens:
            if t.type == tokenize.NAME:
                spelled.setdefault(unicodedata.normalize("NFKC", t.string), set()).add(t.string)
    for t in idents:
        ident = t.string
        norm = unicodedata.normalize("NFKC", ident)
        line, col = t.start
        if _INVISIBLE.search(ident):
            yield Hit("obfuscation.confusable-identifier", ctx.path, line, col,
                      details={"name": f"{ident!r} (contains an invisible character)"})
        elif norm != ident and (norm.isascii() or len(spelled.get(norm, ())) > 1):
            yield Hit("obfuscation.confusable-identifier", ctx.path, line, col,
                      details={"name": f"{ident!r} is {norm!r} to Python"})
        elif norm != ident:
            yield Hit("obfuscation.unusual-identifier", ctx.path, line, col,
                      details={"name": f"{ident!r} is {norm!r} to Python"})
        else:
            scripts = {("LATIN" if ch.isascii() else _script(ch)) for ch in ident if ch.isalpha()}
            if "LATIN" in scripts and scripts & {"CYRILLIC", "ARMENIAN", "CHEROKEE", "COPTIC"}:
                yield Hit("obfuscation.mixed-script-identifier", ctx.path, line, col,
                          details={"name": f"{ident!r} mixes {' and '.join(sorted(scripts))} letters"})
    seen_lines: set[int] = set()
    for t in tokens:
        if t.type in (tokenize.STRING, tokenize.COMMENT, getattr(tokenize, "FSTRING_MIDDLE", -1)) \
                and not t.string.isascii():
            m = _INVISIBLE.search(t.string)
            if m and t.start[0] not in seen_lines and not (m.group() == "\ufeff" and t.start == (1, 0)):
                seen_lines.add(t.start[0])
                yield Hit("obfuscation.invisible-char", ctx.path, t.start[0], t.start[1],
                          details={"name": f"U+{ord(m.group()):04X}"})


# A gap of blanks in the middle of a line, then more text.
_GAP = re.compile(r"(?<=\S)[ \t]{16,}(?=[^\s#\\])")
_OFFSCREEN_GAP = 40  # display columns of blank
_OFFSCREEN_COLUMN = 100  # where the text resumes


def _string_spans(tokens: list[tokenize.TokenInfo]) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    kinds = {tokenize.STRING, getattr(tokenize, "FSTRING_START", -1), getattr(tokenize, "FSTRING_MIDDLE", -1)}
    return [(t.start, t.end) for t in tokens if t.type in kinds]


def _inside(spans, pos: tuple[int, int]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _layout(ctx: PythonContext, text: _Text) -> Iterator[Hit]:
    source = ctx.source
    limit = ctx.policy.limits.max_line_length
    long_lines = 0
    if len(source) > limit:
        for number, line in enumerate(source.split("\n"), 1):
            if len(line) > limit:
                yield Hit("obfuscation.long-line", ctx.path, number, limit,
                          snippet=line[:200] + "...", details={"name": f"{len(line)} characters"})
                long_lines += 1
                if long_lines >= 5:
                    break
    spans = None
    reported: set[int] = set()
    for m in _GAP.finditer(source):
        line_start = source.rfind("\n", 0, m.start()) + 1
        before = source[line_start:m.start()].expandtabs(8)
        gap = source[line_start:m.end()].expandtabs(8)
        width = len(gap) - len(before)
        if width < _OFFSCREEN_GAP or len(gap) < _OFFSCREEN_COLUMN:
            continue
        line, col = _line_col(source, m.end())
        if line in reported:
            continue
        if spans is None:
            tokens = text.tokens
            spans = _string_spans(tokens) if tokens is not None else []
        if _inside(spans, (line, col)):
            continue
        reported.add(line)
        rest = source[m.end(): source.find("\n", m.end()) if "\n" in source[m.end():] else len(source)]
        rule = "obfuscation.offscreen-statement" if rest.lstrip().startswith(";") else "obfuscation.offscreen-code"
        yield Hit(rule, ctx.path, line, col, snippet=rest.strip()[:200],
                  details={"name": f"{width} blank columns, then `{rest.strip()[:60]}`"})


# Long runs of base64/hex alphabet inside string literals.
_BLOB_HINT = re.compile(r"[A-Za-z0-9+/=_-]{48,}")
_B64 = re.compile(r"^[A-Za-z0-9+/=_-]+$")
_HEX = re.compile(r"^(?:[0-9a-fA-F]{2})+$")
_B32 = re.compile(r"^[A-Z2-7]+=*$")
# base85 (b85encode: digits, letters and `!#$%&()*+-;<=>?@^_`{|}~`) and Ascii85 (`!` to `u`, `z`):
# a long run of their alphabets, outside base64's, may be a blob of code too.
_B85_HINT = re.compile(r"[0-9A-Za-z!#$%&()*+;<=>?@^_`{|}~-]{64,}|[!-u]{64,}")
_CODE_MARKERS = re.compile(
    rb"\b(import\s+\w|__import__|exec\s*\(|eval\s*\(|subprocess|os\.system|os\.popen|socket\.|urlopen|"
    rb"requests\.(get|post)|/bin/(ba)?sh|curl\s|wget\s)")
_BLOB_MIN = 64  # shortest blob decoded to look for code
_ENTROPY_MIN_LEN = 200
_ENTROPY_BITS = 4.5
_HEX_MIN_LEN = 256


def _entropy(s: str) -> float:
    counts = Counter(s)
    n = len(s)
    return -sum(c / n * math.log2(c / n) for c in counts.values())


def _literal_strings(tokens: list[tokenize.TokenInfo]) -> Iterator[tuple[tuple[int, int], str]]:
    """String literals, adjacent ones (implicit concatenation) joined."""
    start, parts = None, []
    for t in tokens:
        if t.type == tokenize.STRING:
            if start is None:
                start = t.start
            try:
                value = ast.literal_eval(t.string)
            except (ValueError, SyntaxError, MemoryError, RecursionError):
                value = ""
            parts.append(value.decode("latin-1") if isinstance(value, bytes) else str(value))
        elif t.type in (tokenize.NL, tokenize.COMMENT) and start is not None:
            continue
        else:
            if start is not None:
                yield start, "".join(parts)
            start, parts = None, []
    if start is not None:
        yield start, "".join(parts)


def _decoded_candidates(blob: str) -> Iterator[bytes]:
    raw = blob.encode("ascii", "ignore")
    if _HEX.match(blob):
        try:
            yield binascii.unhexlify(raw)
        except (binascii.Error, ValueError):
            pass
    for decode in (base64.b64decode, base64.urlsafe_b64decode):
        try:
            yield decode(raw + b"=" * (-len(raw) % 4))
        except (binascii.Error, ValueError):
            continue
    if _B32.match(blob):
        try:
            yield base64.b32decode(raw.rstrip(b"=") + b"=" * (-len(raw.rstrip(b"=")) % 8))
        except (binascii.Error, ValueError):
            pass


def _base85_decoded(value: str) -> Iterator[bytes]:
    """What a literal outside the base64 alphabet decodes to as base85 or Ascii85, when long enough."""
    raw = re.sub(r"\s+", "", value).encode("ascii", "ignore")
    if len(raw) < _BLOB_MIN:
        return
    for decode in (base64.b85decode, base64.a85decode):
        try:
            yield decode(raw)
        except ValueError:
            continue


def looks_like_code(data: bytes) -> bool:
    """Whether decoded bytes read as Python or shell code (zlib-compressed or marshalled too)."""
    if data[:1] in (b"x",) and len(data) > 2:  # zlib header 0x78
        try:
            data = zlib.decompressobj().decompress(data, 1 << 16)
        except zlib.error:
            pass
    if data[:1] in (b"\xe3", b"c") and b"\x00" in data[:32]:  # a marshalled code object
        return True
    return _CODE_MARKERS.search(data) is not None


def _may_hold_blob(source: str) -> bool:
    """A cheap look before tokenizing the whole file: a long run that reads like
    encoded data (mostly alphanumeric, with digits or mixed case), not a
    separator comment (`# -----`) or a long snake_case name."""
    for m in _BLOB_HINT.finditer(source):
        run = m.group()
        if sum(c.isalnum() for c in run) >= 0.9 * len(run) and (
                any(c.isdigit() for c in run) or (any(c.isupper() for c in run) and any(c.islower() for c in run))):
            return True
    # base85 text is decoded by a name with 85 in it (b85decode, a85decode): only then look for its blobs
    return "85" in source and _B85_HINT.search(source) is not None


def _blobs(ctx: PythonContext, text: _Text) -> Iterator[Hit]:
    if not _may_hold_blob(ctx.source):
        return
    tokens = text.tokens
    if tokens is None:
        return
    for (line, col), value in _literal_strings(tokens):
        compact = _encoded_text(value)
        found = _blob_kind(compact) if compact else None
        if compact is None and any(map(looks_like_code, _base85_decoded(value))):
            found, compact = "encoded code", re.sub(r"\s+", "", value)
        if found == "encoded code":
            yield Hit("obfuscation.encoded-code", ctx.path, line, col, details={"name": f"{len(compact)} characters"})
        elif found:
            yield Hit("obfuscation.high-entropy-string", ctx.path, line, col, details={"name": found})


@python_detector("obfuscated-text")
def obfuscated_text(ctx: PythonContext) -> Iterator[Hit]:
    text = _Text(ctx.source)
    yield from _encoding(ctx)
    if not ctx.source.isascii():
        yield from _unicode(ctx, text)
    yield from _layout(ctx, text)
    yield from _blobs(ctx, text)
