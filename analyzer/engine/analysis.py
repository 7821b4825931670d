"""Analysis: the work behind a cache miss. The unit's Python files resolved
as one program, in this process and in order (what a module's analysis finds
can depend on the analyses its program ran before it, so a unit's files are
never split between programs: the CLI's worker processes take whole units),
the file detectors and the extra engines.

analyzer/api.py imports this only when something must be analysed: a re-scan
whose results are all cached never loads libcst, the rule packs, the
catalogue or the detectors.
"""

from __future__ import annotations

import ast
import collections
import copy
import dataclasses
import gc
import io
import os
import re
import tokenize
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterable, Iterator

from .. import collector
from . import compiled, isolate, surrogate
from .catalogue import load_catalogue
from .collect import Content
from .detectors import FILE_DETECTORS, FileContext, Hit
from .detectors.paths import (OptionReads, analysed_here, recording_option_reads, recording_unit_option_reads,
                              unit_option_reads)
from .engines import run_engines
from .isolate import Budget, Failure
from .match import from_hit, finding, match_python, source_line
from ..model import Finding
from .parse import VOUCH_BYTES, Parsed, Screened, _python_tree, deep_tree, parse, screen
from ..policy import Policy
from .program import Program, Texts
from .resolve import Resolver
from .rules import RuleSet, load_rules
from .unjudged import piece_failed, worker_failed


def python_findings(path: str, data: bytes, rules: RuleSet, policy: Policy, vouch: bool = True,
                    program: Program | None = None) -> list[Finding]:
    """Findings for one Python source (also used for notebook code cells);
    `program` links it to the job's other modules.

    CPython's parser screens it first; a file the screen cannot vouch for is
    analysed in a forked, resource-limited child, so that a crash or a blow-up
    there is a finding for this file and the rest of the report stays complete.
    `vouch=False` isolates the file whatever the screen says."""
    known = _known_parse(program, path, data)
    if vouch and known is not None:  # parsed (so screened and vouched for) when names led into it
        return _analyse_python(path, data, rules, policy, Screened(known.tree, vouched=True), program)
    if (len(data) > VOUCH_BYTES or _long_dotted(data)) and hasattr(os, "fork"):
        # Never vouched for, and CPython's own tree costs ~400 bytes of memory per byte of source (a 50 MB
        # file: 20 GB): even the screen runs under the memory limit, after the file's first statements.
        result = isolate.run_limited(_screened_apart, (path, data, rules, policy, program), Budget.of(policy.limits))
        if isinstance(result, Failure):
            return [worker_failed(result.cause, path, result.detail, result.limit), *result.found,
                    *_prefix_apart(path, data, rules, policy)]
        return result
    return _screened_here(path, data, rules, policy, vouch, program)


# CPython's parser builds a dotted import name one part at a time, each joined name kept until the parse ends
# (Grammar/python.gram dotted_name): quadratic, `import a.a.a...` of 80,000 parts (a 160 KB file) took 2.9 GB in
# the screen, in the unit's own process, and the unit's later files went unread (session 50). A file holding a
# dotted run of more than MAX_DOTTED parts is screened apart, as a large one is. Runs are read once each (a
# possessive repeat), and only in a file of that many dots.
MAX_DOTTED = 5_000
_DOTTED_RUN = re.compile(rb"\w+(?:\s*+(?:\\\s*+)?\.\s*+(?:\\\s*+)?\w++)*+")


def _long_dotted(data: bytes) -> bool:
    return data.count(b".") > MAX_DOTTED and any(m.group().count(b".") > MAX_DOTTED for m in _DOTTED_RUN.finditer(data))


def _screened_here(path: str, data: bytes, rules: RuleSet, policy: Policy, vouch: bool, program: Program | None,
                   apart: bool = False) -> list[Finding]:
    screened = _screen(path, data, policy.limits.max_nesting_depth)
    noted = [screened.note] if screened.note is not None else []
    return noted + _screened_findings(path, data, rules, policy, screened, vouch, program, apart)


def _screened_apart(path: str, data: bytes, rules: RuleSet, policy: Policy, program: Program | None) -> list[Finding]:
    """In a file's own limited child: its first statements' findings (PREFIX_FIRST_ABOVE) and its smallest
    statements' (small_statements: a payload after a slow statement, session 52) sent on, then the whole file
    screened and analysed here. The first statements' findings stay beside a whole that
    was not judged in full (CPython's parser out of memory here): read alone, they may miss what the rest
    of the file defines, so a file read whole keeps only its own findings."""
    pieces = [("its smallest statements", small_statements)]
    if len(data) > PREFIX_FIRST_ABOVE:
        pieces.insert(0, ("its first statements", _prefix_findings))
    head: list[Finding] = []
    for piece, findings in pieces:
        try:
            head += findings(path, data, rules, policy)
        except Exception as err:  # noqa: BLE001 - the whole file is still analysed below
            head.append(piece_failed(f"the analysis of {piece}", path, err))
    isolate.partial(head)
    found = _screened_here(path, data, rules, policy, False, program, apart=True)
    if any(f.never_accept and f.category == "unanalyzable" for f in found):
        seen = {(f.rule, f.line) for f in found}  # a statement the whole file's reading (or stand-in) found too
        return list(dict.fromkeys([*(f for f in head if (f.rule, f.line) not in seen), *found]))
    return found


def _screened_findings(path: str, data: bytes, rules: RuleSet, policy: Policy, screened: Screened, vouch: bool,
                       program: Program | None, apart: bool = False) -> list[Finding]:
    """`apart`: in the file's own limited child already."""
    if screened.problem is not None:
        isolate.partial([screened.problem])  # kept if a limit stops this child while the stand-in is read
        return [screened.problem] + _surrogate_findings(path, data, rules, policy, screened, program, apart)
    if screened.vouched:  # for the unit's linked programs (_linked_parse)
        _unit_vouched[path] = (data, policy.limits.max_nesting_depth)
    # Past max_file_bytes (kept so padding hides nothing, collect.py): never in this process.
    vouched = screened.vouched and len(data) <= policy.limits.max_file_bytes
    if (vouch and vouched) or apart or not hasattr(os, "fork"):
        return _analyse_python(path, data, rules, policy, screened, program)
    result = isolate.run_limited(_analyse_python, (path, data, rules, policy, screened, program),
                                 Budget.of(policy.limits))
    if isinstance(result, Failure):
        return [worker_failed(result.cause, path, result.detail, result.limit), *result.found]
    return result


def _surrogate_findings(path: str, data: bytes, rules: RuleSet, policy: Policy, screened: Screened,
                        program: Program | None, apart: bool = False) -> list[Finding]:
    """What a file nested past the limit does besides: its surrogate (surrogate.py)
    analysed as untrusted input is today, in a limited child. These findings
    stand beside the over-limit one, which keeps the file from ever being accepted."""
    if not screened.too_deep:
        return []
    args = (path, screened.source(data), screened.tree, rules, policy, program)
    if apart or not hasattr(os, "fork"):
        return _analyse_surrogate(*args) if screened.tree is not None or apart else []  # deep_tree: a worker's only
    result = isolate.run_limited(_analyse_surrogate, args, Budget.of(policy.limits))
    if isinstance(result, Failure):
        return [worker_failed(result.cause, path, "while reading the flat stand-in of its too deep code", result.limit),
                *result.found]
    return result


_STAND_IN = " (read from a flat stand-in of code nested past limits.max_nesting_depth)"


def _analyse_surrogate(path: str, data: bytes, tree: ast.Module | None, rules: RuleSet, policy: Policy,
                       program: Program | None) -> list[Finding]:
    tree = tree or deep_tree(data)
    if tree is None:  # CPython refuses it whatever the recursion limit: it never runs
        return []
    try:
        stand_in = surrogate.build(data, tree, policy.limits.max_nesting_depth)
    except Exception as err:  # noqa: BLE001 - fail closed, keep the cause in the report
        return [piece_failed("the flat stand-in for too deep code", path, err)]
    screened = screen(path, stand_in.data, policy.limits.max_nesting_depth)
    if screened.problem is not None:  # a stand-in is built to pass: say so if one does not
        return [piece_failed("the flat stand-in for too deep code", path, ValueError(screened.problem.message))]
    found = _analyse_python(path, stand_in.data, rules, policy, screened, program)
    return [dataclasses.replace(f, message=f.message + _STAND_IN) if stand_in.covers(f.line) else f
            for f in found if not _about_the_stand_in(f, stand_in)]


def _about_the_stand_in(f: Finding, stand_in: surrogate.Surrogate) -> bool:
    """The stand-in's unknown value is unbound on purpose: that is no finding about the file."""
    return f.rule == "unvouched.unbound-name" and stand_in.unknown in f.message


# A file this large is judged in two steps in a limited worker: its first
# statements (up to VOUCH_BYTES, a parse of a few seconds) alone, their findings
# sent on at once, then the whole file. libcst's parse is most of the cost (a
# 350 KB file: 3.6 s of 5.8 s), and a worker stopped inside the whole file's
# parse would otherwise keep nothing of it: padding after an os.system(...)
# would turn a reject into an escalation. Above four times the prefix, so the
# first step costs at most a quarter more.
PREFIX_FIRST_ABOVE = 4 * VOUCH_BYTES


def _prefix(data: bytes, limit: int) -> bytes:
    """The file's leading top-level statements that end within `limit` bytes, as whole lines (so their line
    numbers are the file's own); b"" if none do. From the tokens of those bytes alone, before CPython's tree
    of the whole file is built (hundreds of times its size): a cut where a line's first token starts a
    top-level statement (after a NEWLINE token, at indentation 0) is outside any bracket, string or
    continuation, so the head's tokens are the file's."""
    head = data[:limit]
    starts = [0, *(m.end() for m in _LINE_END.finditer(head))]  # byte offset of each line
    cut, statement_ended, depth = 0, True, 0
    try:  # CPython reads \r\n and a lone \r as \n, tokenize only \n
        for token in tokenize.tokenize(io.BytesIO(_LINE_END.sub(b"\n", head)).readline):
            if token.type == tokenize.NEWLINE:
                statement_ended = True
            elif token.type in (tokenize.INDENT, tokenize.DEDENT):
                depth += 1 if token.type == tokenize.INDENT else -1
            elif token.type not in _NOT_A_STATEMENT:
                if statement_ended and depth == 0:
                    cut = starts[token.start[0] - 1]
                statement_ended = False
    except (SyntaxError, tokenize.TokenError, UnicodeDecodeError, LookupError):
        pass  # the truncated last statement, or text tokenize cannot read: the cut so far stands
    return head[:cut]


_LINE_END = re.compile(rb"\r\n|\r|\n")
_NOT_A_STATEMENT = (tokenize.ENCODING, tokenize.NL, tokenize.COMMENT, tokenize.ENDMARKER)


def _prefix_apart(path: str, data: bytes, rules: RuleSet, policy: Policy) -> list[Finding]:
    """After the worker of a file up to PREFIX_FIRST_ABOVE failed (it judged no first statements apart): their
    findings, in a worker of their own (session 45: a 930 KB file of `x = a[0][0]...` lines, libcst ~3 KB of memory
    a byte, ran past the limit and hid the `curl | sh` of its second line)."""
    if len(data) > PREFIX_FIRST_ABOVE:
        return []  # its worker judged them first (_screened_apart): they are in the failure's findings
    result = isolate.run_limited(_prefix_findings, (path, data, rules, policy), Budget.of(policy.limits))
    return list(result.found) if isinstance(result, Failure) else result  # what it found before its limit stands


def _prefix_findings(path: str, data: bytes, rules: RuleSet, policy: Policy) -> list[Finding]:
    """The findings of the file's first statements, read as a module of their own."""
    head = _prefix(data, VOUCH_BYTES)
    screened = screen(path, head, policy.limits.max_nesting_depth)
    if not head or screened.problem is not None:
        return []
    parsed = parse(path, head, screened)
    return match_python(parsed, rules, policy) if parsed.module is not None else []


def small_statements(path: str, data: bytes, rules: RuleSet | None, policy: Policy) -> list[Finding]:
    """The findings of the file read as two skeletons of its top-level statements, each on its own line numbers:
    first those that name what the rule packs look for (a call, import or reference pattern's last name, outside
    strings and comments), the rarest such name in the file first, up to NAMED_BYTES; then its smallest
    statements, smallest first up to VOUCH_BYTES and half the file in all (as collection keeps the smallest files
    within its budget). Padding costs by its size and its repetition: 50,000 `url += 'x'` lines fill the smallest
    statements' skeleton, and the payload's `urlopen` and `eval`, named once, come first in the other (session 54).
    The first skeleton's findings are sent on before the second is read. Only where the whole file fails or failed
    at a limit (that finding stands, never an accept), so the names the left-out statements bind are not reported
    unbound. Also api.python_apart's, `rules` None: the policy's."""
    rules = load_rules(policy) if rules is None else rules
    try:
        source = data.decode(tokenize.detect_encoding(io.BytesIO(data).readline)[0])
    except (SyntaxError, LookupError, UnicodeDecodeError):
        return []  # the screen's own finding on the whole file says why
    pieces = _top_level_statements(source)
    named = [sorted(set(_code_names(text)) & rules.words) for _, text in pieces]
    counts = collections.Counter(word for words in named for word in words)
    rarest = [min((counts[w] for w in words), default=0) for words in named]
    found = _skeleton_findings(path, pieces, [k for k in range(len(pieces)) if named[k]],
                               lambda k: (rarest[k], len(pieces[k][1])), min(NAMED_BYTES, len(source) // 2),
                               rules, policy)
    isolate.partial(found)
    found += _skeleton_findings(path, pieces, range(len(pieces)), lambda k: len(pieces[k][1]),
                                min(VOUCH_BYTES, len(source) // 2), rules, policy)  # at most half the whole's cost
    return list(dict.fromkeys(found))


NAMED_BYTES = VOUCH_BYTES // 8


def _skeleton_findings(path: str, pieces: list[tuple[int, str]], among: Iterable[int], rank, budget: int,
                       rules: RuleSet, policy: Policy) -> list[Finding]:
    """The findings of the statements `among` the pieces, first by `rank` up to `budget` characters, read as a module
    of their own in the file's order, each on its own lines."""
    kept = []
    for k in sorted(among, key=rank):
        line, text = pieces[k]
        if len(text) > budget:
            break
        try:  # a piece the approximate split got wrong is left out, not the skeleton
            compile(text, path, "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue
        budget -= len(text)
        kept.append(k)
    if not kept:
        return []
    out, at = [], 1
    for line, text in (pieces[k] for k in sorted(kept)):  # in the file's order
        out.append("; " if out and line == at else "\n" * (line - at))
        out.append(text)
        at = line + len(_LINE_END_TEXT.findall(text))
    skeleton = ("".join(out) + "\n").encode()
    screened = screen(path, skeleton, policy.limits.max_nesting_depth)
    parsed = parse(path, skeleton, screened) if screened.problem is None else None
    if parsed is None or parsed.module is None:
        return []
    return [f for f in match_python(parsed, rules, policy) if f.rule != "unvouched.unbound-name"]


def _code_names(text: str) -> Iterator[str]:
    """The names a statement's code spells, NFKC-normalised as Python reads identifiers (`ｅｖａｌ` is eval): not in
    its comments or plain strings (an f-string's fields are code)."""
    for m in _CODE_NAME.finditer(text):
        if m.lastgroup == "name":
            yield unicodedata.normalize("NFKC", m.group())
        elif m.lastgroup == "string" and "f" in _PREFIX.match(m.group()).group().lower():
            yield from (unicodedata.normalize("NFKC", name) for name in _NAME.findall(m.group()))


# The tokens that decide where a top-level statement ends (strings, comments, brackets, continuations, `;`), each
# read once (possessive repeats). CPython's own tree of a file of 60,000 calls takes seconds to build; this split
# takes a small part of that, and only ever chooses what a skeleton keeps (small_statements).
_STRING_OR_COMMENT = r"""(?P<string>[rRbBuUfF]{0,2}(?:'''(?:[^'\\]|\\.|'(?!''))*+'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*+\"\"\"
                                  |'(?:[^'\\\r\n]|\\.)*+'|"(?:[^"\\\r\n]|\\.)*+"))
                    |(?P<comment>\#[^\r\n]*+)"""
_SPLIT = re.compile(_STRING_OR_COMMENT + r"""|(?P<open>[(\[{])|(?P<close>[)\]}])|(?P<continued>\\(?:\r\n|\r|\n))
                    |(?P<newline>\r\n|\r|\n)|(?P<semicolon>;)""", re.VERBOSE | re.DOTALL)
_LINE_END_TEXT = re.compile(r"\r\n|\r|\n")
_NAME = re.compile(r"[^\W\d]\w*")
_PREFIX = re.compile(r"[rRbBuUfF]*")
_CODE_NAME = re.compile(_STRING_OR_COMMENT + r"|(?P<name>[^\W\d]\w*)", re.VERBOSE | re.DOTALL)
_CONTINUES = re.compile(r"(?:else|elif|except|finally)\b")


def _top_level_statements(source: str) -> list[tuple[int, str]]:
    """(line, text) of each top-level statement, as Python's tokens split them: at a line that starts in column 0
    outside brackets, or after a `;` outside them; decorators stay with what they decorate, `else`, `elif`,
    `except` and `finally` with the statement they continue."""
    cuts, depth, line = [(0, 1)], 0, 1
    for m in _SPLIT.finditer(source):
        kind = m.lastgroup
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth = max(0, depth - 1)
        elif kind == "semicolon":
            if depth == 0:
                cuts.append((m.end(), line))
        else:
            line += len(_LINE_END_TEXT.findall(m.group()))
            if kind == "newline" and depth == 0 and source[m.end():m.end() + 1] not in ("", " ", "\t", "\f", "\n",
                                                                                      "\r", "#"):
                cuts.append((m.end(), line))
    pieces: list[list] = []  # [first line, start, end, a decorator] of each statement, merged as they go
    for (begin, first), (end, _) in zip(cuts, [*cuts[1:], (len(source), line)]):
        chunk = source[begin:end]
        text = chunk.strip().removesuffix(";").rstrip()
        if not text:
            continue
        start = begin + len(chunk) - len(chunk.lstrip())
        if pieces and (pieces[-1][3] or _CONTINUES.match(text)):
            pieces[-1][2:] = [start + len(text), text.startswith("@")]  # offsets: 100,000 decorators stay linear
        else:
            pieces.append([first + len(_LINE_END_TEXT.findall(source, begin, start)), start, start + len(text),
                           text.startswith("@")])
    return [(first, source[start:end]) for first, start, end, _ in pieces]


def _analyse_python(path: str, data: bytes, rules: RuleSet, policy: Policy, screened: Screened,
                    program: Program | None = None) -> list[Finding]:
    try:
        parsed = _known_parse(program, path, data) or _kept_parse(path, data, screened)
        if parsed is None:
            parsed = parse(path, data, screened)
            if program is not None and parsed.module is not None:
                _keep(program, path, data, parsed)
        if parsed.module is None:
            return [parsed.error] if parsed.error is not None else []
        found = match_python(parsed, rules, policy, program)
        analysed_here(path, data)
        return found
    except MemoryError:  # in a worker: its address-space limit; this file only
        return [worker_failed("memory-limit", path, "while analysing this file", "limits.max_worker_memory_mb")]
    except Exception as err:  # noqa: BLE001 - fail closed, keep the cause in the report
        return [piece_failed("Python analysis", path, err)]


# True while an analysis may freeze what it keeps (see _collection_for_analysis).
_freezing = False


@contextmanager
def _collection_for_analysis(freeze_kept: bool = True) -> Iterator[None]:
    """libcst builds hundreds of thousands of short-lived nodes per file, and
    the default collector threshold spends a quarter of the analysis walking
    them: collect less often while analysing. And the program keeps every
    module's tree until the unit is done (_keep): each collection of the older
    generations would walk all the trees kept so far (stdlib subset: 1.1 s of
    8), so what is kept is moved out of the collector's sight (gc.freeze) and
    handed back at the end. What survives a young collection mostly stays
    until the unit ends too (flow summaries, memos), and each collection of the
    middle generation walks all of it once more (stdlib subset: 0.6 s of 47 s
    at the default ten young collections per middle one, for a thousand
    objects freed): that one comes every hundred young collections instead
    (the subset makes 15). Cyclic garbage that outlives a young collection
    waits longer for it, as the freeze after each parse makes it wait already.
    The file detectors' analyses (a config's replays of the scripts it
    launches: NVFlare's examples as one unit, a quarter of their CPU went to
    collections) run under it too, with `freeze_kept=False`: what lives at
    their start (the unit's parses, kept to its end) is frozen once, not at
    each parse a replay's program keeps, for such a program is garbage when
    its replay ends, and a freeze would keep that garbage until the unit's end
    (NVFlare's examples: 1.07 GB peak, 0.73 GB without). All is undone when
    the analysis ends (the handler runs inside NVFlare's own process); a process that froze objects
    itself (isolate's fork server, for copy-on-write) keeps its own freeze
    (the CLI's frozen imports are undone with the trees: analyzer/collector.py)."""
    global _freezing
    old = gc.get_threshold()
    freeze = not _freezing and collector.freezable()
    gc.set_threshold(100_000, 100, old[2])  # young, middle (per young), old (per middle)
    if freeze and not freeze_kept:
        gc.freeze()
    _freezing = _freezing or (freeze and freeze_kept)
    try:
        yield
    finally:
        if freeze:
            _freezing = False
            collector.unfreeze()
        gc.set_threshold(*old)


def _keep(program: Program, path: str, data: bytes, parsed: Parsed) -> None:
    """Keep a module's parse for the rest of the unit (its own analysis and
    the names that lead into it use the same one)."""
    program.parsed[path] = (data, parsed)
    if _freezing:
        gc.freeze()


def _known_parse(program: Program | None, path: str, data: bytes) -> Parsed | None:
    """The parse of these bytes that the program holds already, if any."""
    known = program.parsed.get(path) if program is not None else None
    return known[1] if known is not None and known[0] == data else None


# The unit's parses, kept from its modules' analysis (python_files) for the file detectors' analyses of
# the same bytes: a config's replay of the script it launches reads it twice more (detectors/configs.py),
# and libcst's parse is most of a small module's analysis (hello-pt's client.py: 9 ms of some 30; NVFlare's
# examples as one unit: 185 of the replays' 319 parses). Kept from python_files to the end of unit_findings:
# the program held them all until its end already, so the unit's peak of memory stays where it was.
_unit_parses: dict[str, tuple[bytes, Parsed]] = {}
# path -> (bytes, max_nesting_depth) the screen vouched for in this unit (_linked_parse); cleared with the parses.
_unit_vouched: dict[str, tuple[bytes, int]] = {}
# path -> (bytes, max_nesting_depth) the screen vouched for as they are (no problem, no note, read as written): the
# same bytes screened again need CPython's tree alone. Cleared with the parses.
_unit_plain: dict[str, tuple[bytes, int]] = {}


def _screen(path: str, data: bytes, max_depth: int) -> Screened:
    """parse.screen, of which a unit's bytes screened plain before (the file detectors' analyses of its modules: a
    config's replays read each script again: 295 of the 1,084 screens of NVFlare's examples as one unit, speed45t) take
    CPython's tree alone: the rest of the screen (its nesting walk, the comment bytes, the layout, the string
    annotations) is a function of the bytes and the depth, and found nothing in them. The program lets the tree go
    after the module's own analysis (Program.analysed), so CPython parses them again."""
    if _unit_plain.get(path) == (data, max_depth):
        try:
            return Screened(_python_tree(data), vouched=True)
        except Exception:  # noqa: BLE001 - never seen: the whole screen says what it is
            pass
    screened = screen(path, data, max_depth)
    if screened == Screened(screened.tree, vouched=True):
        _unit_plain[path] = (data, max_depth)
    return screened


def _kept_parse(path: str, data: bytes, screened: Screened) -> Parsed | None:
    """The unit's parse of exactly these bytes, for the file detectors' analyses (alone or linked to the
    unit's other modules), with the tree of this screen (the program lets CPython's tree go after the
    module's own analysis: Program.analysed)."""
    kept = _unit_parses.get(path)
    return dataclasses.replace(kept[1], tree=screened.tree) if kept is not None and kept[0] == data else None


def linked_program(sources: dict[str, bytes], rules: RuleSet, policy: Policy,
                   command_lines: tuple[tuple[str, ...], ...] | None = None,
                   kept: dict[str, Resolver] | None = None, texts: Texts | None = None,
                   never_run: frozenset[str] = frozenset()) -> Program:
    """The unit's Python files as one program (analyzer/program.py). A module
    that names lead into is parsed here only if the screen vouches for it; one
    it cannot vouch for is judged (isolated) where it is analysed itself. Each
    module is screened and parsed once, for its own analysis and the links into it.
    `kept`: path -> the resolver an earlier program with these rules built, used again
    (Resolver.start_over) where this program reads the same tree, and the place of the ones built here;
    `texts`: what earlier programs found in the same bytes (program.Texts); `never_run`: Program.never_run."""
    def build(path: str, data: bytes, program: Program, name: str) -> Resolver | None:
        parsed = _known_parse(program, path, data)
        if parsed is None:
            parsed = _linked_parse(path, data, policy.limits.max_nesting_depth)
            if parsed is None or parsed.module is None:
                return None
            _keep(program, path, data, parsed)
        known = kept.get(path) if kept is not None else None
        if known is not None and known.module is parsed.module:
            return known.start_over(program)
        resolver = Resolver(parsed.module, rules.reference_tails, program, name, path, rules.modules)
        if kept is not None:
            kept[path] = resolver
        return resolver
    return Program(sources, build, command_lines, texts, never_run)


def _linked_parse(path: str, data: bytes, max_depth: int) -> Parsed | None:
    """The parse of a module that names lead into, if the screen vouches for it. A replay's program linked
    to the unit's modules (_file_findings' `embedded`) reads them as the unit parsed them, and a module the
    screen vouched for once is not screened again: each replay's program leads into the same modules
    (NVFlare's examples as one unit: 6,707 screens of some 630 modules, a third of the replays' CPU).
    Only the file detectors' analyses find the unit's parses (python_files keeps them when it ends), each
    of one module with a parse of its own: a module that names lead into needs no screen's tree (positions).
    Where the unit's modules were not analysed here (their findings all cached), this process holds
    none of their parses: the first replay's parse of a module is kept for the unit instead, so the next
    replays neither screen nor parse it again and share its resolver (linked_program's `kept`)."""
    if len(data) > VOUCH_BYTES:  # never vouched for: not even screened here (python_findings)
        return None
    kept = _unit_parses.get(path)
    if kept is not None and kept[0] == data and _unit_vouched.get(path) == (data, max_depth):
        return kept[1]
    screened = _screen(path, data, max_depth)
    if screened.problem is not None or not screened.vouched:
        return None
    _unit_vouched[path] = (data, max_depth)
    parsed = _kept_parse(path, data, screened)
    if parsed is None:
        parsed = parse(path, data, screened)
        if kept is None and parsed.module is not None:
            _unit_parses[path] = (data, dataclasses.replace(parsed, tree=None))
    return parsed


@dataclass(frozen=True)
class FileResult:
    """One Python file's findings and what its analysis depended on."""

    path: str
    findings: list[Finding]
    # The job's modules its resolution led into (program.depends); None: judged
    # apart from the program after a worker died, a result not to be kept.
    depends: tuple[str, ...] | None


def python_files(files: list[tuple[str, bytes]], policy: Policy, vouch: bool = True,
                 program_files: list[tuple[str, bytes]] | None = None,
                 command_lines: tuple[tuple[str, ...], ...] | None = None,
                 never_run: frozenset[str] = frozenset()) -> list[FileResult]:
    """Each file's findings, its names resolved across `program_files` (all
    the unit's Python files; by default `files` themselves), with the command
    lines the unit's configs hand to its scripts (Program.command_lines) and the files the site never runs
    (Program.never_run)."""
    with _collection_for_analysis(), compiled.one_reading():
        rules = load_rules(policy)
        _unit_parses.clear()  # another unit's, if its file detectors never ran: this unit's own come at the end
        _unit_vouched.clear()
        _unit_plain.clear()
        sources = dict(program_files or files)
        program = linked_program(sources, rules, policy, command_lines, never_run=never_run)
        results = []
        try:
            with recording_unit_option_reads(sources):  # for a config's linked replays (option_reads)
                for path, data in files:
                    isolate.reached(isolate.python_stage(path))
                    results.append(FileResult(path, python_findings(path, data, rules, policy, vouch, program),
                                              tuple(program.depends(path))))
                    isolate.partial(results[-1].findings)  # in a limited child: kept whatever stops it later
            return results
        finally:
            _unit_parses.clear()
            _unit_parses.update(program.parsed)
            program.close()


def compile_configuration(policy: Policy) -> None:
    """Load everything the configuration makes, the patterns that the lists
    and the flow vocabulary compile only when a job first needs one included
    (what analyzer/engine/regexes.py stores for the next start)."""
    from .flow import vocabulary
    from .lists import every_matcher

    load_rules(policy)
    load_catalogue(policy)
    for m in every_matcher():
        m.match("")
    vocab = vocabulary.load()
    for name in vocab.entries:
        vocab.tester(name)("")


_warmed: set[tuple[str, ...]] = set()


def warm(policy: Policy) -> None:
    """compile_configuration once per process and configuration: a unit is
    analysed in a limited child (api._within_budget), and what the parent has
    loaded every child starts with, instead of loading it again per unit."""
    key = (policy.digest, *policy.rule_packs, *policy.catalogues)
    if key not in _warmed:
        with collector.paused():  # what it unpickles and compiles stays (analyzer/collector.py)
            compile_configuration(policy)
        _warmed.add(key)


def _file_findings(content: Content, rules: RuleSet, policy: Policy, vouch: bool = True,
                   after: str = "") -> list[Finding]:
    """Every file detector over the unit (`after`: those after the one of that stage, isolate.reached). One that
    fails is run again file by file, so its error names the file, and then once more over every file that
    did not fail, so what it finds across files (a config's command replayed through the script it runs) still
    counts."""
    seen: dict[tuple[str, bytes, frozenset[str] | None, bool], list[Finding]] = {}
    reads: dict[tuple[str, bytes, frozenset[str] | None, bool], OptionReads | None] = {}

    def embedded(path: str, data: bytes, only: frozenset[str] | None = None, linked: bool = False) -> list[Finding]:
        """Embedded Python, each (name, source) analysed once: a script that
        several configs launch is read again for each of them. `only`: the
        caller reads these rules' findings alone (a config's replay of a
        script, detectors/configs.py), so no detector without one of them runs.
        `linked`: the bytes stand for the unit's module `path`, linked to its
        other modules (the parse of a command line one of them makes)."""
        key = (path, data, only, linked)
        if key not in seen:
            if only is not None and only not in subsets:
                subsets[only] = _narrowed(rules, only)
            chosen = rules if only is None else subsets[only]
            program = linked_program({**python_sources, path: data}, chosen, policy,
                                     kept=resolvers.setdefault(only, {}), texts=texts) if linked else None
            with recording_option_reads() as recorded:
                seen[key] = python_findings(path, data, chosen, policy, vouch, program)
            if program is not None:  # its trees and flows are garbage now: freed at once, not at a collection
                program.close()
            reads[key] = recorded if recorded.analysed else None
        return list(seen[key])

    def option_reads(path: str, data: bytes, only: frozenset[str] | None = None,
                     linked: bool = False) -> OptionReads | None:
        """What `embedded`'s analysis of these bytes read of a parsed command line; None when it ran in a
        limited child or did not finish (then what it read is unknown). For a linked analysis, what the
        module's folder read in the unit's own analysis, where that ran here (paths.UnitOptionReads): the
        same program's modules, a superset of the rules, so no analysis of the plain bytes is made for it."""
        known = unit_option_reads().of(path, data, python_sources) if linked else None
        if known is not None:
            return known
        embedded(path, data, only, linked)
        return reads[(path, data, only, linked)]

    python_sources = {e.path: content.data[e.path] for e in content.files
                      if e.kind == "python" and e.path in content.data}
    texts = Texts(python_sources)  # what the linked programs' modules hold, asked once for all of them

    subsets: dict[frozenset[str], RuleSet] = {}
    # The resolvers of the unit's modules that linked analyses with these rules built, one program after another.
    resolvers: dict[frozenset[str] | None, dict[str, Resolver]] = {}

    ctx = FileContext(content, policy, embedded, option_reads)
    lines = _Lines(content)
    out: list[Finding] = []
    detectors = list(rules.file_detectors.items())
    begun = [isolate.stage_of(detector) for detector, _ in detectors]
    for detector, detector_rules in detectors[begun.index(after) + 1 if after in begun else 0:]:
        isolate.reached(isolate.stage_of(detector))
        by_id = {r.id: r for r in detector_rules}
        found: list[Finding] = []
        try:
            for hit in FILE_DETECTORS[detector](ctx):
                found.append(_from_file_hit(hit, by_id, detector, lines))
                isolate.partial(found[-1:])  # one file's hit stands, whatever another file costs the detector
        except Exception:  # noqa: BLE001 - the hits before the error stand; find the file
            failed: set[str] = set()
            for entry in content.files:
                try:
                    found += _run_file_detector(detector, ctx, _only(content, [entry]), by_id, lines)
                except Exception as err:  # noqa: BLE001
                    failed.add(entry.path)
                    found.append(piece_failed(f"detector {detector}", entry.path, err))
            rest = [e for e in content.files if e.path not in failed]
            try:
                found += _run_file_detector(detector, ctx, _only(content, rest), by_id, lines)
            except Exception as err:  # noqa: BLE001 - files that fail only together: each has its finding above
                found.append(piece_failed(f"detector {detector}", "", err))
        out += found
        isolate.partial(found)
    return list({(f.rule, f.path, f.line, f.column, f.message): f for f in out}.values())


def _narrowed(rules: RuleSet, only: frozenset[str]) -> RuleSet:
    """The rules, with only the Python detectors that make one of `only`: a config's replay of a script reads
    four write rules and unvouched.api, and the update-leak detector (the flow engine, most of an analysis)
    makes none of them. Detectors do not read each other's hits, so those of `only` are the whole set's."""
    subset = copy.copy(rules)  # not dataclasses.replace: __post_init__ would index every rule again
    subset.python_detectors = {d: rs for d, rs in rules.python_detectors.items() if any(r.id in only for r in rs)}
    return subset


def _only(content: Content, files: list) -> Content:
    paths = {e.path for e in files}
    data = {k: v for k, v in content.data.items() if k in paths}
    return dataclasses.replace(content, files=files, findings=[], data=data)


def _run_file_detector(detector: str, ctx: FileContext, content: Content, by_id: dict,
                       lines: "_Lines") -> list[Finding]:
    hits = FILE_DETECTORS[detector](dataclasses.replace(ctx, content=content))
    return [_from_file_hit(h, by_id, detector, lines) for h in hits]


def _from_file_hit(hit: Hit | Finding, by_id: dict, detector: str, lines: "_Lines") -> Finding:
    if isinstance(hit, Finding):  # from embedded Python, already complete
        return hit
    p = from_hit(hit, by_id, detector)
    snippet = p.snippet or lines.snippet(hit.path, hit.line)
    return finding(p.rule, hit.path, hit.line, hit.column, snippet, {"name": p.name, **(p.details or {})})


class _Lines:
    """Source lines of the unit's files, split once per file however many hits it has."""

    def __init__(self, content: Content):
        self.content = content
        self._split: dict[str, list[str]] = {}

    def snippet(self, path: str, line: int) -> str:
        data = self.content.data.get(path)
        if data is None or not line:
            return ""
        if path not in self._split:
            self._split[path] = data.decode("utf-8", "replace").splitlines()
        return source_line(self._split[path], line)


def unit_findings(content: Content, policy: Policy, vouch: bool = True, after: str = "") -> list[Finding]:
    """What the file detectors and the extra engines find in the whole unit (`after`: only the stages after
    that one, isolate.reached: each detector's, then the engines'). The engines last: bandit runs in this
    process with no clock of its own, and an input that held it past the unit's limit hid every file
    detector's finding behind the limit (session 49); jobgate's own are sent on first (isolate.partial)."""
    with compiled.one_reading():
        rules = load_rules(policy)
        try:
            # a config's replays parse and analyse modules again, each in a program of its own (embedded)
            with _collection_for_analysis(freeze_kept=False):
                found = _file_findings(content, rules, policy, vouch, after) if after != isolate.ENGINES else []
        finally:
            _unit_parses.clear()  # their last reader: a worker that goes on to other units holds no tree
            _unit_vouched.clear()
            _unit_plain.clear()
            unit_option_reads().clear()  # the modules' reads of a parsed command line, recorded in python_files
        isolate.reached(isolate.ENGINES)
        try:
            return found + run_engines(content, policy, policy.engines)
        except Exception as err:  # noqa: BLE001
            return [*found, piece_failed("the extra engines", "", err)]
