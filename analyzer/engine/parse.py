"""Parse: Python bytes -> libcst module, or an `unanalyzable` finding.

A file that does not parse is never a pass: the interpreter may accept code
that libcst rejects (or the reverse), and either way the gate has not read it.
CPython's parser screens every file first (`screen`): what it refuses is
unanalyzable with its message and line, and libcst never sees it.
"""

from __future__ import annotations

import ast
import codecs
import dataclasses
import io
import re
import resource
import sys
import threading
import tokenize
import unicodedata
from dataclasses import dataclass

import libcst as cst
from libcst import native  # noqa: F401 - loaded now: an isolated worker may not have the room to map it later
from libcst._nodes.base import CSTNode

from ..model import Finding
from . import isolate
from .annotations import unquoted
from .node_checks import use_type_checks
from .positions import statement_lines
from .resolve import children
from .string_values import use_plain_values
from .unjudged import over_limit

use_type_checks()  # every analysis parses first: its isinstance checks of nodes are cheap from here on
use_plain_values()  # and its string literals' values need no compiler

@dataclass
class Parsed:
    """A Python file parsed, or the finding that says why it did not parse."""

    path: str
    source: str
    module: cst.Module | None
    error: Finding | None = None
    # CPython's tree of the same source, when it parses: its line numbers let
    # positions.py regenerate only the statements that hold findings.
    tree: ast.Module | None = None


def _unanalyzable(path: str, line: int, message: str) -> Finding:
    return Finding(
        rule="unanalyzable.parse-error", category="unanalyzable", severity="high", confidence="high",
        path=path, line=line, column=0, message=message, engine="jobgate", never_accept=True,
        why="Code the gate cannot parse cannot be judged, and Python may still run it.",
        fix="Make the file valid Python 3 (the gate parses with libcst).",
    )


def _no_validation(self: CSTNode) -> None:
    pass


def _parse_unvalidated(data: bytes) -> cst.Module:
    """libcst validates every node it builds (a fifth of the parse time); nodes
    straight from its own parser are valid by construction, so skip that."""
    validate = CSTNode.__post_init__
    CSTNode.__post_init__ = _no_validation  # type: ignore[method-assign]
    try:
        return isolate.on_plain_stack(cst.parse_module, data)
    finally:
        CSTNode.__post_init__ = validate  # type: ignore[method-assign]


class _NfkcNames(cst.CSTTransformer):
    """Python reads identifiers NFKC-normalised (`ｅｖａｌ` is `eval`), so the
    resolver must see them as Python does; the obfuscation pack reports them."""

    def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.Name:
        if updated.value.isascii():
            return updated
        return updated.with_changes(value=unicodedata.normalize("NFKC", updated.value))


# What the screen vouches for runs in the calling process; anything larger or
# deeper runs in an isolated worker (a site may allow deeper files than this,
# and libcst and the resolver cost time and memory per byte). libcst's native
# parser crashes at a few thousand levels; its visitors stay within Python's
# recursion limit to well past this depth.
VOUCH_BYTES = 256_000
VOUCH_DEPTH = 200


@dataclass
class Screened:
    """What CPython's parser says about a file before libcst may see it."""

    tree: ast.Module | None  # also kept when it nests too deeply: surrogate.py reads it
    problem: Finding | None = None  # refused by CPython or past a limit: never handed to libcst
    # Too deep for CPython's parser at a script's recursion budget, which a job raises for the modules it
    # imports after `sys.setrecursionlimit(...)`: CPython then runs it, so it is read in a limited worker.
    deep_for_python: bool = False
    vouched: bool = False  # safe to analyse in the calling process
    # Stands beside the file's findings: why it was read as `readable` and not as written.
    note: Finding | None = None
    # The source the analysis reads, when it is not the file's bytes: string annotations read as
    # the code they are (annotations.py); `tree` is this source's.
    readable: bytes | None = None

    def source(self, data: bytes) -> bytes:
        return data if self.readable is None else self.readable

    @property
    def too_deep(self) -> bool:
        """CPython parsed it (or would, with the job's own recursion limit), but it nests past the limit."""
        return self.problem is not None and (self.tree is not None or self.deep_for_python)


def _parts(node: ast.AST, data: bytes, lines: list[bytes] | None) -> int:
    """How many levels libcst nests a node into: a chain `a and b and c` or `a < b < c`,
    a dotted import `a.b.c`, adjacent literals `"a" "b" "c"` are one node each for
    CPython but one level per part for libcst."""
    if isinstance(node, ast.BoolOp):
        return len(node.values) - 1
    if isinstance(node, ast.Compare):
        return len(node.comparators)
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
        return max(n.count(".") + 1 for n in names)
    if isinstance(node, ast.pattern):
        return PATTERN_LEVELS
    if isinstance(node, (ast.Constant, ast.JoinedStr)) and lines is not None and node.end_lineno is not None:
        if node.end_lineno - node.lineno > 50 or (node.end_col_offset or 0) - node.col_offset > 1000:
            return _adjacent_literals(lines, node)
    return 1


def _adjacent_literals(lines: list[bytes], node: ast.expr) -> int:
    first, last = node.lineno - 1, (node.end_lineno or node.lineno) - 1
    text = b"\n".join(lines[first:last + 1])
    end = len(text) - len(lines[last]) + (node.end_col_offset or 0)
    segment = text[node.col_offset:end]
    try:
        return sum(1 for t in tokenize.tokenize(io.BytesIO(segment).readline)
                   if t.type in (tokenize.STRING, _FSTRING_START))
    except (tokenize.TokenError, SyntaxError):
        return len(segment)  # cannot count: assume the worst


_FSTRING_START = getattr(tokenize, "FSTRING_START", tokenize.STRING)


def nesting_depth(tree: ast.AST, data: bytes) -> int:
    """The deepest a parser that recurses per level (libcst) goes into this tree;
    walked with a list, not recursion."""
    lines = data.split(b"\n") if len(data) > 1000 else None
    deepest, todo = 0, [(tree, 0)]
    while todo:  # ast.iter_child_nodes inlined: this walk visits every node of every file
        node, depth = todo.pop()
        depth += _parts(node, data, lines) if isinstance(node, _MAY_NEST_MORE) else 1
        if depth > deepest:
            deepest = depth
        for name in node._fields:
            value = getattr(node, name, None)
            if value.__class__ is list:
                for item in value:
                    if isinstance(item, ast.AST):
                        todo.append((item, depth))
            elif isinstance(value, ast.AST):
                if value._fields:
                    todo.append((value, depth))
                elif depth + 1 > deepest:  # a leaf (a Load, an operator): one level, counted without a visit
                    deepest = depth + 1
    return deepest


# The nodes for which _parts may count more than one level.
_MAY_NEST_MORE = (ast.BoolOp, ast.Compare, ast.Import, ast.ImportFrom, ast.Constant, ast.JoinedStr, ast.pattern)
# Levels a `case` pattern counts for. libcst's parser backtracks through nested patterns, its time growing
# 2-16 times with each level (hardening55: `case ({'a': ({'a': y},)},)` and so on, 10 patterns deep, 2 s; 12
# deep, past 15 s; a 400-byte `case [[[...]]]` 190 deep ran out two 120 s limits). So patterns 8 deep are
# past VOUCH_DEPTH: the statement is read from the flat stand-in (surrogate.py), never handed to libcst as
# written. Real patterns nest 2-4 deep.
PATTERN_LEVELS = 28


def levels(node: ast.AST, data: bytes, lines: list[bytes] | None) -> int:
    """How many levels libcst nests this one node into (as nesting_depth counts)."""
    return _parts(node, data, lines) if isinstance(node, _MAY_NEST_MORE) else 1


def _python_tree(data: bytes) -> ast.Module:
    """CPython's tree with the recursion budget a script has at its top level: CPython's parser and compiler
    count the caller's frames against the recursion limit, and the gate's frames (a worker, the analysis)
    are not the job's. A file nested just below what `python3 train.py` compiles would otherwise be refused
    here as too deep for Python, and its statements never read."""
    depth, frame = 0, sys._getframe()
    while frame is not None:
        depth, frame = depth + 1, frame.f_back
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(min(limit, isolate.PLAIN_RECURSION) + depth)  # a script's, not the deep stack's
    try:
        return ast.parse(data)
    finally:
        sys.setrecursionlimit(limit)


# What `deep_tree` allows a job: a recursion limit as high as a job may set, and a thread stack that holds
# it (CPython's parser recurses on the C stack; past this it would crash the worker, which is a finding).
DEEP_RECURSION_LIMIT = 1_000_000
DEEP_STACK_BYTES = 512 * 1024 * 1024


def deep_tree(data: bytes) -> ast.Module | None:
    """CPython's tree of a file too deep for a script's default recursion limit, as CPython builds it for a
    job that raised the limit; None if CPython refuses it even so. Only for a limited worker: the parser's
    recursion can exhaust the process's memory or stack."""
    found: list[ast.Module] = []

    def parse_deep() -> None:
        try:
            found.append(ast.parse(data))
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            pass

    limit, stack = sys.getrecursionlimit(), threading.stack_size()
    sys.setrecursionlimit(DEEP_RECURSION_LIMIT)
    threading.stack_size(DEEP_STACK_BYTES)
    try:
        worker = threading.Thread(target=parse_deep, name="jobgate-deep-parse")
        worker.start()
        worker.join()
    finally:
        threading.stack_size(stack)
        sys.setrecursionlimit(limit)
    return found[0] if found else None


def unused_name(text: str) -> str:
    """A name `text` never spells: it stands for an unknown value, which nothing in the file can give
    a harmless meaning."""
    n = 0
    while f"_jobgate_unknown{n}" in text:
        n += 1
    return f"_jobgate_unknown{n}"


# CPython refuses a decimal integer literal longer than sys.get_int_max_str_digits() (4300 digits by
# default) while it compiles, but a job that lifts the limit (sys.set_int_max_str_digits(0)) before it
# imports the file runs it.
_DIGIT_LIMIT = "for integer string conversion"


def _long_ints_unknown(data: bytes) -> bytes | None:
    """The source with each decimal integer literal past CPython's digit limit written as an unknown
    value of the same length, `(name or 0x000)`, so positions stay; None if it has none or does not tokenize.
    Never converted: that costs time quadratic in the digits."""
    try:
        encoding = tokenize.detect_encoding(io.BytesIO(data).readline)[0]
        lines = io.StringIO(data.decode(encoding), newline="").readlines()
        tokens = list(tokenize.generate_tokens(iter(lines).__next__))
    except (SyntaxError, tokenize.TokenError, LookupError, UnicodeDecodeError, ValueError):
        return None
    name = unused_name("".join(lines))
    limit, found = sys.get_int_max_str_digits(), False
    for t in reversed(tokens):  # right to left: a replacement keeps the columns of those before it
        digits = t.string.replace("_", "")
        if t.type == tokenize.NUMBER and digits.isdigit() and len(digits) > limit and t.start[0] == t.end[0]:
            row, (start, end) = t.start[0] - 1, (t.start[1], t.end[1])
            lines[row] = lines[row][:start] + f"({name} or 0x".ljust(end - start - 1, "0") + ")" + lines[row][end:]
            found = True
    return "".join(lines).encode(encoding) if found else None


def _column(indent: str) -> int:
    """The column CPython's tokenizer counts for a line's indentation: a tab to the next multiple of 8, a form
    feed back to 0 (its altcol check, that tabs of width 1 agree, has passed in any file it parsed)."""
    col = 0
    for ch in indent:
        col = col + 1 if ch == " " else (col // 8 + 1) * 8 if ch == "\t" else 0
    return col


_LONE_BACKSLASH = re.compile(rb"^[ \t\x0c]*\\\r?$", re.M)
_PARENTHESISED_TARGET = re.compile(rb"^[ \t\x0c]*\(.*\)[ \t]*:", re.M)


def _annotated_targets_unparenthesised(lines: list[str], tree: ast.Module) -> bool:
    """Drop the brackets around each one-line annotated target, `(x): int = 1` read as `x: int = 1`: libcst
    refuses them, CPython does not. Whether any changed."""
    changed = False
    for node in ast.walk(tree):
        if not isinstance(node, ast.AnnAssign) or node.col_offset == node.target.col_offset:
            continue
        target = node.target
        if not node.lineno == target.lineno == target.end_lineno or node.annotation.lineno != node.lineno:
            continue
        raw = lines[node.lineno - 1].encode("utf-8")  # CPython's offsets count UTF-8 bytes
        head, name = raw[node.col_offset:target.col_offset], raw[target.col_offset:target.end_col_offset]
        tail = raw[target.end_col_offset:node.annotation.col_offset]
        raw = raw[:node.col_offset] + head.replace(b"(", b"") + name + tail.replace(b")", b"") + \
            raw[node.annotation.col_offset:]
        lines[node.lineno - 1], changed = raw.decode("utf-8"), True
    return changed


def _shape(tree: ast.Module) -> str:
    """The tree without positions, nor whether an annotated target was a bare name (`simple`)."""
    return re.sub(r"simple=[01]", "", ast.dump(tree))


def _layout_as_python_reads_it(data: bytes, tree: ast.Module) -> bytes | None:
    """The source laid out as CPython reads it, where libcst's tokenizer refused files CPython runs ("no matching
    outer block for dedent", "expected INDENT"): when any line's indentation holds a form feed (CPython counts
    the column from 0 again at it) or the file's mix tabs and spaces (a tab to the next multiple of 8), each
    line's indentation as the spaces CPython counts; and a line that is only indentation and a continuation
    backslash blank, the statement it continues indented as CPython 3.11 indents it; an annotated target
    without its brackets. Lines within a string are kept as written. None when there is nothing to change, or
    when CPython would not read the result as the same tree."""
    lone = _LONE_BACKSLASH.search(data) is not None
    bracketed = _PARENTHESISED_TARGET.search(data) is not None
    if not lone and not bracketed and b"\x0c" not in data and b"\t" not in data:
        return None
    try:
        encoding = tokenize.detect_encoding(io.BytesIO(data).readline)[0]
        lines = io.StringIO(data.decode(encoding), newline="").readlines()
        if "".join(lines).encode(encoding) != data:  # a codec that does not write back the same bytes
            return None
    except (SyntaxError, LookupError, UnicodeError):
        return None
    in_strings = {row for node in ast.walk(tree) if isinstance(node, (ast.Constant, ast.JoinedStr))
                  for row in range(node.lineno, node.end_lineno or node.lineno)}
    indents = {row: line[:len(line) - len(line.lstrip(" \t\x0c"))]
               for row, line in enumerate(lines) if row not in in_strings}
    used = set("".join(indents.values()))
    respace = "\x0c" in used or {" ", "\t"} <= used or (lone and "\t" in used)
    changed, carried = bracketed and _annotated_targets_unparenthesised(lines, tree), ""
    for row, line in enumerate(lines):
        indent = indents.get(row)
        if indent is None:  # within a string
            carried = ""
        elif lone and line[len(indent):].rstrip("\r\n") == "\\":
            # The statement the backslash continues is indented as the backslash is, unless that is at column 0
            # (then as its own line): `    \` then `x = 1` is `    x = 1`, `        \` then `    x` is `        x`
            lines[row], changed = line[len(line.rstrip("\r\n")):], True
            carried = carried or (indent if _column(indent) else "")
        elif carried or (respace and ("\t" in indent or "\x0c" in indent)):
            lines[row], changed = " " * _column(carried or indent) + line[len(indent):], True
            carried = ""
    if not changed:
        return None
    laid_out = "".join(lines).encode(encoding)
    try:
        return laid_out if _shape(_python_tree(laid_out)) == _shape(tree) else None
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _near_memory_limit() -> bool:
    """Whether a MemoryError came from this process's address-space limit (a limited worker's): its address
    space peaked past three quarters of it. CPython's parser raises the same MemoryError at its fixed stack
    depth, at any size."""
    soft = resource.getrlimit(resource.RLIMIT_AS)[0]
    if soft == resource.RLIM_INFINITY:
        return False
    try:
        with open("/proc/self/status", "rb") as status:  # Linux: VmPeak, in kB (reset at fork)
            peak = next(int(line.split()[1]) for line in status if line.startswith(b"VmPeak:")) * 1024
    except (OSError, StopIteration, ValueError):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return peak > soft * 3 // 4


_NOT_UTF8 = ("bytes that are not UTF-8 in a comment: `python3 file` refuses the file, but an import of it runs "
             "(CPython decodes only a UTF-8 file's code, not its comments); read with U+FFFD in their place")


def _comment_bytes_replaced(data: bytes) -> tuple[bytes, int] | None:
    """For a source CPython parsed that does not decode (libcst decodes all of it): the source with each
    byte that is not UTF-8 replaced, and the first such byte's line. CPython 3.11 parses a UTF-8 source
    without decoding its comments, and refuses such bytes anywhere else, so only comments change."""
    if data.isascii():
        return None
    try:
        encoding = tokenize.detect_encoding(io.BytesIO(data).readline)[0]
    except SyntaxError:  # the first lines themselves are not UTF-8: CPython read them as UTF-8
        encoding = "utf-8"
    try:
        data.decode(encoding)
    except UnicodeDecodeError as err:
        return data.decode(encoding, "replace").encode(encoding), data.count(b"\n", 0, err.start) + 1
    return None


def screen(path: str, data: bytes, max_depth: int = VOUCH_DEPTH) -> Screened:
    """CPython's parser first: what it refuses is never handed to libcst (whose
    native parser crashes the process on some deeply nested input), and what
    nests deeper than the policy allows is refused before any parser recurses."""
    try:
        tree = _python_tree(data)
    except SyntaxError as err:
        refused = _unanalyzable(path, err.lineno or 0, f"does not parse: {err.msg}")
        readable = _long_ints_unknown(data) if _DIGIT_LIMIT in (err.msg or "") else None
        if readable is None:
            return Screened(None, refused)
        # Read with each such literal an unknown value, never in this process: the refusal stays beside it.
        screened = screen(path, readable, max_depth)
        return dataclasses.replace(screened, vouched=False, readable=screened.readable or readable, note=dataclasses.replace(
            refused, message=f"does not parse at Python's default limit on integer digits: {err.msg.split(';')[0]} "
                             "(runs where the job lifts the limit first); read with each such literal an unknown value"))
    except ValueError as err:  # a null byte
        return Screened(None, _unanalyzable(path, 0, f"does not parse: {err}"))
    except RecursionError:
        return Screened(None, over_limit("max_nesting_depth", path, "nested too deeply for Python's own parser "
                                         "at its default recursion limit",
                                         outcome="read with a raised limit through a flat stand-in, not as written"),
                        deep_for_python=True)
    except MemoryError:
        if _near_memory_limit():
            raise  # this worker's memory, not the file's nesting: the worker's memory limit names it
        # CPython 3.11's parser past its fixed stack (MAXSTACK), whatever the recursion limit: Python refuses it
        return Screened(None, over_limit("max_nesting_depth", path, "too complex for Python's own parser "
                                         "(MemoryError at its fixed stack depth)"))
    replaced = _comment_bytes_replaced(data)
    if replaced is not None:
        # Read with U+FFFD in their place, never in this process: the note stays beside what is found.
        screened = screen(path, replaced[0], max_depth)
        return dataclasses.replace(screened, vouched=False, readable=screened.readable or replaced[0],
                                   note=_unanalyzable(path, replaced[1], _NOT_UTF8))
    laid_out = _layout_as_python_reads_it(data, tree)
    if laid_out is not None:  # the same tree as CPython reads: no note, only columns on those lines move
        screened = screen(path, laid_out, max_depth)
        return dataclasses.replace(screened, readable=screened.readable or laid_out)
    readable = unquoted(data, tree)
    if readable is not None:
        data, tree = readable
    depth = nesting_depth(tree, data)
    if depth > max_depth:
        return Screened(tree, over_limit("max_nesting_depth", path, f"nesting depth {depth} is over {max_depth}",
                                         outcome="what nests deeper is read from a flat stand-in, not as written"),
                        readable=data if readable else None)
    return Screened(tree, vouched=len(data) <= VOUCH_BYTES and depth <= VOUCH_DEPTH,
                    readable=data if readable else None)


def parse(path: str, data: bytes, screened: Screened | None = None) -> Parsed:
    """libcst's tree of a file the screen passed (screened here if not given)."""
    screened = screened or screen(path, data)
    if screened.problem is not None:
        return Parsed(path, data.decode("utf-8", "replace"), None, screened.problem)
    tree, data = screened.tree, screened.source(data)
    try:
        module = _parse_unvalidated(data)
        source = codecs.decode(data, module.encoding)
    except cst.ParserSyntaxError as err:
        return Parsed(path, data.decode("utf-8", "replace"), None,
                      _unanalyzable(path, err.raw_line, f"does not parse: {err.message}"))
    except (SyntaxError, LookupError, UnicodeDecodeError, ValueError) as err:  # e.g. an unknown coding cookie
        return Parsed(path, data.decode("utf-8", "replace"), None,
                      _unanalyzable(path, 0, f"cannot decode source: {err}"))
    except RecursionError:
        return Parsed(path, data.decode("utf-8", "replace"), None,
                      over_limit("max_nesting_depth", path, "nested too deeply to parse"))
    if not source.isascii():
        try:
            module = _normalise_identifiers(module, source, tree)
        except RecursionError:
            return Parsed(path, source, None, over_limit("max_nesting_depth", path, "nested too deeply to analyse"))
    return Parsed(path, source, module, tree=tree)


def _normalise_identifiers(module: cst.Module, source: str, tree: ast.Module | None) -> cst.Module:
    """NFKC-normalise names, transforming only the top-level statements whose text
    is not ASCII and that name something in it: a whole-module transform costs as much
    as the parse, and the text that is not ASCII is mostly comments and strings."""
    starts = statement_lines(module, tree)
    if starts is None:
        return module.visit(_NfkcNames()) if _names_not_ascii(module) else module
    lines = source.splitlines()
    ends = starts[1:] + [len(lines) + 1]
    body = [
        statement if all(line.isascii() for line in lines[start - 1:end - 1]) or not _names_not_ascii(statement)
        else statement.visit(_NfkcNames())
        for statement, start, end in zip(module.body, starts, ends)
    ]
    return module.with_changes(body=body)


def _names_not_ascii(node: cst.CSTNode) -> bool:
    """Whether a Name under `node` is spelled with characters that are not ASCII (children() reaches
    every Name: the fields it skips hold whitespace and punctuation only)."""
    todo = [node]
    while todo:
        n = todo.pop()
        if n.__class__ is cst.Name and not n.value.isascii():
            return True
        todo.extend(children(n))
    return False

