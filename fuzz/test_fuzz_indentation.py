"""Fuzz the parse against CPython on indentation: spaces, tabs and form feeds in any mix, blank and comment lines,
CRLF, a string whose lines look indented, lines that are only a continuation backslash. What CPython compiles the gate must read (libcst refused a form feed or
a tab mixed with spaces in a nested block: a lone parse-error, every other finding of the file gone)."""

from __future__ import annotations

from pathlib import Path

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


CORPUS_FILES = sorted((Path(__file__).resolve().parent.parent / "corpus/benign").glob("*.py"))
INSERT = st.sampled_from(["\x0c", "\t", " ", "\\\n", "\r\n", "\n\x0c\n", "\t#c\n", "\\\r\n", ";"])


@settings(FUZZ, suppress_health_check=[*FUZZ.suppress_health_check, HealthCheck.filter_too_much])
@given(st.sampled_from(CORPUS_FILES), st.lists(st.tuples(st.integers(0, 10**6), INSERT), min_size=1, max_size=4))
def test_a_corpus_file_with_whitespace_inserted_at_line_starts_parses_where_cpython_compiles(path, edits) -> None:
    data = path.read_bytes()
    for at, insert in edits:
        at = data.rfind(b"\n", 0, at % (len(data) + 1)) + 1
        data = data[:at] + insert.encode() + data[at:]
    try:
        compile(data, "f.py", "exec")
    except (SyntaxError, ValueError):
        assume(False)
    parsed = parse.parse("f.py", data)
    assert parsed.module is not None, (path.name, edits, parsed.error and parsed.error.message)
