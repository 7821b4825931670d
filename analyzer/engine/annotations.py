"""String annotations are code: the gate reads each one as the expression it is.

`typing.get_type_hints` evaluates every string annotation (and every string nested in one,
`List["X"]`) with eval() in the module's namespace, and it is called for the job by functools'
`singledispatch().register` (a function's first annotation picks its type), by config and
validation libraries (dataclass-based configs, pydantic) and by the job itself. So
`def _(v: "__import__('os').system('id') or Tensor")` runs code the gate would read as a string.

Before any parser reads a file (parse.screen), each string that Python would turn into a forward
reference is replaced, in place, by its expression in parentheses: `"Net"` by `(Net)`, a payload by
the calls it makes, which the rules, the catalogue and the flow then judge like any other code. An
expression with a walrus is called as a lambda's body, since eval() binds that name in a namespace
of its own and never in the job's scope.
Strings that typing keeps as values (`Literal["a"]`, `Annotated[T, "note"]`'s notes) and strings
that do not compile as an expression (get_type_hints would raise before running anything) stay.
Lines stay where they were (a string over several lines keeps its line breaks inside the
parentheses), so findings name the file's own lines. An annotation whose expression does not fit
back into the file stands for a value the gate does not know (a name the file never binds, an
`unvouched.unbound-name`), never for nothing.
"""

from __future__ import annotations

import ast
import io
import tokenize

_VALUE_FORMS = ("Literal",)  # typing's forms whose strings are values, not types
_NOTED_FORMS = ("Annotated",)  # only the first item is a type; the rest are notes
UNREADABLE = "__jobgate_unreadable_annotation__"


def unquoted(data: bytes, tree: ast.Module) -> tuple[bytes, ast.Module] | None:
    """The file with its string annotations read as code, and its tree; None when it has none."""
    strings = [s for a in _annotations(tree) for s in _forward_strings(a)]
    if not strings:
        return None
    encoding = tokenize.detect_encoding(io.BytesIO(data).readline)[0]
    lines = io.StringIO(data.decode(encoding), newline="").readlines()  # CPython's line ends
    for readable in (True, False):
        edited = _replaced(lines, strings, readable)
        try:
            out = edited.encode(encoding, "backslashreplace")  # in a string literal, the same text
            return out, ast.parse(out)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue  # an expression that does not fit back (a name the file's encoding cannot spell)
    return None  # pragma: no cover - a name in parentheses always fits where a string stood


def _annotations(tree: ast.Module) -> list[ast.expr]:
    """Every annotation: only statements hold them (a def's arguments and return, an annotated
    assignment), so only statements are walked, with a list (the screen hands over trees up to
    CPython's own depth)."""
    found, todo = [], list(tree.body)
    while todo:
        node = todo.pop()
        if isinstance(node, ast.AnnAssign):
            found.append(node.annotation)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            arguments = node.args
            found.extend(a.annotation for a in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs,
                                                arguments.vararg, arguments.kwarg) if a is not None and a.annotation)
            if node.returns is not None:
                found.append(node.returns)
        for name in _BODIES:
            todo.extend(getattr(node, name, ()))
    return found


# The fields of a statement that hold statements (an except handler's and a match case's bodies too).
_BODIES = ("body", "orelse", "finalbody", "handlers", "cases")


def _forward_strings(annotation: ast.expr) -> list[ast.Constant]:
    """The strings of an annotation that typing evaluates as types."""
    found, todo = [], [annotation]
    while todo:
        node = todo.pop()
        if isinstance(node, ast.Constant):
            if isinstance(node.value, str):
                found.append(node)
            continue
        if isinstance(node, ast.Call):
            # A call's arguments are values handed to it when the annotation is evaluated (at the definition, or
            # by get_type_hints' eval of a PEP 563 string): `__import__('os')` imports os, it names no type.
            todo.append(node.func)
            continue
        if isinstance(node, ast.Subscript):
            form = _last_name(node.value)
            if form in _VALUE_FORMS:
                continue
            todo.append(node.value)
            items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            todo.extend(items[:1] if form in _NOTED_FORMS else items)
            continue
        todo.extend(ast.iter_child_nodes(node))
    return found


def _last_name(node: ast.expr) -> str:
    return node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else ""


def _expression(text: str) -> str | None:
    """What Python evaluates for this forward reference, on one line; None if it compiles to nothing,
    the unknown name if the gate cannot read it (nested past what its own stack compiles: the job's
    shallower stack may)."""
    if text.startswith("*"):  # typing.ForwardRef reads an unpacked reference so
        text = f"({text},)[0]"
    try:
        compile(text, "<annotation>", "eval")  # what typing.ForwardRef compiles
        tree = ast.parse(text, mode="eval")
        expression = ast.unparse(tree.body)
        # eval() binds a walrus's name in its own namespace, never in the job's scope: a lambda keeps it there.
        return f"(lambda: {expression})()" if any(isinstance(n, ast.NamedExpr) for n in ast.walk(tree)) else expression
    except (SyntaxError, ValueError):
        return None
    except (RecursionError, MemoryError):
        return UNREADABLE


def _replaced(lines: list[str], strings: list[ast.Constant], readable: bool) -> str:
    out = list(lines)
    # Last first, so that earlier offsets on a line still hold.
    for node in sorted(strings, key=lambda n: (n.lineno, n.col_offset), reverse=True):
        expression = _expression(node.value)
        if expression is None:
            continue
        first, last = node.lineno - 1, (node.end_lineno or node.lineno) - 1
        start = _column(out[first], node.col_offset)
        end = _column(out[last], node.end_col_offset or 0)
        breaks = "".join(_ending(line) for line in out[first:last])
        text = f"({expression if readable else UNREADABLE}{breaks})"
        out[first:last + 1] = [out[first][:start] + text + out[last][end:]] + [""] * (last - first)
    return "".join(out)


def _column(line: str, offset: int) -> int:
    """ast's column (UTF-8 bytes into the line) as an index into the decoded line."""
    return len(line.encode("utf-8")[:offset].decode("utf-8", "ignore"))


def _ending(line: str) -> str:
    return line[len(line.rstrip("\r\n")):] or "\n"
