"""String values: `SimpleString.evaluated_value` without compiling the literal.

libcst evaluates a string literal with `ast.literal_eval`, which compiles its text: the detectors and the
resolver ask for the value of most literals of a job (NVFlare's examples: 54,000 compiles, a tenth of the
scan's CPU). A literal without a backslash or a carriage return has, for its value, the text between its
quotes, which needs no compiler; any other goes to literal_eval as before (its escapes, its errors).
"""

from __future__ import annotations

from ast import literal_eval

import libcst as cst

_QUOTES = "'\""
_STRING_PREFIXES = frozenset({"", "u", "r"})
_BYTES_PREFIXES = frozenset({"b", "br", "rb"})


def plain_value(literal: str) -> str | bytes | None:
    """The value of a string literal's text when it is the text between its quotes (no escape to read,
    no line end to normalise), else None."""
    if "\\" in literal or "\r" in literal:
        return None
    start = next((i for i, c in enumerate(literal[:3]) if c in _QUOTES), None)
    if start is None:
        return None
    quote = literal[start] * 3 if literal.startswith(literal[start] * 3, start) else literal[start]
    if len(literal) < start + 2 * len(quote) or not literal.endswith(quote):
        return None
    prefix, body = literal[:start].lower(), literal[start + len(quote):-len(quote)]
    if prefix in _STRING_PREFIXES:
        return body
    if prefix in _BYTES_PREFIXES and body.isascii():
        return body.encode("ascii")
    return None


def _evaluated_value(self: cst.SimpleString) -> str | bytes:
    value = plain_value(self.value)
    return value if value is not None else literal_eval(self.value)


def use_plain_values() -> None:
    """Give `SimpleString.evaluated_value` the plain reading first (the same values and errors)."""
    cst.SimpleString.evaluated_value = property(_evaluated_value, doc=cst.SimpleString.evaluated_value.__doc__)
