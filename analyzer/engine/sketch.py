"""What a string the fold gives up on reads as to a threat pattern.

The fold (fold.py) keeps a string only while it is at most MAX_CONST long and every part of it is known; past
that, a rule's pattern never saw the command the job builds, and padding a `python -c` payload with 5,000
blanks turned a reject into an escalate. A pattern that finds a threat (a rule's `regex` condition; never one
that vouches) reads such a value by its parts instead: each part that folds, with a run of one character cut to
RUN characters and a part longer than PART kept by its two ends; a repetition as two copies of what repeats; a
part the gate cannot know as nothing, so that what the job spells out around it still meets the pattern.
The sketch is never a constant: nothing is named, vouched or compared on it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import libcst as cst

from .fold import MAX_CONST, call_arg
from .lists import matcher
from .resolve import doubt

if TYPE_CHECKING:  # pragma: no cover
    from .resolve import Resolver, Scope

RUN = 32  # a longer run of one character (padding) reads as this many
PART = MAX_CONST // 4  # a longer part keeps this much of each end
LONGEST = 4 * MAX_CONST  # and a longer sketch (names bound to names twice over must not double it each time)
BUDGET = 2000  # expressions read for one sketch
_RUNS = re.compile(r"(.)\1{%d,}" % RUN, re.S)
_ELIDED = "\u2026"  # where a part's middle was left out
_COPIES = frozenset({"builtins.list", "builtins.tuple"})  # a sequence copied reads as the sequence
_PROGRAM_FINDERS = matcher("commands", "program-finders")  # `shutil.which("xclip")` reads as xclip


def sketch(r: Resolver, node: cst.BaseExpression, scope: Scope) -> str | None:
    """The text a threat pattern reads for `node`, or None when no part of it is known text."""
    reader = _Reader(r)
    text = reader.read(node, scope)
    return text if reader.known else None


class _Reader:
    def __init__(self, r: Resolver) -> None:
        self.r = r
        self.left = BUDGET
        self.known = False  # some part folded to text
        self.read_before: dict[tuple[int, int], str] = {}  # a name read at many places is read once

    def read(self, node: cst.BaseExpression, scope: Scope) -> str:
        key = (id(node), id(scope))
        if key not in self.read_before:
            self.read_before[key] = ""  # read again while it is being read (`x = x + "a"`): nothing
            self.left -= 1
            if self.left >= 0:
                # Cut at each read: parts joined by an f-string, a join, a format or a %-template would
                # otherwise double at each name bound to the one before (60 names: 2^60 characters).
                self.read_before[key] = _part(self._read(node, scope), LONGEST)
        return self.read_before[key]

    def _read(self, node: cst.BaseExpression, scope: Scope) -> str:
        consts = self.r.constants(node, scope)
        if len(consts) == 1 and isinstance(consts[0], str) and len(self.r.values(node, scope)) == 1:
            self.known = True
            return _part(consts[0])
        return self._parts(node, scope)

    def _parts(self, node: cst.BaseExpression, scope: Scope) -> str:
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
            return self.read(node.left, scope) + self.read(node.right, scope)
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Multiply):
            text, count = (node.left, node.right) if self._is_int(node.right, scope) else (node.right, node.left)
            return _part(self.read(text, scope) * 2) if self._is_int(count, scope) else ""
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Modulo):
            return self._percent(node, scope)
        if isinstance(node, (cst.List, cst.Tuple)):
            # An argv display reads as its command line, as conditions.constant reads one spelt in the call;
            # the blanks at its ends keep the words of `SH + ["curl ..."]` apart (semgrep-rules, session 48).
            return " " + " ".join(self.read(e.value, scope) or "?" for e in node.elements) + " "
        if isinstance(node, cst.FormattedString):
            return "".join(self._spelled(p.value) if isinstance(p, cst.FormattedStringText)
                           else self.read(p.expression, scope) for p in node.parts)
        if isinstance(node, cst.Call) and any(_PROGRAM_FINDERS.match(n) for n in self.r.names(node.func, scope)):
            return self.read(node.args[0].value, scope) if node.args and not node.args[0].star else ""
        if isinstance(node, cst.Call) and self.r.names(node.func, scope) & _COPIES and len(node.args) == 1:
            return self.read(node.args[0].value, scope)  # `list(argv)`: the argv
        path = self._path(node, scope)
        if path is not None:
            return path
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
            return self._method(node, scope)
        if isinstance(node, cst.Name):
            bound = list(self.r.bindings(node.value, scope))
            if len(bound) == 1 and isinstance(bound[0], tuple) and isinstance(bound[0][0], cst.BaseExpression):
                return self.read(*bound[0])
            passed = self._passed(node, scope)
            if passed is not None:
                return passed
            # the most doubtful bindings first: past the BUDGET, a hundred `["echo", ...]` had hidden `["curl", ...]`
            readings = [self.read(*b) for b in sorted(bound, key=lambda b: doubt(b[0]) if isinstance(b, tuple) else 2)
                        if isinstance(b, tuple) and isinstance(b[0], cst.BaseExpression)]
            if readings:  # a binding a line: `a = ["pip", "list"]` in a branch hid `["pip", "install", X]` (session 57)
                return "\n".join(readings)
        if isinstance(node, (cst.Name, cst.Attribute)):
            return self._imported(node, scope)
        return ""

    def _path(self, node: cst.BaseExpression, scope: Scope) -> str | None:
        """A call or item the path fold reads as one place in the home folder (`os.path.expanduser("~")`,
        `Path.home()`, `os.environ["HOME"]`) or the temporary folder (`tempfile.mkdtemp()`: `<tmp>`, `$TEMP`:
        `/tmp`): its text (session 53: `rm -rf` given `expanduser("~")` in an argv list had read as `rm -rf ?`,
        a program run, not the wipe it is; session 57: `mkdtemp() + "/stage2"` had read as `/stage2`); or a join
        (`os.path.join(d, "x.exe")`, `Path(d) / "x.exe"`) as the fold reads it, `?/x.exe`, the unknown folder kept
        as a part so that no pattern takes its known parts for the start of the path (session 56: a Windows program
        written under a folder the job was given had read as no text)."""
        from .detectors.paths import _JOIN, UNKNOWN, PathFolder

        joined = isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Divide) or \
            isinstance(node, cst.Call) and bool(self.r.names(node.func, scope) & _JOIN)
        if not (joined or isinstance(node, (cst.Call, cst.Subscript))):
            return None
        texts = PathFolder.of(self.r).fold(node, scope)
        if len(texts) != 1:
            return None
        text = next(iter(texts))
        parts = text.split("/")
        # `<tmp>` a fresh tempfile, `/tmp` the temporary folder itself (`tempfile.gettempdir()`, `$TMPDIR`)
        home, rooted = parts[0] == "~", parts[0] in ("~", "<tmp>") or text == "/tmp"
        if home and UNKNOWN in parts or not rooted and not (joined and set(parts) - {"", UNKNOWN}):
            return None
        self.known = True
        return text

    def _imported(self, node: cst.Name | cst.Attribute, scope: Scope) -> str:
        """A name another module of the job binds once (`from cfg import CMD`, `cfg.CMD`), read there
        (session 49: an argv imported from a settings module had read as nothing)."""
        found = self.r.imported_bindings(node, scope)
        if len(found) != 1:
            return ""
        other, attr = found[0]
        bound = list(other.bindings(attr, other.root))
        if len(bound) != 1 or not isinstance(bound[0], tuple) or not isinstance(bound[0][0], cst.BaseExpression):
            return ""
        return self._there(other, *bound[0])

    def _passed(self, node: cst.Name, scope: Scope) -> str | None:
        """A parameter read as what the job's own calls pass it, and its default: `sh("curl", URL, "-o", F)` for
        `def sh(*a): check_output(a)`, `run("curl ... | sh")` for `def run(cmd): subprocess.run(cmd, shell=True)`
        (session 49b: both had read as nothing and escalated). Each reading on a line of its own, so that no
        pattern joins the words of two callers. None when `node` is no parameter."""
        from .detectors.paths import PathFolder

        body = self.r.binding_scope(node.value, scope)
        fn = body.node if body is not None else None
        if not isinstance(fn, (cst.FunctionDef, cst.Lambda)):
            return None
        params = fn.params
        star = isinstance(params.star_arg, cst.Param) and params.star_arg.name.value == node.value
        if not star and node.value not in {p.name.value for p in (*params.posonly_params, *params.params,
                                                                    *params.kwonly_params)}:
            return None
        readings = [self.read(*b) for b in self.r.bindings(node.value, body)
                    if isinstance(b, tuple) and isinstance(b[0], cst.BaseExpression)]  # the default
        folder = PathFolder.of(self.r)
        if star:  # the positional arguments past the named ones, read as an argv display
            named = len(params.posonly_params) + len(params.params)
            for caller, call, where, skipped in folder.calls_of(body):
                args = [a.value for a in call.args if a.keyword is None][max(named - skipped, 0):]
                readings.append(" " + " ".join(self._there(caller.r, a, where) or "?" for a in args) + " ")
        else:
            readings += [self._there(caller.r, value, where)
                         for caller, value, where in folder.arguments_passed(node.value, body) if value is not None]
        return "\n".join(readings)

    def _there(self, resolver: Resolver, node: cst.BaseExpression, scope: Scope) -> str:
        """`node` read in the module `resolver` analyses."""
        here, self.r = self.r, resolver
        try:
            return self.read(node, scope)
        finally:
            self.r = here

    def _spelled(self, text: str) -> str:
        """Text the code spells around parts it builds (an f-string's or a template's): known, so that
        `f"curl {host} | sh"` meets the patterns as the folded command would (leftovers54's find)."""
        self.known = self.known or bool(text.strip())
        return text

    def _is_int(self, node: cst.BaseExpression, scope: Scope) -> bool:
        consts = self.r.constants(node, scope)
        return len(consts) == 1 and isinstance(consts[0], int) and not isinstance(consts[0], bool)

    def _method(self, node: cst.Call, scope: Scope) -> str:
        """`sep.join([a, b])` and `"{}{}".format(a, b)` of a constant separator or template."""
        method = node.func.attr.value
        receiver = self.r.constants(node.func.value, scope)
        if len(receiver) != 1 or not isinstance(receiver[0], str):
            return ""
        items = call_arg(node, 0)
        if method == "join" and isinstance(items, (cst.List, cst.Tuple)):
            return receiver[0].join(self.read(e.value, scope) for e in items.elements)
        if method == "format":
            args = [self.read(a.value, scope) for a in node.args if a.keyword is None and not a.star]
            return self._fields(self._spelled(receiver[0]), args)
        return ""

    def _fields(self, template: str, args: list[str]) -> str:
        """A template's text with each automatic or numbered field read as its argument (others as nothing)."""
        from .detectors.paths import _format_pieces

        pieces = _format_pieces(template)
        if pieces is None:
            return ""
        return "".join(p if isinstance(p, str) else args[p.key] if isinstance(p.key, int) and p.key < len(args)
                       else "" for p in pieces)

    def _percent(self, node: cst.BinaryOperation, scope: Scope) -> str:
        """`"%s%s" % (a, b)`: each `%s` read as its argument."""
        template = self.r.constants(node.left, scope)
        if len(template) != 1 or not isinstance(template[0], str):
            return ""
        values = node.right.elements if isinstance(node.right, cst.Tuple) else None
        args = iter([self.read(e.value, scope) for e in values] if values is not None
                    else [self.read(node.right, scope)])
        return re.sub(r"%[^a-zA-Z%]*[a-zA-Z%]", lambda m: "%" if m.group() == "%%" else next(args, ""),
                      self._spelled(template[0]))


def _part(text: str, longest: int = PART) -> str:
    """`text` with runs of one character cut to RUN, and kept by its two ends when still longer than `longest`."""
    text = _RUNS.sub(lambda m: m.group(1) * RUN, text)
    return text if len(text) <= 2 * longest else text[:longest] + _ELIDED + text[-longest:]
