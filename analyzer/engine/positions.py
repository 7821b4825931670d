"""Line and column of the few nodes that produced findings.

libcst's PositionProvider computes a range for every node of a module, which
costs several times the parse. The gate needs positions only for findings:
CPython's tree (parsed anyway, see parse.py) gives the first line of every
top-level statement, and of every statement in the body of a class, a
function, or the first block of an if, for, while, with or try, at any depth;
one walk of the tree finds the innermost of these statements that holds each
wanted node, and only those are regenerated, counting newlines, until each
wanted node is reached.
"""

from __future__ import annotations

import ast
import contextlib
from typing import Sequence

import libcst as cst
from libcst._nodes.internal import CodegenState

from .resolve import children


_NOTHING_RECORDED = contextlib.nullcontext()


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

    def record_syntactic_position(self, node: cst.CSTNode, *, start_node: cst.CSTNode | None = None,
                                  end_node: cst.CSTNode | None = None) -> contextlib.nullcontext:
        return _NOTHING_RECORDED  # only lines and columns are counted: no generator-based context per node

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
    if starts is None:  # no statement lines: the whole module
        _codegen(module, _LineCountingState(module, ids, found))
        return found
    # A node the walk does not reach is not in this module (an origin the flow
    # found in another one): regenerating the whole module would not place it either.
    places = _places(module, ids)
    by_path: dict[tuple[int, ...], set[int]] = {}
    for key, path in places.items():
        by_path.setdefault(path, set()).add(key)
    inner: dict[int, list[tuple[int, ast.stmt]] | None] = {}  # id(statement) -> its body's starts
    by_leaf: dict[tuple[int, ...], tuple[cst.CSTNode, int, list[str], set[int]]] = {}
    for path, wanted in by_path.items():
        depth, statement, line, indents = _leaf(module, starts, path, inner)
        entry = by_leaf.setdefault(path[:depth], (statement, line, indents, set()))
        entry[3].update(wanted)
    # Only the innermost statements that hold nodes are regenerated, each from its own line.
    for _, (statement, line, indents, wanted) in sorted(by_leaf.items()):
        state = _LineCountingState(module, wanted, found, line=line)
        state.indent_tokens.extend(indents)
        _codegen(statement, state)
    return found


def _leaf(module: cst.Module, starts: list[tuple[int, ast.stmt]], path: tuple[int, ...],
          inner: dict[int, list[tuple[int, ast.stmt]] | None]) -> tuple[int, cst.CSTNode, int, list[str]]:
    """How many steps of `path` lead to statements whose first line is known, the
    last of them, its first line and the indentation of the blocks around it."""
    statement, (line, node) = module.body[path[0]], starts[path[0]]
    indents: list[str] = []
    for depth, index in enumerate(path[1:], 1):
        if id(statement) not in inner:
            inner[id(statement)] = _inner_starts(statement, node)
        body_starts = inner[id(statement)]
        if body_starts is None:  # the two trees disagree here: the whole statement
            return depth, statement, line, indents
        block = statement.body
        indents.append(block.indent if block.indent is not None else module.default_indent)
        statement, (line, node) = block.body[index], body_starts[index]
    return len(path), statement, line, indents


# The statements whose first block (`body`) is descended into, with CPython's statements of the same kind: a long
# class holds findings in many of its methods, a method in many of its statements, and a script's
# `if __name__ == "__main__":`, a training loop or a `with` block in many of theirs (NVFlare's examples: of the
# tree's regenerated statements, whiles, ifs, fors, withs and trys took four fifths of the time, session 51).
# A node in another block (else, elif, except, finally) or in the header is placed from the statement's own line.
_BLOCKS: dict[type, tuple[type, ...]] = {
    cst.ClassDef: (ast.ClassDef,), cst.FunctionDef: (ast.FunctionDef, ast.AsyncFunctionDef), cst.If: (ast.If,),
    cst.For: (ast.For, ast.AsyncFor), cst.While: (ast.While,), cst.With: (ast.With, ast.AsyncWith),
    cst.Try: (ast.Try,),
}


def _descends(statement: cst.CSTNode) -> bool:
    """A statement of _BLOCKS whose first block is an indented block (each of its statements is regenerated
    apart)."""
    return statement.__class__ in _BLOCKS and isinstance(statement.body, cst.IndentedBlock)


def _inner_starts(statement: cst.BaseStatement, node: ast.stmt) -> list[tuple[int, ast.stmt]] | None:
    if not _descends(statement) or not isinstance(node, _BLOCKS[statement.__class__]):
        return None  # the two trees disagree here (or the statement holds no indented block)
    return _starts(statement.body.body, node.body)


def _places(module: cst.Module, wanted: set[int]) -> dict[int, tuple[int, ...]]:
    """{id: path} by one walk of the tree (far cheaper than regenerating code):
    the index of the node's top-level statement, then, while that statement is
    descended into (_BLOCKS) and the node is in its first block, the index of the
    statement of the body that holds it, and so on. A node not in the module
    has none."""
    left = set(wanted)
    out: dict[int, tuple[int, ...]] = {}
    statements: list[tuple[tuple[int, ...], cst.CSTNode]] = [((i,), s) for i, s in enumerate(module.body)]
    while statements:
        path, statement = statements.pop()
        if _descends(statement):
            for whole in (statement, statement.body):  # placed by regenerating the statement itself
                if id(whole) in left:
                    left.discard(id(whole))
                    out[id(whole)] = path
            statements.extend((path + (i,), s) for i, s in enumerate(statement.body.body))
            todo = [c for c in children(statement) if c is not statement.body]
        else:
            todo = [statement]
        while todo:
            n = todo.pop()
            if id(n) in left:
                left.discard(id(n))
                out[id(n)] = path
                if not left:
                    return out
            todo.extend(children(n))
        if not left:
            return out
    return out
