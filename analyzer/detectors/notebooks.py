"""Notebooks (`.ipynb`): code cells through the Python analysis, shell lines and
magics through the notebook rules. See analyzer/notebooks.py for how cells are
read and where findings are reported (`nb.ipynb[cell N]`, line inside the cell).
"""

from __future__ import annotations

import dataclasses
import re
from typing import Iterator

from ..model import Finding
from ..notebooks import Cell, Line, read_notebook
from . import FileContext, Hit, file_detector
from .files import shell_risk

_IPY_CALL = re.compile(r"get_ipython\(\)\s*\.\s*(system|getoutput|run_line_magic|run_cell_magic|magic)\s*\("
                       r"\s*(?:[rbuf]*[\"'](\w*))?")
_SHELLY_MAGICS = {"system", "sx", "sc", "sh", "bash", "script", "pip", "conda", "mamba", "alias", "run", "load"}


def _where(path: str, cell: int) -> str:
    return f"{path}[cell {cell}]"


def _mapped(findings: list[Finding], path: str, spans: list[tuple[int, int, int]]) -> Iterator[Finding]:
    """Findings on the joined source -> findings on (cell, line in cell)."""
    for f in findings:
        for start, end, cell in spans:
            if start <= f.line <= end:
                yield dataclasses.replace(f, path=_where(path, cell), line=f.line - start + 1)
                break
        else:
            yield dataclasses.replace(f, path=path)


def _python(ctx: FileContext, path: str, cells: list[Cell]) -> Iterator[Finding]:
    if not cells:
        return
    spans, lines = [], 0
    for cell in cells:
        n = cell.source.count("\n") + 1
        spans.append((lines + 1, lines + n, cell.index))
        lines += n
    joined = "\n".join(c.source for c in cells) + "\n"
    found = ctx.python_findings(path, joined.encode("utf-8"))
    if not any(f.rule == "unanalyzable.parse-error" for f in found):
        yield from _mapped(found, path, spans)
        return
    # One cell does not parse: judge every cell on its own, so the rest still counts.
    for cell in cells:
        for f in ctx.python_findings(path, (cell.source + "\n").encode("utf-8")):
            yield dataclasses.replace(f, path=_where(path, cell.index))


def _shell_hit(path: str, line: Line, prefix: str = "") -> Hit:
    risk = shell_risk(line.text)
    text = line.text.strip()
    if risk is not None:
        return Hit("files.notebook-shell-network", _where(path, line.cell), line.line, snippet=text[:240],
                   details={"name": risk[0]})
    return Hit("files.notebook-shell", _where(path, line.cell), line.line, snippet=text[:240],
               details={"name": (prefix + text)[:120]})


@file_detector("notebook")
def notebook(ctx: FileContext) -> Iterator[Hit | Finding]:
    paths = {e.path for e in ctx.content.files}
    for entry in ctx.content.files:
        if entry.kind != "notebook":
            continue
        path = entry.path
        data = ctx.content.data.get(path)
        if data is None:
            continue  # over the size limits: collect.py reported it
        nb = read_notebook(data)
        if nb.error is not None:
            yield Hit("unanalyzable.notebook", path, details={"name": nb.error})
            continue
        folder = path.rsplit("/", 1)[0] + "/" if "/" in path else ""
        for line in nb.unknown:
            yield Hit("unanalyzable.notebook", _where(path, line.cell), line.line, snippet=line.text,
                      details={"name": f"unknown magic {line.text.split()[0]}"})
        for line in nb.shell:
            yield _shell_hit(path, line)
        for line in nb.installs:
            yield _shell_hit(path, line, "%")
        for line in nb.runs:
            target = line.text.strip("'\"")
            if "://" in target:
                yield Hit("files.notebook-shell-network", _where(path, line.cell), line.line,
                          details={"name": f"code from {target}"})
            elif not target or (folder + target.lstrip("./")) not in paths:
                yield Hit("files.notebook-run", _where(path, line.cell), line.line,
                          details={"name": target or "(no file)"})
        for line, body in nb.writes:
            if line.text.endswith(".py"):
                for f in ctx.python_findings(path, body.encode("utf-8")):
                    yield dataclasses.replace(f, path=_where(path, line.cell), line=f.line + 1 if f.line else 0)
            elif line.text.endswith((".sh", ".bash")):
                for n, text in enumerate(body.split("\n"), 2):
                    if shell_risk(text):
                        yield _shell_hit(path, Line(line.cell, n, text))
        for cell in nb.cells:
            if "get_ipython" not in cell.source:
                continue
            for n, text in enumerate(cell.source.split("\n"), 1):
                m = _IPY_CALL.search(text)
                if m and (m.group(1) in ("system", "getoutput") or (m.group(2) or "") in _SHELLY_MAGICS
                          or m.group(2) is None):
                    yield _shell_hit(path, Line(cell.index, n, text))
        yield from _python(ctx, path, nb.cells)
