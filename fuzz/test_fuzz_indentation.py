"""Fuzz the parse against CPython on indentation: spaces, tabs and form feeds in any mix, blank and comment lines,
CRLF, a string whose lines look indented, lines that are only a continuation backslash. What CPython compiles the gate must read (libcst refused a form feed or
a tab mixed with spaces in a nested block: a lone parse-error, every other finding of the file gone)."""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from settings import FUZZ

from analyzer.engine import parse

INDENT = st.one_of(st.sampled_from(["", "    ", "        ", "\t", "\t\t", "\x0c    "]),
                   st.text(st.sampled_from(" \t\x0c"), max_size=6))
LINE = st.tuples(INDENT, st.sampled_from(["if x:", "y = 1", "# c", "", "s = '''a\n\t\x0c b'''", "z = (1,\n\t 2)",
                                          "def f():", "return 1", "\\", "x = 1 + \\"]))
PROGRAM = st.tuples(st.lists(LINE, min_size=1, max_size=8), st.sampled_from(["\n", "\r\n"]), st.booleans())


@settings(FUZZ, suppress_health_check=[*FUZZ.suppress_health_check, HealthCheck.filter_too_much])
@given(PROGRAM)
def test_what_cpython_compiles_the_gate_parses(program) -> None:
    lines, newline, last = program
    source = (newline.join(indent + text for indent, text in lines) + (newline if last else "")).encode()
    try:
        compile(source, "f.py", "exec")
    except (SyntaxError, ValueError):
        assume(False)
    parsed = parse.parse("f.py", source)
    assert parsed.module is not None, (source, parsed.error and parsed.error.message)
