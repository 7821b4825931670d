"""Surrogate: a shallow stand-in for a file nested past limits.max_nesting_depth.

Such a file is never analysed as it is (libcst and the resolver recurse per
level), but padding a malicious file with one deep expression must not hide
what the rest of it does. CPython's parser has read the file (parse.screen),
so its tree is rewritten here into source that libcst can read: every
statement that stays within the limit is kept as written; every statement
that goes past it is replaced, on its own lines, by flat statements that keep
what the rules look at - each call with its function and its shallow
arguments, each shallow expression (names, attributes, strings, calls),
imports and assignments - in source order, each on the line it came from, so
the findings' lines are the file's own. A part too deep to keep stands for an
unknown value (a name the file never uses, so nothing in it can give that
name a harmless meaning).

Every walk here uses a list, never recursion: the tree is deeper than
Python's recursion allows (ast.NodeTransformer and ast.unparse recurse; unparse
only ever sees the shallow pieces).
"""

from __future__ import annotations

import ast
import io
import tokenize
from dataclasses import dataclass

from .parse import levels, unused_name


@dataclass(frozen=True)
class Surrogate:
    """A file nested too deep, rewritten as flat source libcst can read, and the lines that stand in for it."""

    data: bytes
    replaced: tuple[tuple[int, int], ...]  # (first, last) line of each stand-in
    unknown: str  # the name that stands for a value too deep to keep

    def covers(self, line: int) -> bool:
        return any(first <= line <= last for first, last in self.replaced)


# Statements with a body that may be kept around a stand-in (the header as written).
_COMPOUND = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.If, ast.For, ast.AsyncFor, ast.While,
             ast.With, ast.AsyncWith, ast.Try, ast.Match) + ((ast.TryStar,) if hasattr(ast, "TryStar") else ())
# Statements that mean nothing out of their place (a stand-in lists what a body does, not its control flow).
_DROPPED = (ast.Pass, ast.Break, ast.Continue, ast.Global, ast.Nonlocal)
# Expressions that cannot stand alone as source.
_NOT_ALONE = (ast.Starred, ast.Slice, ast.FormattedValue)
# Expressions that are valid statements without parentheses.
_BARE = (ast.Call, ast.Name, ast.Attribute, ast.Subscript, ast.Constant)


# Leaves that CPython shares between nodes (every Load is one object): not
# children here, but one level under their node, as nesting_depth counts them.
_SHARED = (ast.expr_context, ast.boolop, ast.operator, ast.unaryop, ast.cmpop)


def _children(node: ast.AST) -> list[ast.AST]:
    out: list[ast.AST] = []
    for name in node._fields:
        value = getattr(node, name, None)
        if isinstance(value, list):
            out += [item for item in value if isinstance(item, ast.AST) and not isinstance(item, _SHARED)]
        elif isinstance(value, ast.AST) and not isinstance(value, _SHARED):
            out.append(value)
    return out


def _has_shared(node: ast.AST) -> bool:
    return any(isinstance(getattr(node, name, None), _SHARED) or (
        name == "ops" and isinstance(node, ast.Compare)) for name in node._fields)


class _Shape:
    """Each node's depth (as parse.nesting_depth counts it), its parent's, and the depth of the deepest node
    under it. A node may take many levels of its own (`import a.b.c...`: one per dotted part, parse.levels)."""

    def __init__(self, tree: ast.Module, data: bytes):
        lines = data.split(b"\n") if len(data) > 1000 else None
        self.depth: dict[int, int] = {}
        self.above: dict[int, int] = {}
        self.reach: dict[int, int] = {}
        order: list[ast.AST] = []
        todo: list[tuple[ast.AST, int]] = [(tree, 0)]
        while todo:
            node, above = todo.pop()
            self.above[id(node)] = above
            self.depth[id(node)] = above + levels(node, data, lines)
            order.append(node)
            todo.extend((child, self.depth[id(node)]) for child in _children(node))
        for node in reversed(order):  # children before their parent
            own = self.depth[id(node)] + _has_shared(node)
            self.reach[id(node)] = max([own] + [self.reach[id(c)] for c in _children(node)])


def build(data: bytes, tree: ast.Module, max_depth: int) -> Surrogate:
    """The file with each statement that nests past `max_depth` replaced by flat statements."""
    encoding = tokenize.detect_encoding(io.BytesIO(data).readline)[0]
    text = data.decode(encoding)
    lines = io.StringIO(text, newline="").readlines()  # CPython's line ends: \n, \r\n, \r
    writer = _Writer(tree, data, lines, max_depth, unused_name(text))
    writer.walk()
    out = list(lines)
    for first, last, statements in writer.edits:
        indent = _indent(lines[first - 1])
        for number in range(first, last + 1):
            on_line = [s for line, s in statements if line == number]
            ending = _ending(lines[number - 1])
            out[number - 1] = (indent + "; ".join(on_line) if on_line else "") + ending
        if not statements:
            out[first - 1] = indent + "pass" + _ending(lines[first - 1])
    return Surrogate("".join(out).encode(encoding, "backslashreplace"),
                     tuple((first, last) for first, last, _ in writer.edits), writer.unknown)


def _indent(line: str) -> str:
    return line[:len(line) - len(line.lstrip(" \t\f"))]


def _ending(line: str) -> str:
    return line[len(line.rstrip("\r\n")):]


class _Writer:
    def __init__(self, tree: ast.Module, data: bytes, lines: list[str], max_depth: int, unknown: str):
        self.tree, self.lines, self.max_depth, self.unknown = tree, lines, max_depth, unknown
        self.shape = _Shape(tree, data)
        # A piece this many levels high or less is kept whole in a stand-in; a
        # statement kept around stand-ins starts no deeper than `floor`.
        self.piece = max(3, min(16, max_depth // 4))
        self.floor = max_depth - self.piece - 6
        self.edits: list[tuple[int, int, list[tuple[int, str]]]] = []

    def _depth(self, node: ast.AST) -> int:
        return self.shape.depth[id(node)]

    def _reach(self, node: ast.AST) -> int:
        return self.shape.reach[id(node)]

    def _height(self, node: ast.AST, parent_depth: int) -> int:
        """Levels from `parent_depth` down to the deepest node under `node`."""
        return self._reach(node) - parent_depth

    def walk(self) -> None:
        bodies: list[list[ast.stmt]] = [self.tree.body]
        while bodies:
            for group in _groups(bodies.pop()):
                if all(self._reach(s) <= self.max_depth for s in group):
                    continue
                kept = group[0] if len(group) == 1 else None
                if kept is not None and self._keeps_header(kept):
                    bodies += _bodies(kept)
                else:
                    self._replace(group)

    def _keeps_header(self, node: ast.stmt) -> bool:
        """A compound statement whose header fits and whose bodies start on their own lines."""
        if not isinstance(node, _COMPOUND) or self._depth(node) > self.floor:
            return False
        if any(self._reach(part) > self.max_depth for part in _header(node)):
            return False
        return all(self._starts_line(body[0]) for body in _bodies(node))

    def _starts_line(self, node: ast.stmt) -> bool:
        line = self.lines[node.lineno - 1].encode("utf-8")
        return not line[:node.col_offset].strip()

    def _replace(self, group: list[ast.stmt]) -> None:
        first = min([group[0].lineno] + [d.lineno for d in getattr(group[0], "decorator_list", [])])
        last = max(s.end_lineno or s.lineno for s in group)
        statements: list[tuple[int, str]] = []
        for statement in group:
            statements += self._flat(statement)
        placed = {(min(max(line, first), last), s): None for line, s in statements}  # each once per line
        self.edits.append((first, last, sorted(placed, key=lambda item: item[0])))  # stable: source order

    def _flat(self, root: ast.AST) -> list[tuple[int, str]]:
        """(line, statement) for what `root` does, in source order."""
        out: list[tuple[int, str]] = []
        todo: list[tuple[ast.AST, int]] = [(root, self.shape.above[id(root)])]
        while todo:
            node, above = todo.pop()
            shallow = self._height(node, above) <= self.piece
            line = getattr(node, "lineno", 0)
            text, parts = None, _children(node)
            if isinstance(node, _DROPPED):
                parts = []
            elif isinstance(node, (ast.Return, ast.Expr)):
                parts = [node.value] if node.value is not None else []
            elif isinstance(node, ast.stmt) and shallow and not isinstance(node, _COMPOUND):
                text, parts = ast.unparse(node), []
            elif isinstance(node, ast.expr) and shallow and not isinstance(node, _NOT_ALONE):
                text = ast.unparse(node) if isinstance(node, _BARE) else f"({ast.unparse(node)})"
                parts = []
            elif isinstance(node, ast.Call):
                text, parts = self._call(node)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                text = self._import(node)
            elif isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
                text = self._binding(node)
                parts = [node.value] if node.value is not None and text is not None else parts
            if text is not None:
                out.append((line, text))
            depth = self._depth(node)
            todo.extend((part, depth) for part in reversed(parts))
        return out

    def _piece(self, node: ast.AST, above: int, deep: list[ast.AST]) -> str:
        """The node as written when it is shallow; else the unknown value (its parts are read apart)."""
        if self._height(node, above) <= self.piece:
            return ast.unparse(node)
        deep.append(node)
        return self.unknown

    def _call(self, node: ast.Call) -> tuple[str, list[ast.AST]]:
        """A deep call as its function and arguments, each deep one standing for an unknown value."""
        deep: list[ast.AST] = []
        depth = self._depth(node)
        func = self._piece(node.func, depth, deep)
        args = []
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                args.append("*" + self._piece(arg.value, depth + 1, deep))
            else:
                args.append(self._piece(arg, depth, deep))
        for keyword in node.keywords:
            value = self._piece(keyword.value, depth + 1, deep)
            args.append(f"{keyword.arg}={value}" if keyword.arg else f"**{value}")
        return f"{func}({', '.join(args)})", deep

    def _import(self, node: ast.Import | ast.ImportFrom) -> str | None:
        """A deep import (`import a.b.c...` past the limit) binds each name it binds to the unknown value:
        what the module is stays unresolved, so nothing reached through it is vouched for."""
        bound = [a.asname or (a.name.split(".")[0] if isinstance(node, ast.Import) else a.name)
                 for a in node.names if a.name != "*"]
        return " = ".join(bound + [self.unknown]) if bound else None

    def _binding(self, node: ast.Assign | ast.AugAssign | ast.AnnAssign) -> str | None:
        """A deep assignment binds its (shallow) targets to the unknown value, so
        no earlier harmless value of the same name stands in for it."""
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        depth = self._depth(node)
        if any(self._height(t, depth) > self.piece for t in targets):
            return None
        return " = ".join([ast.unparse(t) for t in targets] + [self.unknown])


def _groups(body: list[ast.stmt]) -> list[list[ast.stmt]]:
    """Statements that share a line (`a = 1; b = 2`) are replaced together or not at all."""
    groups: list[list[ast.stmt]] = []
    for statement in body:
        if groups and statement.lineno <= (groups[-1][-1].end_lineno or groups[-1][-1].lineno):
            groups[-1].append(statement)
        else:
            groups.append([statement])
    return groups


def _bodies(node: ast.stmt) -> list[list[ast.stmt]]:
    out: list[list[ast.stmt]] = []
    for part in [node] + list(getattr(node, "handlers", [])) + list(getattr(node, "cases", [])):
        out += [b for b in (getattr(part, name, None) for name in ("body", "orelse", "finalbody")) if b]
    return out


def _header(node: ast.stmt) -> list[ast.AST]:
    """A compound statement's parts other than its bodies (tests, targets, decorators, handler types...)."""
    parts: list[ast.AST] = []
    for part in [node] + list(getattr(node, "handlers", [])) + list(getattr(node, "cases", [])):
        for name in part._fields:
            value = getattr(part, name, None)
            if name in ("body", "orelse", "finalbody", "handlers", "cases"):
                continue
            if isinstance(value, list):
                parts += [v for v in value if isinstance(v, ast.AST)]
            elif isinstance(value, ast.AST):
                parts.append(value)
    return parts
