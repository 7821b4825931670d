"""Build hooks: a `setup.py` shipped with the job.

`pip install ./custom` (a launcher command, a requirements line `-e .`, a
notebook `%pip install .`) runs setup.py with the installer's rights, and
`cmdclass` hooks or custom `install`/`develop`/`build_*` commands run whatever
they say at install time, before any training code. So in a file named
setup.py:
- a `cmdclass=` argument, or a class derived from a setuptools/distutils
  command, is a build hook (critical);
- statements at module level other than imports, definitions, assignments,
  `with open(...)` reads of metadata and the `setup(...)` call itself run at
  install time too (a reviewer's call).
"""

from __future__ import annotations

from typing import Iterator

import libcst as cst

from . import Hit, PythonContext, python_detector

_COMMAND_BASES = ("setuptools.command.", "distutils.command.", "setuptools.Command", "distutils.core.Command",
                  "wheel.bdist_wheel", "setuptools.command")
_SETUP = frozenset({"setuptools.setup", "distutils.core.setup", "skbuild.setup"})
_QUIET = (cst.Import, cst.ImportFrom, cst.Assign, cst.AnnAssign, cst.AugAssign, cst.Pass, cst.Expr)


def _statement_runs_code(ctx: PythonContext, stmt: cst.CSTNode) -> str | None:
    """What a module-level statement of setup.py does beyond declaring metadata, or None."""
    r = ctx.resolver
    if isinstance(stmt, (cst.FunctionDef, cst.ClassDef)):
        return None
    if isinstance(stmt, cst.If):
        return None  # `if __name__ == "__main__": setup(...)`; its calls are judged by the other rules
    if isinstance(stmt, cst.With):
        return None if all(isinstance(s, cst.SimpleStatementLine) for s in stmt.body.body) else "a with block"
    if isinstance(stmt, cst.SimpleStatementLine):
        for small in stmt.body:
            if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
                names = r.names(small.value.func, r.root)
                if not names & _SETUP:
                    return "a call at module level: " + (sorted(names)[0] if names else "an unresolved call")
            elif not isinstance(small, _QUIET):
                return type(small).__name__
        return None
    return type(stmt).__name__


@python_detector("setup-hooks")
def setup_hooks(ctx: PythonContext) -> Iterator[Hit]:
    if ctx.path.rsplit("/", 1)[-1] != "setup.py":
        return
    r = ctx.resolver
    for use in r.calls:
        for a in use.node.args:
            if a.keyword is not None and a.keyword.value == "cmdclass":
                yield Hit("supply-chain.setup-hook", ctx.path, node=a, details={"name": "cmdclass"})
    for stmt in ctx.module.body:
        if isinstance(stmt, cst.ClassDef):
            for base in stmt.bases:
                names = r.names(base.value, r.root)
                if any(n.startswith(_COMMAND_BASES) for n in names):
                    yield Hit("supply-chain.setup-hook", ctx.path, node=stmt,
                              details={"name": f"class {stmt.name.value}({sorted(names)[0]})"})
        what = _statement_runs_code(ctx, stmt)
        if what is not None:
            yield Hit("supply-chain.setup-code", ctx.path, node=stmt, details={"name": what})
