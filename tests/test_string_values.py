"""SimpleString.evaluated_value read without compiling (analyzer/engine/string_values.py) gives what
ast.literal_eval gives, value and type, and raises where it raises."""

import ast

import libcst as cst
import pytest

from analyzer.engine import parse, string_values
from analyzer.engine.string_values import plain_value

LITERALS = [
    "'abc'", '"abc"', "''", '""', "''''''", '""""""', "'''a\nb'''", '"""a "quoted" b"""', '""""a"""',
    "'it\"s'", "u'x'", "U'x'", "r'a/b'", "R'c:/x'", "b'data'", "B'data'", "br'x'", "Rb'x'", "bR'x'",
    "'h\u00e9llo \u2603'", "'a\\nb'", "r'a\\d+'", "b'\\x00\\xff'", "'tab\there'", "'''a\\\nb'''", "'\\N{BULLET}'",
    # the text of a multi-line literal in a file with Windows line ends: CPython reads \r\n as \n
    "'''a\r\nb'''",
]


def test_the_analysis_reads_literals_plainly():
    """Importing the parser (every analysis does) installs the plain reading."""
    assert parse.cst.SimpleString.evaluated_value.fget is string_values._evaluated_value


@pytest.mark.parametrize("literal", LITERALS)
def test_same_value_as_literal_eval(literal):
    node = cst.parse_expression(literal)
    assert isinstance(node, cst.SimpleString)
    expected = ast.literal_eval(literal)
    assert type(node.evaluated_value) is type(expected)
    assert node.evaluated_value == expected


def test_escapes_and_line_ends_are_left_to_the_compiler():
    assert plain_value("'a\\nb'") is None
    assert plain_value("'''a\r\nb'''") is None
    assert plain_value("'plain'") == "plain"
    assert plain_value("b'plain'") == b"plain"


def test_bytes_that_are_not_ascii_still_raise():
    """CPython refuses `b'é'`; libcst parses it: its value must stay an error, not bytes."""
    node = cst.parse_expression("b'caf\u00e9'")
    with pytest.raises(SyntaxError):
        ast.literal_eval(node.value)
    with pytest.raises(SyntaxError):
        node.evaluated_value  # noqa: B018


def test_concatenated_strings_read_their_parts():
    node = cst.parse_expression("'os.' \"sys\" 'tem'")
    assert node.evaluated_value == "os.system"
