"""Line and column of the few nodes that produced findings.

libcst's PositionProvider computes a range for every node of a module, which
costs several times the parse. The gate needs positions only for findings:
CPython's tree (parsed anyway, see parse.py) gives the first line of every
top-level statement, so only the statements that hold findings are
regenerated, counting newlines, until each wanted node is reached.
"""

from __future__ import annotations

import ast

import libcst as cst
from libcst._nodes.internal import CodegenState


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


def statement_lines(module: cst.Module, tree: ast.Module | None) -> list[int] | None:
    """First line (with its leading blank and comment lines) of each top-level
    libcst statement, from CPython's tree; None if the two trees disagree."""
    if tree is None:
        return None
    starts: list[int] = []
    i = 0
    for statement in module.body:
        if i >= len(tree.body):
            return None
        node = tree.body[i]
        first = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", ()))])
        leading = len(statement.leading_lines)
        decorators = getattr(statement, "decorators", ())
        if decorators:
            leading += len(decorators[0].leading_lines)
        starts.append(first - leading)
        i += len(statement.body) if isinstance(statement, cst.SimpleStatementLine) else 1
    return starts if i == len(tree.body) else None


def locate(module: cst.Module, nodes: list[cst.CSTNode], top_of: dict[int, int] | None = None,
           tree: ast.Module | None = None) -> dict[int, tuple[int, int]]:
    """{id(node): (line, column)} for each node (1-based line, 0-based column)."""
    found: dict[int, tuple[int, int]] = {}
    if not nodes:
        return found
    starts = statement_lines(module, tree) if top_of is not None else None
    wanted_by_top: dict[int, set[int]] = {}
    anywhere: set[int] = set()
    for node in nodes:
        top = top_of.get(id(node)) if starts is not None and top_of is not None else None
        (wanted_by_top.setdefault(top, set()) if top is not None else anywhere).add(id(node))
    if anywhere:  # nodes of unknown statement: one pass over the whole module
        wanted_by_top = {}
        anywhere = {id(n) for n in nodes}
        _codegen(module, _LineCountingState(module, anywhere, found))
        return found
    for top, wanted in sorted(wanted_by_top.items()):
        _codegen(module.body[top], _LineCountingState(module, wanted, found, line=starts[top]))
    return found
