"""Line and column of the few nodes that produced findings.

libcst's PositionProvider computes a range for every node of a module, which
costs several times the parse. The gate needs positions only for findings:
CPython's tree (parsed anyway, see parse.py) gives the first line of every
top-level statement, and of every statement in the body of a top-level class
or function; one walk of the tree finds which of these statements holds each
wanted node, and only those are regenerated, counting newlines, until each
wanted node is reached.
"""

from __future__ import annotations

import ast
from typing import Sequence

import libcst as cst
from libcst._nodes.internal import CodegenState

from .resolve import IS_NODE, child_fields, children


class _Done(Exception):
    pass


class _LineCountingState(CodegenState):
    """A CodegenState that keeps only the current line and column."""

    def __init__(self, module: cst.Module, wanted: set[int], found: dict[int, tuple[int, int]], line: int = 1):
        super().__init__(default_indent=module.default_indent, default_newline=module.default_newline)
        self.line = line
        self.column = 0
        self.wanted = wanted
        self.found = found

    def add_token(self, value: str) -> None:
        newlines = value.count("\n")
        if newlines:
            self.line += newlines
            self.column = len(value) - value.rfind("\n") - 1
        else:
            self.column += len(value)

    def add_indent_tokens(self) -> None:
        for token in self.indent_tokens:
            self.add_token(token)

    def before_codegen(self, node: cst.CSTNode) -> None:
        key = id(node)
        if key in self.wanted and key not in self.found:
            self.found[key] = (self.line, self.column)
            self.wanted.discard(key)
            if not self.wanted:
                raise _Done


def _codegen(node: cst.CSTNode, state: _LineCountingState) -> None:
    try:
        node._codegen(state)
    except _Done:
        pass


def _starts(body: Sequence[cst.BaseStatement], nodes: list[ast.stmt]) -> list[tuple[int, ast.stmt]] | None:
    """(first line with its leading blank and comment lines, CPython's first
    statement) of each libcst statement of a body, from CPython's statements of
    the same body; None if the two disagree."""
    starts: list[tuple[int, ast.stmt]] = []
    i = 0
    for statement in body:
        if i >= len(nodes):
            return None
        node = nodes[i]
        first = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", ()))])
        leading = len(statement.leading_lines)
        decorators = getattr(statement, "decorators", ())
        if decorators:
            leading += len(decorators[0].leading_lines)
        starts.append((first - leading, node))
        i += len(statement.body) if isinstance(statement, cst.SimpleStatementLine) else 1
    return starts if i == len(nodes) else None


def statement_lines(module: cst.Module, tree: ast.Module | None) -> list[int] | None:
    """First line (with its leading blank and comment lines) of each top-level
    libcst statement, from CPython's tree; None if the two trees disagree."""
    starts = _starts(module.body, tree.body) if tree is not None else None
    return [line for line, _ in starts] if starts is not None else None


def locate(module: cst.Module, nodes: list[cst.CSTNode], tree: ast.Module | None = None) -> dict[int, tuple[int, int]]:
    """{id(node): (line, column)} for each node (1-based line, 0-based column)."""
    found: dict[int, tuple[int, int]] = {}
    if not nodes:
        return found
    ids = {id(n) for n in nodes}
    starts = _starts(module.body, tree.body) if tree is not None else None
    places = _places(module, ids) if starts is not None else None
    if starts is None or places is None:  # no statement lines, or a node not found: the whole module
        _codegen(module, _LineCountingState(module, ids, found))
        return found
    by_top: dict[int, dict[int | None, set[int]]] = {}
    for key, (top, inner) in places.items():
        by_top.setdefault(top, {}).setdefault(inner, set()).add(key)
    for top, by_inner in sorted(by_top.items()):
        statement, (line, node) = module.body[top], starts[top]
        inner_starts = _inner_starts(statement, node) if None not in by_inner else None
        if inner_starts is None:  # a node outside a body (a decorator, a base), or no lines: the whole statement
            _codegen(statement, _LineCountingState(module, set().union(*by_inner.values()), found, line=line))
            continue
        # Only the statements of the body that hold nodes are regenerated, each from its own line.
        block = statement.body
        indent = block.indent if block.indent is not None else module.default_indent
        for index, wanted in sorted(by_inner.items()):
            state = _LineCountingState(module, wanted, found, line=inner_starts[index][0])
            state.indent_tokens.append(indent)
            _codegen(block.body[index], state)
    return found


def _descends(statement: cst.CSTNode) -> bool:
    """A class or function whose body is an indented block (a long class holds
    findings in many of its methods: each is regenerated apart)."""
    return isinstance(statement, (cst.ClassDef, cst.FunctionDef)) and isinstance(statement.body, cst.IndentedBlock)


def _inner_starts(statement: cst.BaseStatement, node: ast.stmt) -> list[tuple[int, ast.stmt]] | None:
    if not _descends(statement) or not isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    return _starts(statement.body.body, node.body)


def _places(module: cst.Module, wanted: set[int]) -> dict[int, tuple[int, int | None]] | None:
    """{id: (index of its top-level statement, index of the statement of that
    statement's body that holds it, or None)} by one walk of the tree (far
    cheaper than regenerating code); None if a node is not in the module."""
    left = set(wanted)
    out: dict[int, tuple[int, int | None]] = {}
    for top, statement in enumerate(module.body):
        if _descends(statement):
            parts = [(None, c) for c in children(statement) if c is not statement.body]
            parts += [(i, c) for i, c in enumerate(statement.body.body)]
        else:
            parts = [(None, statement)]
        for inner, part in parts:
            todo: list[cst.CSTNode] = [part]
            while todo:
                n = todo.pop()
                if id(n) in left:
                    left.discard(id(n))
                    out[id(n)] = (top, inner)
                    if not left:
                        return out
                for name in child_fields(n.__class__):
                    value = getattr(n, name)
                    if value.__class__ is tuple or value.__class__ is list:
                        todo.extend(item for item in value if IS_NODE[item.__class__])
                    elif IS_NODE[value.__class__]:
                        todo.append(value)
    return None
