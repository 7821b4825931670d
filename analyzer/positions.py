"""Line and column of the few nodes that produced findings.

libcst's PositionProvider computes a range for every node of a module, which
costs several times the parse. The gate needs positions only for findings, so
it regenerates the code once per file that has any, counting newlines, and
records where each wanted node starts; it stops at the last one.
"""

from __future__ import annotations

import libcst as cst
from libcst._nodes.internal import CodegenState


class _Done(Exception):
    pass


class _LineCountingState(CodegenState):
    """A CodegenState that keeps only the current line and column."""

    def __init__(self, module: cst.Module, wanted: dict[int, cst.CSTNode]):
        super().__init__(default_indent=module.default_indent, default_newline=module.default_newline)
        self.line = 1
        self.column = 0
        self.wanted = wanted
        self.found: dict[int, tuple[int, int]] = {}

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
            if len(self.found) == len(self.wanted):
                raise _Done


def locate(module: cst.Module, nodes: list[cst.CSTNode]) -> dict[int, tuple[int, int]]:
    """{id(node): (line, column)} for each node (1-based line, 0-based column)."""
    if not nodes:
        return {}
    state = _LineCountingState(module, {id(n): n for n in nodes})
    try:
        module._codegen(state)
    except _Done:
        pass
    return state.found
