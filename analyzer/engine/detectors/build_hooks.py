"""Build hooks: a `setup.py` shipped with the job, and the other ways a build runs the job's code.

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
In any module, a class derived from a setuptools/distutils command or a hatchling
hook interface, a `setup(cmdclass=...)` call (setuptools' or distutils', or a
`setup` nothing in the file binds: a setup script under another name, run by
`python file.py install`), and in `pdm_build.py` (which pdm-backend runs unasked) a
`pdm_build_*` function, is a build hook. In `setup.cfg` and `pyproject.toml`,
the settings that make a build import the job's code are: `cmdclass`, an in-tree
backend (`backend-path`), hatch's custom hooks, poetry's build script and
pdm-backend's `custom-hook`.
"""

from __future__ import annotations

import re
from typing import Iterator

import libcst as cst

from ...model import Finding
from ..configs import load_toml
from ..resolve import Use, dotted
from ..unjudged import over_limit, unjudged
from . import FileContext, Hit, PythonContext, file_detector, python_detector

_COMMAND_BASES = ("setuptools.command.", "distutils.command.", "setuptools.Command", "distutils.core.Command",
                  "wheel.bdist_wheel", "setuptools.command", "hatchling.builders.hooks.plugin.interface.",
                  "hatchling.metadata.plugin.interface.", "hatchling.plugin.")
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


def _setup_call(ctx: PythonContext, use: Use) -> bool:
    """A call of setuptools' or distutils' setup, or of a `setup` (`setuptools.setup`) the file does not bind."""
    r = ctx.resolver
    if r.names(use.node.func, use.scope) & _SETUP:
        return True
    parts = (dotted(use.node.func) or "").split(".")
    return parts[-1] == "setup" and not r.is_bound(parts[0], use.scope)


@python_detector("setup-hooks")
def setup_hooks(ctx: PythonContext) -> Iterator[Hit]:
    r = ctx.resolver
    name = ctx.path.rsplit("/", 1)[-1]
    for stmt in ctx.module.body:
        if isinstance(stmt, cst.ClassDef):
            # a command or hook class: setup.cfg, pyproject.toml or another module's setup() may name it
            for base in stmt.bases:
                names = r.names(base.value, r.root)
                if any(n.startswith(_COMMAND_BASES) for n in names):
                    yield Hit("supply-chain.setup-hook", ctx.path, node=stmt,
                              details={"name": f"class {stmt.name.value}({sorted(names)[0]})"})
        elif (name == "pdm_build.py" and isinstance(stmt, cst.FunctionDef)
              and stmt.name.value.startswith("pdm_build_")):
            yield Hit("supply-chain.setup-hook", ctx.path, node=stmt, details={"name": f"pdm_build.py: {stmt.name.value}"})
    for use in r.calls:
        if name != "setup.py" and not _setup_call(ctx, use):
            continue
        for a in use.node.args:
            if a.keyword is not None and a.keyword.value == "cmdclass":
                yield Hit("supply-chain.setup-hook", ctx.path, node=a, details={"name": "cmdclass"})
    if name != "setup.py":
        return
    for stmt in ctx.module.body:
        what = _statement_runs_code(ctx, stmt)
        if what is not None:
            yield Hit("supply-chain.setup-code", ctx.path, node=stmt, details={"name": what})


# pyproject.toml settings (dotted paths; "*" any one key) that make a build import the job's code
# (hatch's other hooks are plugins' code, installed by the site, not the job's).
_PYPROJECT_HOOKS = (
    ("build-system", "backend-path"),
    ("tool", "setuptools", "cmdclass"),
    ("tool", "hatch", "build", "hooks", "custom"),
    ("tool", "hatch", "build", "targets", "*", "hooks", "custom"),
    ("tool", "hatch", "metadata", "hooks", "custom"),
    ("tool", "poetry", "build"),
    ("tool", "pdm", "build", "custom-hook"),
)


def _settings(table: object, path: tuple[str, ...], seen: tuple[str, ...] = ()) -> Iterator[str]:
    """The dotted names under `table` that `path` matches."""
    if not path:
        yield ".".join(seen)
        return
    if not isinstance(table, dict):
        return
    head, rest = path[0], path[1:]
    for key in (table if head == "*" else [head] if head in table else []):
        yield from _settings(table[key], rest, (*seen, key))


def _pyproject_hooks(text: str) -> Iterator[str]:
    import tomllib  # here: most jobs hold no pyproject.toml, and importing it is 2-4 ms of every start

    try:
        document = load_toml(text)
    except tomllib.TOMLDecodeError:
        return  # not TOML: the config detector reports what it cannot read
    for path in _PYPROJECT_HOOKS:
        yield from _settings(document, path)


def _setup_cfg_hooks(text: str) -> Iterator[str]:
    import configparser  # here: only a job with a setup.cfg needs it

    parser = configparser.RawConfigParser(strict=False)
    try:
        parser.read_string(text)
    except configparser.Error:
        return
    if parser.has_option("options", "cmdclass"):
        yield "options.cmdclass"


@file_detector("build-configs")
def build_configs(ctx: FileContext) -> Iterator[Hit | Finding]:
    """setup.cfg and pyproject.toml settings that run the job's code when anything builds or installs it."""
    readers = {"pyproject.toml": _pyproject_hooks, "setup.cfg": _setup_cfg_hooks}
    for entry in ctx.content.files:
        name = entry.path.rsplit("/", 1)[-1]
        data = ctx.content.data.get(entry.path)
        if name in readers and data is not None:
            text = data.decode("utf-8", "replace")
            try:
                settings = list(readers[name](text))
            except RecursionError:  # tomllib recurses per level, as pip's and the backends' readers do
                yield over_limit("max_nesting_depth", entry.path, "nested too deeply for Python's TOML reader")
                continue
            except ValueError as err:  # an integer past sys.get_int_max_str_digits(): a builder's Python may
                # run with another limit (PYTHONINTMAXSTRDIGITS) and read the settings the gate could not
                yield unjudged("unanalyzable.config-parse", entry.path, f"Python's TOML reader refused it: {err}")
                continue
            # Each key's line looked up once: 20,000 hatch targets each naming `custom` (650 KB) searched the
            # file's lines once a target, 96 s of CPU (session 52); the settings end in a handful of keys.
            lines, first_line = text.splitlines(), {}
            for setting in settings:
                key = setting.rsplit(".", 1)[-1]
                if key not in first_line:
                    where = re.compile(rf"""\s*(\[[^\]]*\b{re.escape(key)}\]|["']?{re.escape(key)}["']?\s*=)""")
                    first_line[key] = next((i for i, t in enumerate(lines, 1) if where.match(t)), 0)
                yield Hit("supply-chain.build-hook-config", entry.path, first_line[key], details={"name": setting})
