"""Parse: Python bytes -> libcst module, or an `unanalyzable` finding.

A file that does not parse is never a pass: the interpreter may accept code
that libcst rejects (or the reverse), and either way the gate has not read it.
"""

from __future__ import annotations

import ast
import codecs
import unicodedata
from dataclasses import dataclass

import libcst as cst
from libcst._nodes.base import CSTNode

from .model import Finding
from .positions import statement_lines

@dataclass
class Parsed:
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
        return cst.parse_module(data)
    finally:
        CSTNode.__post_init__ = validate  # type: ignore[method-assign]


class _NfkcNames(cst.CSTTransformer):
    """Python reads identifiers NFKC-normalised (`ｅｖａｌ` is `eval`), so the
    resolver must see them as Python does; the obfuscation pack reports them."""

    def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.Name:
        if updated.value.isascii():
            return updated
        return updated.with_changes(value=unicodedata.normalize("NFKC", updated.value))


def parse(path: str, data: bytes) -> Parsed:
    # libcst's native parser crashes the whole process (SIGSEGV) on some deeply
    # nested input, e.g. a chain of 10,000 `+`. CPython's own parser refuses such
    # input with an exception, so it screens every file first.
    python_error: SyntaxError | None = None
    tree = None
    try:
        tree = ast.parse(data)
    except (RecursionError, MemoryError):
        return Parsed(path, data.decode("utf-8", "replace"), None,
                      _unanalyzable(path, 0, "nested too deeply for Python's own parser; not analysed"))
    except SyntaxError as err:
        python_error = err  # CPython places syntax errors better than libcst does
    except ValueError:
        pass  # e.g. a null byte: libcst decides below
    try:
        module = _parse_unvalidated(data)
        source = codecs.decode(data, module.encoding)
    except cst.ParserSyntaxError as err:
        if python_error is not None:
            line, message = python_error.lineno or 0, f"does not parse: {python_error.msg}"
        else:
            line, message = err.raw_line, f"does not parse: {err.message}"
        return Parsed(path, data.decode("utf-8", "replace"), None, _unanalyzable(path, line, message))
    except (SyntaxError, LookupError, UnicodeDecodeError, ValueError) as err:  # e.g. an unknown coding cookie
        return Parsed(path, data.decode("utf-8", "replace"), None,
                      _unanalyzable(path, 0, f"cannot decode source: {err}"))
    except RecursionError:
        return Parsed(path, data.decode("utf-8", "replace"), None,
                      _unanalyzable(path, 0, "nested too deeply to parse"))
    if not source.isascii():
        try:
            module = _normalise_identifiers(module, source, tree)
        except RecursionError:
            return Parsed(path, source, None, _unanalyzable(path, 0, "nested too deeply to analyse"))
    return Parsed(path, source, module, tree=tree)


def _normalise_identifiers(module: cst.Module, source: str, tree: ast.Module | None) -> cst.Module:
    """NFKC-normalise names, visiting only the top-level statements whose text
    is not ASCII: a whole-module transform costs as much as the parse."""
    starts = statement_lines(module, tree)
    if starts is None:
        return module.visit(_NfkcNames())
    lines = source.splitlines()
    ends = starts[1:] + [len(lines) + 1]
    body = [
        statement if all(line.isascii() for line in lines[start - 1:end - 1]) else statement.visit(_NfkcNames())
        for statement, start, end in zip(module.body, starts, ends)
    ]
    return module.with_changes(body=body)

