"""Notebooks (`.ipynb`): code cells through the Python analysis, shell lines and
magics through the notebook rules. See analyzer/notebooks.py for how cells are
read and where findings are reported (`nb.ipynb[cell N]`, line inside the cell).
"""

from __future__ import annotations

import dataclasses
import os
import posixpath
import re
from typing import Callable, Iterator

from ..lists import matcher
from ...model import Finding
from ..collect import BUILD_FILE
from ..isolate import Budget, Failure, run_limited
from ..notebooks import ASSIGNED, Cell, Line, Notebook, jupytext_script, read_notebook, script_notebook, split_args
from ..parse import VOUCH_BYTES
from ..unjudged import WORKER_FAILURES, over_limit, worker_failed
from . import FileContext, Hit, file_detector
from .configs import argv_options
from ..shell import index_install, inline_python, plain_clone, plain_download
from .files import names_download_settings, names_pip_settings, requirements_elsewhere, shell_risk
from .paths import credential_path, is_local, persistence_path, site_reserved, site_root
from .shadowing import GENERIC, library_modules

_IPY_CALL = re.compile(r"get_ipython\(\)\s*\.\s*(system|getoutput|run_line_magic|run_cell_magic|magic)\s*\("
                       r"\s*(?:[rbuf]*[\"'](\w*))?")
# Magics that run shell or outside code, and the shell object's code-running methods (rules/lists/launchers.yaml).
_SHELLY_MAGICS = matcher("launchers", "ipython-shell-magics").names()
# Line magics whose arguments the reader drops but that change what the Python does: the working
# directory (%cd, %pushd), the environment (%env, %set_env), and `%run -m MODULE ARGS`; bare or assigned
# (`e = %env PYTHONPATH=/tmp/hooks` sets it too: red team 45b).
_STATEFUL = re.compile(r"^(?P<indent>[ \t]*)" + ASSIGNED + r"%(?P<name>cd|pushd|env|set_env|run)\b[ \t]*(?P<args>.*)$")
# A name bound to IPython's shell object, or to one of its code-running methods.
_IPY_ALIAS = re.compile(r"\b(?P<alias>[A-Za-z_]\w*)\s*=\s*(?:IPython\s*\.\s*)?get_ipython\s*\(\s*\)"
                        r"(?:\s*\.\s*(?P<method>\w+))?")
_IPY_RUNNERS = matcher("launchers", "ipython-runners").names()


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


def _as_python(name: str, args: str) -> str | None:
    """The Python a stateful magic amounts to, on one line (so line numbers stay), or None."""
    words = [w for w in split_args(args) if not w.startswith("-")]
    if name in ("cd", "pushd"):
        return f"import os as _ipy_os; _ipy_os.chdir({words[0]!r})" if words else None
    if name in ("env", "set_env"):
        m = re.match(r"^([A-Za-z_]\w*)\s*[= ]\s*(.*)$", args.strip())
        return f"import os as _ipy_os; _ipy_os.environ[{m.group(1)!r}] = {m.group(2).strip()!r}" if m else None
    return None


def _stateful(cells: list[Cell], raw: dict[int, list[str]]) -> list[Cell]:
    """Cells with %cd/%pushd/%env lines turned back into the Python they amount to."""
    out = []
    for cell in cells:
        lines = cell.source.split("\n")
        written = raw.get(cell.index, [])
        for n, text in enumerate(lines):
            m = _STATEFUL.match(written[n]) if n < len(written) and text.strip() == "pass" else None
            code = _as_python(m.group("name"), m.group("args")) if m else None
            if code is not None:
                lines[n] = m.group("indent") + code
        out.append(dataclasses.replace(cell, source="\n".join(lines)))
    return out


def _run_lines(raw: dict[int, list[str]]) -> Iterator[tuple[Line, list[str]]]:
    """Each `%run` line (bare or assigned) and its arguments, split."""
    for index, lines in raw.items():
        for n, text in enumerate(lines, 1):
            m = _STATEFUL.match(text)
            if m is not None and m.group("name") == "run":
                yield Line(index, n, text.strip()), split_args(m.group("args"))


def _run_module_args(path: str, raw: dict[int, list[str]], paths: set[str]) -> Iterator[Hit]:
    """`%run -m MODULE ARGS`: the reader imports MODULE; its ARGS reach the module's command line.
    A module of the notebook's own folder with harmless arguments is the job's own script run; any
    other module run with arguments (pip, http.server, ...) is a program run."""
    folder = path.rsplit("/", 1)[0] + "/" if "/" in path else ""
    for run, words in _run_lines(raw):
        if len(words) < 3 or words[0] != "-m":
            continue
        line = Line(run.cell, run.line, "python -m " + " ".join(words[1:]))
        module = folder + words[1].replace(".", "/")
        if shell_risk(line.text) is None and (module + ".py" in paths or module + "/__main__.py" in paths):
            continue
        yield _shell_hit(path, line, "%run ")


def _run_arguments(path: str, raw: dict[int, list[str]]) -> Iterator[Hit]:
    """`%run FILE ARGS` / `%run -m MODULE ARGS`: ARGS are the script's command line, judged as a config's
    command line is (a credential or start-up file handed to the job's script: red team 45b); %run's own
    options too (`-p -T FILE` writes the profile there)."""
    for run, words in _run_lines(raw):
        for option, value in argv_options(words):
            if credential_path(value) or persistence_path(value):
                yield Hit("files.notebook-run-sensitive-argument", _where(path, run.cell), run.line,
                          snippet=run.text, details={"name": f"{option} {value}".strip()})


def _ipython_aliases(path: str, cells: list[Cell]) -> Iterator[Hit]:
    """`ip = get_ipython(); ip.system(...)` and `sh = get_ipython().system; sh(...)`."""
    text = "\n".join(c.source for c in cells)
    if "get_ipython" not in text:
        return
    shells, methods = set(), set()
    for m in _IPY_ALIAS.finditer(text):
        (methods if m.group("method") in _IPY_RUNNERS else shells if m.group("method") is None else set()).add(
            m.group("alias"))
    if not shells and not methods:
        return
    calls = re.compile(r"\b(?:(?:" + "|".join(map(re.escape, sorted(shells) or ["(?!)"])) + r")\s*\.\s*(?:"
                       + "|".join(sorted(_IPY_RUNNERS)) + r")|(?:" + "|".join(map(re.escape, sorted(methods) or ["(?!)"]))
                       + r"))\s*\(")
    for cell in cells:
        for n, line in enumerate(cell.source.split("\n"), 1):
            if calls.search(line):
                yield _shell_hit(path, Line(cell.index, n, line))


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
    if any(f.rule == "unanalyzable.parse-error" for f in found):
        # One cell does not parse: judge every cell on its own, so the rest still counts.
        yield from _alone(ctx, path, cells)
        return
    yield from _mapped(found, path, spans)
    if any(f.rule in WORKER_FAILURES for f in found):
        # The joined source ran past a limit or crashed its worker: a padded cell must not hide the others
        # (a 1.2 MB cell of `x = 1` before a cell's os.system turned a reject into an escalation), so every
        # cell that is not itself that large is judged on its own too, smallest first.
        yield from _alone(ctx, path, sorted((c for c in cells if len(c.source) <= VOUCH_BYTES),
                                            key=lambda c: len(c.source)))


def _alone(ctx: FileContext, path: str, cells: list[Cell]) -> Iterator[Finding]:
    for cell in cells:
        for f in ctx.python_findings(path, (cell.source + "\n").encode("utf-8")):
            yield dataclasses.replace(f, path=_where(path, cell.index))


# A line that changes the kernel's working folder, or a shell cell's (a relative `-r FILE` is then read from
# elsewhere): %cd/%pushd, automagic `cd`, os.chdir, `cd` in a %%bash cell. A `!cd ...` line moves only its own
# subshell.
_MOVES = re.compile(r"^(?![ \t]*!)(?:.*[\s;&%(\"'])?(?:cd|pushd)\b|^(?![ \t]*!).*chdir")


def _index_installs(ctx: FileContext, path: str, nb: Notebook) -> Callable[[Line], str | None]:
    """Whether a shell line of the notebook is a `pip install` from the site's configured index
    (shell.index_install) of plain names or of requirements files no one in the job writes, read as pip reads them:
    each file named nowhere else in the notebook (a %%writefile or an open() could replace it before the install
    runs) nor by a module or shell script of the job (one the notebook imports or runs first could write it), with
    no change of folder before it, and nothing in the job naming pip's settings; a file in the job beside the
    notebook takes nothing from elsewhere (files.requirements_elsewhere). A file the job does not hold is the
    site's own, if any (session 49: part 2's 03.3 names `code/requirements.txt`, which its folder lacks): what it
    lists is not the author's, a capability like the index's. None when the line is not such an install; else
    what the finding adds about files the job does not hold ("" for none)."""
    folder = path.rsplit("/", 1)[0] + "/" if "/" in path else ""
    paths = {e.path for e in ctx.content.files}
    # The code cells' lines that are not themselves such installs (`!pip ...`, `%pip ...`, a %%bash cell's line),
    # by position.
    others = [(cell, n, text) for cell, lines in nb.written.items() for n, text in enumerate(lines, 1)
              if index_install(text.strip().lstrip("!%")) is None]
    settings: list[bool] = []

    kinds = {e.path: e.kind for e in ctx.content.files}

    def spelled(name: str) -> bool:
        """Whether anything of the job that may run before the install names the file: another line of this
        notebook, a module, a shell script or build file, or another notebook's line that is not itself such an
        install (part 2's 03.4 installs its own `jobs/requirements.txt`)."""
        word = posixpath.basename(name)
        if any(word in text for _, _, text in others):
            return True
        for other, data in ctx.content.data.items():
            if other == path or data is None or word.encode() not in data:
                continue
            if kinds.get(other) in ("python", "shell") or BUILD_FILE.search(other):
                return True
            if kinds.get(other) == "notebook":
                book = read_notebook(data)
                if book.error or any(word in text and index_install(text.strip().lstrip("!%")) is None
                                     for lines in book.written.values() for text in lines):
                    return True
        return False

    def plain(line: Line) -> str | None:
        files = index_install(line.text)
        if files is None:
            return None
        if not settings:
            settings.append(names_pip_settings(ctx.content))
        # A notebook runs top to bottom: a folder change after the install does not move it.
        if settings[0] or files and any(_MOVES.search(text) for cell, n, text in others
                                        if (cell, n) < (line.cell, line.line)):
            return None
        held = [posixpath.normpath(folder + name) for name in files]
        if any(spelled(name) or p in paths and requirements_elsewhere(ctx.content, p) for name, p in zip(files, held)):
            return None
        absent = [p for p in held if p not in paths]
        return f" ({', '.join(absent)} not in the job: the site's own file, if any)" if absent else ""

    return plain


# What makes a line more than one command of plain words: a second command, a pipe or redirection, a subshell,
# an expansion of the shell's or IPython's.
_SHELL_SYNTAX = re.compile(r"[;&|<>()`$\\{}\n]")
# What lets a shell line reach a folder without spelling its name: a glob, a quote inside a word, an escape.
_OBSCURED = re.compile(r"[*?\[\"'\\]")


def _clone_downloads(ctx: FileContext, path: str, nb: Notebook) -> Callable[[Line], str | None]:
    """Whether a shell line of the notebook is a `git clone` (shell.plain_clone) that downloads files the job
    then only reads: the folder is the job's scratch (relative or under /tmp: paths.is_local, not the workspace
    or temporary folder itself, nothing the site reserves, no credential or persistence path; a relative one not
    named like a module the site can import, which the kernel's working folder on sys.path would shadow), and
    every other line of the notebook's code cells that names the folder (its last part, as a word) runs one of
    the job's own scripts, `python SCRIPT ARGS`, with the folder among the arguments only: the script's code is
    judged as the job's. Anything else naming it (a `cd` into it, a program or script in it, an install of it, a
    Python line, an import of its name), or a shell line that could spell it another way (a glob, a quote, an
    escape: _OBSCURED), may run what was fetched: None, the clone stays fetched code."""
    folder = path.rsplit("/", 1)[0] + "/" if "/" in path else ""
    paths = {e.path for e in ctx.content.files}

    def only_read(text: str, named: re.Pattern) -> bool:
        words = split_args(text.strip().lstrip("!").strip()) if not _SHELL_SYNTAX.search(text) else []
        return (len(words) > 1 and re.fullmatch(r"python[\d.]*", words[0]) is not None and not named.search(words[1])
                and posixpath.normpath(folder + words[1]) in paths)

    def download(line: Line) -> str | None:
        clone = plain_clone(line.text)
        if clone is None:
            return None
        url, into = clone
        top = into.split("/", 1)[0]
        if not is_local(into) or site_root(into) or site_reserved(into) or credential_path(into) or \
                persistence_path(into) or (not into.startswith("/") and top in library_modules() | GENERIC):
            return None
        named = re.compile(r"(?<![\w.-])" + re.escape(posixpath.basename(into)) + r"(?![\w-])")
        if any(named.search(text) and not only_read(text, named) for cell, lines in nb.written.items()
               for n, text in enumerate(lines, 1) if (cell, n) != (line.cell, line.line)) or any(
                _OBSCURED.search(other.text) for other in nb.shell if other is not line):
            return None
        return f"git clone {url}"

    return download


def _inline_python(ctx: FileContext, path: str, line: Line, code: str) -> Iterator[Hit | Finding]:
    """`!python3 -c 'CODE'` with no expansion (shell.inline_python): a shell line, and CODE judged as Python."""
    text = line.text.strip()
    yield Hit("files.notebook-shell", _where(path, line.cell), line.line, snippet=text[:240],
              details={"name": text[:120]})
    for f in ctx.python_findings(path, code.encode("utf-8")):
        yield dataclasses.replace(f, path=_where(path, line.cell), line=line.line)


def _shell_hit(path: str, line: Line, prefix: str = "",
               index_install: Callable[[Line], str | None] | None = None,
               clone_download: Callable[[Line], str | None] | None = None) -> Hit:
    risk = shell_risk(line.text)
    text = line.text.strip()
    absent = index_install(line) if risk is not None and index_install is not None else None
    if absent is not None:
        return Hit("files.notebook-package-install", _where(path, line.cell), line.line, snippet=text[:240],
                   details={"name": text[:120] + absent})
    fetched = plain_download(line.text) if risk is not None else None
    if fetched is None and risk is not None and clone_download is not None:
        fetched = clone_download(line)
    if fetched is not None:  # a download of data: a capability
        return Hit("files.notebook-shell-download", _where(path, line.cell), line.line, snippet=text[:240],
                   details={"name": fetched})
    if risk is not None:
        return Hit("files.notebook-shell-network", _where(path, line.cell), line.line, snippet=text[:240],
                   details={"name": risk[0]})
    return Hit("files.notebook-shell", _where(path, line.cell), line.line, snippet=text[:240],
               details={"name": (prefix + text)[:120]})


def _read(data: bytes, policy) -> Notebook | Failure:
    """A notebook past max_file_bytes (kept so that padded outputs hide no cell, collect.py) is read in a
    limited worker: its JSON, chosen by the job's author, can cost many times its size in memory."""
    if len(data) <= policy.limits.max_file_bytes or not hasattr(os, "fork"):
        return read_notebook(data)
    return run_limited(read_notebook, (data,), Budget.of(policy.limits))


@file_detector("notebook")
def notebook(ctx: FileContext) -> Iterator[Hit | Finding]:
    settings = None  # whether the job names a downloader's settings: read at the first download only
    for hit in _notebook(ctx):
        if isinstance(hit, Hit) and hit.rule == "files.notebook-shell-download":
            settings = names_download_settings(ctx.content) if settings is None else settings
            if settings:
                hit = dataclasses.replace(hit, rule="files.notebook-shell-network")  # its settings may send a file
        yield hit


def _notebook(ctx: FileContext) -> Iterator[Hit | Finding]:
    paths = {e.path for e in ctx.content.files}
    # What the gate reads as what %run runs: Python and notebooks. IPython runs a `.ipy` file as IPython
    # (`!cmd` lines, magics) and any other file as Python with its own coding cookie (core/magics/execution.py
    # run: safe_execfile_ipy for .ipy/.ipynb, else safe_execfile, compile of the file's bytes), neither of which
    # the gate reads in a text file (red team 46c: `!curl ... | sh` in prep.ipy, a utf-7 line in prep.txt).
    read_as_run = {e.path for e in ctx.content.files if e.kind in ("python", "notebook")}
    for entry in ctx.content.files:
        path = entry.path
        data = ctx.content.data.get(path)
        if data is None or entry.kind not in ("notebook", "python"):
            continue  # no data: over the size limits, collect.py reported it
        if entry.kind == "python":
            # a script marked as jupytext's is also the notebook jupytext opens it as (notebooks.script_notebook)
            if not jupytext_script(data):
                continue
            nb = script_notebook(data)
        else:
            nb = _read(data, ctx.policy)
        if isinstance(nb, Failure):
            yield worker_failed(nb.cause, path, nb.detail, nb.limit)
            continue
        if nb.too_deep:
            yield over_limit("max_nesting_depth", path, "the notebook's JSON nests too deeply to read")
        elif nb.error is not None:  # the cells that could be read are still judged
            yield Hit("unanalyzable.notebook", path, details={"name": nb.error})
        for doubt in nb.doubts:
            yield Hit("unanalyzable.notebook", path, details={"name": doubt})
        folder = path.rsplit("/", 1)[0] + "/" if "/" in path else ""
        for line in nb.unknown:
            yield Hit("unanalyzable.notebook", _where(path, line.cell), line.line, snippet=line.text,
                      details={"name": f"unknown magic {line.text.split()[0]}"})
        index_installs, clones = _index_installs(ctx, path, nb), _clone_downloads(ctx, path, nb)
        for line in nb.shell:
            code = inline_python(line.text)
            if code is not None:
                yield from _inline_python(ctx, path, line, code)
            else:
                yield _shell_hit(path, line, index_install=index_installs, clone_download=clones)
        for line in nb.installs:
            yield _shell_hit(path, line, "%", index_installs)
        for line in nb.runs:
            target = line.text.strip("'\"")
            if "://" in target:
                yield Hit("files.notebook-shell-network", _where(path, line.cell), line.line,
                          details={"name": f"code from {target}"})
            elif not target or (folder + target.lstrip("./")) not in paths:
                yield Hit("files.notebook-run", _where(path, line.cell), line.line,
                          details={"name": target or "(no file)"})
            elif (folder + target.lstrip("./")) not in read_as_run:
                yield Hit("files.notebook-run", _where(path, line.cell), line.line,
                          details={"name": f"{target} (the job's file, not read as the code %run makes of it)"})
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
        yield from _ipython_aliases(path, nb.cells)
        yield from _run_module_args(path, nb.written, paths)
        yield from _run_arguments(path, nb.written)
        yield from _python(ctx, path, _stateful(nb.cells, nb.written))
