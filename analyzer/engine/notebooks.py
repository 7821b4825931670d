"""Notebooks: a `.ipynb` file (or a markdown notebook: jupytext's Markdown, MyST, R Markdown, Quarto, read into the
same cells by _markdown_document) -> its Python, its shell lines and its magics.

A notebook is JSON (nbformat 4: `cells[]` with `cell_type` and `source`;
nbformat 3: `worksheets[].cells[]` with `input`). Only code cells run, and what the
script `nbconvert --to script` writes holds as code besides them: raw cells it copies, text after a
lone carriage return in a markdown cell it comments out (both read as code cells). IPython
adds syntax that is not Python:
- shell: `!cmd`, `x = !cmd`, `%sx`/`%system`/`%sc` lines, `%%bash`/`%%sh`/`%%script`
  /`%%system` cells, `%pip`/`%conda` (package installs from the network);
- magics that run code: `%run file`, `%load file-or-URL`, `%%writefile`;
- magics that only configure (`%matplotlib inline`, `%autoreload`, `%env`, ...).
Every such line becomes `pass` at its indentation (so the cell still parses and
line numbers stay put) and is reported separately; `%time stmt`/`%timeit stmt`
keep their statement; `%load_ext mod` and `%run -m mod` become `import mod`, so
the Python rules judge the module. A cell magic the gate does not know makes
the notebook unanalyzable.

Python of all code cells is analysed as one source (names bound in one cell are
used in the next), and each finding is reported at `nb.ipynb[cell N]` with
N the 1-based position of the cell in the notebook and the line inside that
cell; if the joined source does not parse, each cell is analysed on its own.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field


from .json_keys import loads_noting_repeats

_SHELL_CELL = {"bash", "sh", "script", "system", "sx", "perl", "ruby", "zsh", "pypy", "python2", "cmd",
               "powershell", "pwsh"}
_PY_CELL = {"time", "timeit", "capture", "prun", "debug", "pdb", "memit", "mprun", "px", "autosave", "ipytest"}
# `%%script python3 ARGS` and its shortcuts `%%python ARGS`/`%%python3 ARGS` run [interpreter, *ARGS] with the
# cell on its stdin (IPython core/magics/script.py shebang: create_subprocess_exec(*cmd); the shortcut prepends
# its name): the cell is the script only when nothing but `-` follows the interpreter. `-c CODE`, `-m MODULE`,
# a script file or an option (-W imports a warning category's module) run something else (red team 45b).
_SCRIPT_PYTHON = {"python", "python3"}
_PYTHON_PROGRAM = re.compile(r"^(python|pypy)[\d.]*$")  # `%%pypy` (a shell cell's name) is PyPy on stdin
_STATEMENT_CELL = {"time", "timeit", "prun"}  # the first line's rest is a statement (no_var_expand)
# Cell magics that only display their text. Left out, so reported as unknown: %%html, %%javascript, %%js,
# %%svg and %%markdown, whose output is script the browser of whoever runs the notebook executes (inline
# <script>, event handlers), with that user's Jupyter session: it can run code in the kernel through the
# server's API, out of the gate's sight.
_INERT_CELL = {"latex", "raw", "text"}
# Shell escapes and IPython's shell aliases (%rm, %cp, ... run the program of that name).
_SHELL_LINE = {"system", "sx", "sc", "sh", "bash", "alias", "cat", "cp", "mv", "rm", "mkdir", "rmdir", "less",
               "more", "man", "ls", "ldir", "lf", "lk", "lx", "clear", "rep"}
_INSTALL_LINE = {"pip", "conda", "mamba", "micromamba", "uv"}
# Line magics that run the statement given after their options (a bare %debug is a post-mortem).
_STATEMENT_LINE = {"time", "timeit", "prun", "debug", "memit", "mprun", "lprun"}
# Line magics that only configure or display this kernel. Left out, so reported as unknown: those that
# run or write what the gate does not see (%config execs `cfg.<line>` in the user namespace, IPython
# core/magics/config.py; %store pickles to IPython's database and writes `%store x >file`; %history -f,
# %logstart, %logon and %notebook write files; %rerun and %recall replay the shared history database;
# %tensorboard and %qtconsole start programs; %connect_info shows the kernel's key; %alias_magic and
# %bookmark define names that outlive the cell; %page, %pfile and %psource show files).
_INERT_LINE = {"matplotlib", "autoreload", "aimport", "env", "set_env", "cd", "pwd", "ls", "who", "whos",
               "who_ls", "reset", "precision", "pprint", "xmode", "colors", "pinfo", "pinfo2", "psearch",
               "pdef", "pdoc", "lsmagic", "magic", "quickref", "tb", "dhist", "dirs", "killbgscripts",
               "doctest_mode", "gui", "load_ext", "reload_ext", "unload_ext", "time", "timeit", "prun", "debug",
               "pdb", "memit", "mprun", "lprun", "flake8_on", "nb_black", "black", "watermark", "ipytest",
               "reset_selective", "logstop", "logoff", "popd", "pushd", "capture"}
# IPython expands `{expression}` and `$name` in a magic's arguments before the magic runs
# (InteractiveShell.var_expand, which evaluates the expression; only magics marked no_var_expand, as the
# statement magics are, skip it): a line with either runs Python the gate does not parse.
_EXPANSION = re.compile(r"[{$]")
# `%env NAME=VALUE` / `%set_env NAME VALUE` set one variable (the notebook detector judges it as
# os.environ[NAME] = VALUE); `%env` and `%env NAME` show the environment.
_ENV_ASSIGNMENT = re.compile(r"^[A-Za-z_]\w*\s*[= ]\s*.*$")
# The target is names joined by commas, so that no two parts of the pattern can
# both take the same blanks: a line of spaces must not backtrack quadratically.
# `x = %magic args` runs the magic as a bare `%magic args` does (IPython's MagicAssign transformer).
ASSIGNED = (r"(?:(?P<target>[A-Za-z_][\w.]*(?:[ \t]*,[ \t]*[A-Za-z_][\w.]*)*(?:[ \t]*,)?)[ \t]*=[ \t]*)?")
_LINE_MAGIC = re.compile(r"^(?P<indent>[ \t]*)" + ASSIGNED +
                         r"(?P<bang>!!?)?(?:(?P<pct>%)(?P<name>[A-Za-z_]\w*))?(?P<rest>.*)$")
_HELP = re.compile(r"^[ \t]*[?]{0,2}[A-Za-z_][\w.]*(?:\(\))?[?]{1,2}[ \t]*$|^[ \t]*[?]{1,2}[A-Za-z_][\w.]*[ \t]*$")
_TIME_STMT = re.compile(r"^(?:\s*-[a-zA-Z]+(?:\s+\d+)?)*\s*(.*)$")
_MODULE = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$")
# Names IPython's kernel rebinds in the user namespace behind the code (IPython core/displayhook.py
# update_user_ns, core/history.py): a cell's displayed result goes to `_N`, `_oh[N]`/`Out[N]` and `_`,
# `__`, `___`; cell inputs to `_iN`, `_i`, `_ii`, `_iii`, `_ih`/`In`; `_dh` the folders, `_exit_code` the
# last shell status. What the code reads under such a name is the kernel's value, not what the code bound.
_KERNEL_NAME = re.compile(r"^(?:_{1,3}|_\d+|_i{1,3}|_i\d+|_oh|_ih|_dh|Out|In|_exit_code)$")


@dataclass
class Line:
    """A line of a notebook cell."""

    cell: int  # 1-based position of the cell in the notebook
    line: int  # 1-based line inside the cell
    text: str


@dataclass
class Cell:
    """A notebook code cell as Python."""

    index: int
    source: str  # Python with IPython syntax neutralised ("" when not Python)


@dataclass
class Notebook:
    """A notebook's Python cells and its shell, run and install lines."""

    cells: list[Cell] = field(default_factory=list)
    shell: list[Line] = field(default_factory=list)  # shell command text, one entry per line
    runs: list[Line] = field(default_factory=list)  # %run / %load / %%writefile targets
    installs: list[Line] = field(default_factory=list)  # %pip / %conda lines
    unknown: list[Line] = field(default_factory=list)  # cell magics the gate does not know
    writes: list[tuple[Line, str]] = field(default_factory=list)  # (%%writefile line, body)
    written: dict[int, list[str]] = field(default_factory=dict)  # code cells' lines as written, by position
    error: str | None = None
    too_deep: bool = False  # the JSON nests past what Python's reader (and so Jupyter's) can read
    # What makes the reading uncertain though it parsed: a key given twice (Python's json keeps the
    # last, another reader the first) or a cell type that is not nbformat's (another reader may run it).
    doubts: list[str] = field(default_factory=list)


def _source(cell: object) -> str:
    if not isinstance(cell, dict):
        raise ValueError("cell is not an object")
    src = cell.get("source", cell.get("input", ""))
    if isinstance(src, list):
        if not all(isinstance(s, str) for s in src):
            raise ValueError("cell source is not text")
        return "".join(src)
    if not isinstance(src, str):
        raise ValueError("cell source is not text")
    return src


def _listed(cells: object) -> list:
    """A `cells` entry's cells. Anything but a list (an object too) stands as one cell that cannot be read: it is
    reported and the other cells are still read (a reader that runs cells in order runs those before this one)."""
    return cells if isinstance(cells, list) else [None]


def _cells(doc: object) -> list:
    """Every cell a reader may run, the gate not choosing for it: `cells`, then each worksheet's. nbformat reads a
    document that says it is version 3 from `worksheets` (whatever `cells` holds) and a v3 code cell's code from
    `input` (whatever `source` holds: nbformat/v4/convert.py upgrade, upgrade_cell); a v4 one from `cells` and
    `source`. A cell holding both texts is read as two, the second after every other cell (positions stay).
    A worksheet or an entry that is not an object stands as a cell in its place (`_source` refuses it)."""
    if not isinstance(doc, dict):
        raise ValueError("not a notebook object")
    if "cells" not in doc and not isinstance(doc.get("worksheets"), list):
        raise ValueError("no cells")
    cells = _listed(doc.get("cells", []))
    if isinstance(doc.get("worksheets"), list):
        cells = [*cells, *(c for ws in doc["worksheets"]
                           for c in (_listed(ws.get("cells", [])) if isinstance(ws, dict) else [None]))]
    return [*cells, *({**c, "source": c["input"]} for c in cells if isinstance(c, dict) and "source" in c
                      and "input" in c and c["source"] != c["input"])]


def _text_sources(cells: list) -> tuple[dict[int, str], list[int]]:
    """Each cell's source by its 1-based position, and the positions of cells whose source is not text."""
    sources, bad = {}, []
    for i, cell in enumerate(cells, 1):
        try:
            sources[i] = _source(cell)
        except ValueError:
            bad.append(i)
    return sources, bad


def cell_sources(data: bytes) -> dict[int, str]:
    """Each cell's source by its 1-based position, as findings name it (`nb.ipynb[cell N]`)."""
    return _text_sources(_cells(_document(data, [])))[0]


def _document(data: bytes, duplicates: list[str]) -> object:
    """The notebook document: a markdown notebook's cells (its front matter opens it, as no JSON text opens), else
    the JSON, noting keys given twice."""
    if _FRONT_MATTER.match(data):
        return _markdown_document(data.decode("utf-8-sig"))
    return loads_noting_repeats(data, duplicates)


# nbformat's cell types (v4; v3 adds "heading"): "code" runs; once converted to a script, "raw" may too
# (_exported_raw), and markdown's text after a lone carriage return (_past_comment).
_CELL_TYPES = {"code", "markdown", "raw", "heading"}


def read_notebook(data: bytes) -> Notebook:
    """The notebook's code; a cell that cannot be read is `error`, and every other cell is still read."""
    nb = Notebook()
    duplicates: list[str] = []
    try:
        doc = _document(data, duplicates)
        cells = _cells(doc)
    except RecursionError:
        nb.error, nb.too_deep = "not a valid notebook: nested too deeply for Python's JSON reader", True
        return nb
    except (ValueError, UnicodeDecodeError) as err:
        nb.error = f"not a valid notebook: {str(err)[:200]}"
        return nb
    nb.doubts += [f"key {key!r} given twice (Jupyter reads the last, another reader the first)"
                  for key in dict.fromkeys(duplicates)]
    nb.doubts += [f"its {where} says the kernel runs {language[:40]!r}, not Python: the cells are not the Python the"
                  f" gate reads" for where, language in _languages(doc) if language.lower() != "python"]
    sources, bad = _text_sources(cells)
    if bad:
        # ten positions and a count: thousands of bad entries make one short message
        named = ", ".join(map(str, bad[:10])) + (f" and {len(bad) - 10} more" if len(bad) > 10 else "")
        nb.error = f"not a valid notebook: cell {named} is not a cell whose source is text"
    for index, src in sources.items():
        cell = cells[index - 1]
        kind = cell.get("cell_type")
        if kind == "code" or kind == "raw" and _exported_raw(cell):
            nb.written[index] = src.split("\n")
            _code_cell(nb, index, src)
        elif kind in ("markdown", "heading") and (past := _past_comment(src)).strip():
            nb.written[index] = past.split("\n")
            _code_cell(nb, index, past)
        elif not isinstance(kind, str) or kind not in _CELL_TYPES:  # a list or object is no type (nor hashable)
            nb.doubts.append(f"cell {index} has cell type {str(kind)[:40]!r}, not one of nbformat's")
    nb.doubts += [f"cell {cell.index} reads {name!r}, which the kernel rebinds (output and input history)"
                  for cell in nb.cells for name in _kernel_names_read(cell.source)]
    return nb


# The raw cells a notebook's conversion to a script writes as code. Jupyter never runs a raw cell, but a site or a
# launcher that converts the notebook and runs the script does (red team 58b). `jupyter nbconvert --to script`
# copies a raw cell verbatim when its metadata.raw_mimetype (missing reads as "") is one of TemplateExporter's
# raw_mimetypes, [output_mimetype, ""] by default, PythonExporter's output_mimetype being text/x-python
# (share/templates/base/null.j2, block rawcell); `format` is the key nbformat's schema and older converters name.
# jupytext writes a raw cell as code when it is active for .py: metadata.active "py" (parts split at "." and ","),
# or a tag `active-py-...` (jupytext/cell_metadata.py is_active).
_SCRIPT_RAW_TYPES = {"", "text/x-python"}
_ACTIVE_PARTS = re.compile(r"[.,-]")


def _exported_raw(cell: dict) -> bool:
    """Whether a script converted from the notebook holds this raw cell's text as code."""
    meta = cell.get("metadata") if isinstance(cell.get("metadata"), dict) else {}
    kinds = [meta.get("raw_mimetype", ""), *([meta["format"]] if "format" in meta else [])]
    tags = meta.get("tags") if isinstance(meta.get("tags"), list) else []
    active = [meta.get("active", ""), *(t for t in tags if isinstance(t, str) and t.startswith("active-"))]
    return (any(not isinstance(k, str) or k.strip().lower() in _SCRIPT_RAW_TYPES for k in kinds)
            or any(not isinstance(a, str) or "py" in _ACTIVE_PARTS.split(a) for a in active))


def _past_comment(text: str) -> str:
    """What Python reads as code in a markdown cell once nbconvert's script export comments it out: comment_lines
    (nbconvert/filters/strings.py) puts `# ` after each line feed only, and a lone carriage return ends a line of
    Python source too (the tokenizer's universal newlines), so what follows one on its line is code. Each line of
    the cell keeps its number (blank when it has no code; a second carriage return on a line adds a line)."""
    return "\n".join("\n".join(line.split("\r")[1:]) for line in text.split("\n"))


# Markdown notebooks (red team 59b). With jupytext installed, Jupyter opens a `.md` (jupytext's Markdown or MyST),
# `.Rmd` or `.qmd` file as a notebook, and `jupytext --execute` or `--to ipynb` (then papermill, nbconvert) runs its
# code blocks; jupytext's own headers name `jupyter:` (md, Rmd), `jupytext:`/`kernelspec:` (MyST), Quarto's
# `jupyter:`. collect.classify gives the kind "notebook" to such a file whose front matter names one of them within
# its first bytes, or does not close within them (padding must not hide the key).
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".rmd", ".qmd", ".myst", ".mystnb", ".mnb"})
_FRONT_MATTER = re.compile(rb"(?:\xef\xbb\xbf)?[ \t\r\n]*---[ \t]*\r?\n")
_FRONT_END = re.compile(rb"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)
_JUPYTER_KEY = re.compile(rb"^[ \t]*[\"']?(?:jupyter|jupytext|kernelspec)[\"']?[ \t]*:", re.MULTILINE)


def markdown_notebook(suffix: str, head: bytes) -> bool:
    """Whether a file of this suffix whose first bytes are `head` is a markdown notebook (collect.classify)."""
    opening = _FRONT_MATTER.match(head) if suffix.lower() in MARKDOWN_SUFFIXES else None
    if opening is None:
        return False
    end = _FRONT_END.search(head, opening.end())
    return end is None or _JUPYTER_KEY.search(head, opening.end(), end.start()) is not None


# jupytext's scripts (red team 60). With jupytext installed, Jupyter opens a `.py` as a notebook (percent format
# when it has `# %%` cell markers, light otherwise), and `jupytext --execute`/`--to ipynb` runs it; jupytext then
# uncomments each comment line that reads as an escaped magic (magics.py is_magic and unesc, for Python: _MAGIC_RE,
# _PYTHON_HELP_OR_BASH_CMD, _PYTHON_MAGIC_ASSIGN, _PYTHON_MAGIC_CMD) and every line of a cell whose marker names
# another language (`# %% language="bash"`, `# + language="bash"`), which Python reads as comments: `# !curl ... | sh`,
# `# %run prep.txt`, `# x = !cmd`. A script that says it is one (jupytext's header keys, a percent or light cell
# marker) is also read as that notebook (detectors/notebooks.py); any other .py is Python only, as prose comments
# such as `# ! needed each time` in honest examples are no magics there. The reading is wider than jupytext's: an
# escaped magic inside a string or an indented block, or in a light-format comment block jupytext takes as
# markdown, is uncommented too (only a percent or light `[markdown]` cell is prose).
_SCRIPT_MARK = re.compile(rb"^[ \t]*#[ \t]*(?:%%(?![A-Za-z])|\+[ \t]*(?:\r?$|[{\[]|\w+=)|(?:jupyter|jupytext)[ \t]*:)",
                          re.MULTILINE)
_CELL_MARK = re.compile(r"^[ \t]*#[ \t]*(?:%%%*(?![A-Za-z])|\+(?=[ \t]*(?:$|[{\[]|\w+=))|-[ \t]*$)(?P<meta>.*)$")
_CELL_LANGUAGE = re.compile(r"\blanguage[ \t]*=[ \t]*[\"']?([\w+#-]+)")
_PROSE_CELL = re.compile(r"\[[ \t]*(?:markdown|md)[ \t]*\]")
_RAW_CELL = re.compile(r"\[[ \t]*raw[ \t]*\]")  # written as code by nbconvert's script export (_exported_raw)
_ESCAPED_MAGIC = re.compile(r"^[ \t]*#(?:# ?| )*+(?:%{1,3}[A-Za-z]|[ \t]*[?!][ \t]*[A-Za-z.~$\\/{}]"
                            r"|[ \t]*[A-Za-z_][\w$]*[ \t]*=[ \t]*(?:%{1,3}|!)[A-Za-z]"
                            r"|(?:cat|cd|cp|mv|rm|rmdir|mkdir|copy|ddir|echo|ls|ldir|ren)(?:$|[ \t]$|[ \t][^=,]))")


def jupytext_script(data: bytes) -> bool:
    """Whether a Python file marks itself as a jupytext notebook (its header or a cell marker)."""
    return _SCRIPT_MARK.search(data) is not None


def _unescaped(line: str) -> str:
    """The line with one comment mark taken off, as jupytext's unesc does (`# ` or `#`, indentation kept)."""
    body = line.lstrip()
    indent = line[:len(line) - len(body)]
    return indent + (body[2:] if body.startswith("# ") else body[1:] if body.startswith("#") else body)


def script_notebook(data: bytes) -> Notebook:
    """The notebook jupytext reads a marked script as: cells split at the markers (a marker is the first line of
    its cell, so lines keep their order), escaped magics uncommented, a language cell as its `%%language` cell and
    a raw cell's lines as code."""
    cells: list[list[str]] = [[]]
    language, prose, raw = None, False, False
    for line in data.decode("utf-8-sig", errors="replace").splitlines():
        mark = _CELL_MARK.match(line)
        if mark:
            named = _CELL_LANGUAGE.search(mark.group("meta"))
            language, prose = named and named.group(1), _PROSE_CELL.search(mark.group("meta")) is not None
            raw = _RAW_CELL.search(mark.group("meta")) is not None
            cells.append([f"%%{language}" if language else line])
        elif (language or raw) and line.lstrip().startswith("#"):
            cells[-1].append(_unescaped(line))
        else:
            cells[-1].append(_unescaped(line) if not prose and _ESCAPED_MAGIC.match(line) else line)
    nb = Notebook()
    for index, lines in enumerate(cells, 1):
        if lines:
            nb.written[index] = lines
            _code_cell(nb, index, "\n".join(lines))
    return nb


# A fenced block's opening line: CommonMark's fence (three or more backticks or tildes), found anywhere, whatever
# precedes it (indentation, a blockquote's `>`, a list's marker): jupytext's md reader takes a fence at the line's
# start wherever it stands (an HTML block or another fence around it does not stop it), MyST's parser takes nested
# fences too, so the gate reads every such line as one.
_FENCE = re.compile(r"^(?P<lead>[ \t>*+\-\d.)]*?)(?P<fence>`{3,}+|~{3,}+)[ \t]*(?P<info>[^`]*)$")
_FENCE_WORD = re.compile(r"\{?[ \t]*([^\s{},=]*)")
# Fenced blocks that are cells (jupytext languages.py _JUPYTER_LANGUAGES and _SCRIPT_EXTENSIONS): Python's run as
# written; another language's run as the cell magic `%%language` jupytext writes for it (set_main_and_cell_language),
# which the cell reading judges (a shell's lines as shell, another as an unknown magic). MyST's `{code-cell}` is
# the kernel's language; `{raw-cell}` is a raw cell (read as nbconvert's script export reads one).
_PYTHON_FENCE = {"python", "python3", "ipython", "ipython3", "py", "code-cell"}
_MAGIC_FENCE = {"r", "bash", "sh", "python2", "coconut", "javascript", "js", "perl", "html", "latex", "markdown",
                "pypy", "ruby", "script", "svg", "matlab", "octave", "idl", "robotframework", "sas", "spark", "sql",
                "cython", "haskell", "tcl", "gnuplot", "wolfram", "julia", "c++", "scheme", "clojure", "powershell",
                "q", "typescript", "scala", "rust", "csharp", "fsharp", "sos", "java", "groovy", "sage", "ocaml",
                "maxima", "stata", "xonsh", "lua", "go", "c#", "f#", "cs", "fs"}
# jupytext's raw region in its Markdown format (cell_reader.py MarkdownCellReader start_region_re): a raw cell, which
# nbconvert's script export writes as code (_exported_raw; its options, written in the opening comment, are not read,
# so the cell counts as exported whatever they say). A `#region` or `#md` region is markdown: its fences are still read.
_RAW_REGION = re.compile(r"^[ \t]*<!--[ \t]*#raw\b.*-->[ \t]*$")
_RAW_END = re.compile(r"^[ \t]*<!--[ \t]*#endraw[ \t]*-->[ \t]*$")
# MyST's cell options at a code cell's top: a YAML block between `---` lines, or `:key: value` lines.
_OPTION_LINE = re.compile(r"^[ \t]*:[\w-]+:")


def _markdown_document(text: str) -> dict:
    """A markdown notebook as nbformat's document: the front matter's `jupyter` entry (or itself) as metadata, each
    fenced block that is a cell as a code or raw cell at its position, the text between as markdown cells."""
    import yaml  # here: collect.py imports this module, and a scan answered from the cache never parses YAML

    lines = re.split(r"\r\n|\r|\n", text.lstrip("\ufeff"))
    start = next(i for i, line in enumerate(lines) if line.strip())
    end = next((i for i in range(start + 1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    meta, first = {}, 0
    if end is not None:
        try:
            meta = yaml.safe_load("\n".join(lines[start + 1:end])) or {}
        except yaml.YAMLError as err:
            raise ValueError(f"the front matter is not YAML: {str(err)[:100]}") from None
        meta = meta.get("jupyter", meta) if isinstance(meta, dict) else {}
        first = end + 1
    cells, text_lines, i = [], [], first
    while i < len(lines):
        if _RAW_REGION.match(lines[i]):
            j = next((k for k in range(i + 1, len(lines)) if _RAW_END.match(lines[k])), len(lines))
            if text_lines:
                cells.append({"cell_type": "markdown", "metadata": {}, "source": "\n".join(text_lines)})
                text_lines = []
            cells.append({"cell_type": "raw", "metadata": {}, "source": "\n".join(["", *lines[i + 1:j]])})
            i = j + 1
            continue
        m = _FENCE.match(lines[i])
        if m is None:
            text_lines.append(lines[i])
            i += 1
            continue
        word = _FENCE_WORD.match(m["info"]).group(1).lower()
        if word not in _PYTHON_FENCE | _MAGIC_FENCE | {"raw-cell"}:
            text_lines.append(lines[i])  # its lines are still read: jupytext may end it at another fence's line
            i += 1
            continue
        close = re.compile(r"^[ \t>*+\-\d.)]*?" + re.escape(m["fence"][0]) + "{%d,}[ \t]*$" % len(m["fence"]))
        j = next((k for k in range(i + 1, len(lines)) if close.match(lines[k])), len(lines))
        body = [_unquoted(line, m["lead"]) for line in lines[i + 1:j]]
        if text_lines:
            cells.append({"cell_type": "markdown", "metadata": {}, "source": "\n".join(text_lines)})
            text_lines = []
        if word in _MAGIC_FENCE:
            body = [f"%%{word}", *body]
        elif word == "code-cell":
            body = _without_options(body)
        cells.append({"cell_type": "raw" if word == "raw-cell" else "code", "metadata": {}, "source": "\n".join(body)})
        i = j + 1
    if text_lines:
        cells.append({"cell_type": "markdown", "metadata": {}, "source": "\n".join(text_lines)})
    return {"metadata": meta, "cells": cells}


def _unquoted(line: str, lead: str) -> str:
    """A fenced block's line without what precedes its fence (a blockquote's `>`, indentation), as far as it has it."""
    n = 0
    while n < len(lead) and n < len(line) and (line[n] == lead[n] or line[n] in " \t>"):
        n += 1
    return line[n:]


def _without_options(body: list[str]) -> list[str]:
    """A MyST code cell's lines, its options blanked (line numbers stay)."""
    if body and body[0].strip() == "---":
        end = next((k for k in range(1, len(body)) if body[k].strip() == "---"), None)
        if end is not None:
            return [""] * (end + 1) + body[end + 1:]
    n = 0
    while n < len(body) and _OPTION_LINE.match(body[n]):
        n += 1
    return [""] * n + body[n:]


def _languages(doc: dict) -> list[tuple[str, str]]:
    """The kernel's language as the notebook's metadata declares it. papermill and nbconvert start the kernel the
    notebook names (kernelspec.name, which the gate cannot judge: still open), and a Bash or R kernel runs cells
    that also parse as Python (`a = "$(curl ... | sh)"`) as its own language (red team 45b)."""
    meta = doc.get("metadata")
    meta = meta if isinstance(meta, dict) else {}
    found = []
    for key, entry in (("kernelspec", "language"), ("language_info", "name")):
        value = meta.get(key).get(entry) if isinstance(meta.get(key), dict) else None
        if value is not None:
            found.append((f"{key}.{entry}", str(value)))
    return found


def _kernel_names_read(source: str) -> list[str]:
    """IPython's history names a cell reads from the notebook's namespace (a function's own local of
    that name is its own); a cell that does not parse is reported by the Python analysis."""
    import symtable  # here: most jobs hold no notebook

    try:
        top = symtable.symtable(source, "<cell>", "exec")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    found, tables = [], [top]
    while tables:
        table = tables.pop()
        for sym in table.get_symbols():
            reads_global = table is top or sym.is_global()
            if reads_global and sym.is_referenced() and _KERNEL_NAME.match(sym.get_name()):
                found.append(sym.get_name())
        tables.extend(table.get_children())
    return sorted(set(found))


def _code_cell(nb: Notebook, index: int, src: str) -> None:
    lines = src.split("\n")
    first = lines[0].strip() if lines else ""
    if first.startswith("%%"):
        head = first[2:].split(None, 1)
        name = head[0] if head else ""
        args = head[1] if len(head) > 1 else ""
        body = lines[1:]
        if name in _SHELL_CELL | _SCRIPT_PYTHON:
            if _stdin_python(name, args):
                nb.cells.append(Cell(index, "\n".join(["pass", *body])))
                return
            nb.shell.append(Line(index, 1, first))
            for n, text in enumerate(body, 2):
                if text.strip() and not text.strip().startswith("#"):
                    nb.shell.append(Line(index, n, text))
            return
        if name not in _STATEMENT_CELL and _EXPANSION.search(args):
            nb.unknown.append(Line(index, 1, first))
            return
        if name in _INERT_CELL:
            return
        if name in ("writefile", "file"):
            words = split_args(args)
            target = words[-1] if words else ""
            nb.writes.append((Line(index, 1, target), "\n".join(body)))
            # The write itself is the Python it amounts to (IPython core/magics/osm.py writefile: open(target,
            # "a" with -a, else "w").write(cell)), on the first line so line numbers stay: its destination is
            # judged by the file rules like any other write (a shell rc file, a folder outside the job).
            mode = "a" if any(w in ("-a", "--append") for w in words[:-1]) else "w"
            write = f"open({target!r}, {mode!r}).write({chr(10).join(body)!r})"
            nb.cells.append(Cell(index, "\n".join([write, *([""] * len(body))])))
            return
        if name in _PY_CELL:
            rest = _TIME_STMT.match(args).group(1) if name in _STATEMENT_CELL else ""
            lines = [rest or "pass", *body]
        else:
            nb.unknown.append(Line(index, 1, first))
            return
    out = []
    for n, text in enumerate(lines, 1):
        out.append(_line(nb, index, n, text))
    nb.cells.append(Cell(index, "\n".join(out)))


def _stdin_python(name: str, args: str) -> bool:
    """Whether the cell magic `%%name args` runs its body as the script of a Python on stdin, and nothing else."""
    words = split_args(args)
    if name == "script":
        name, words = (words[0], words[1:]) if words else ("", [])
        if name == "env" and words:  # `%%script env python3`: the Python PATH finds, as a bare name is
            name, words = words[0], words[1:]
    return bool(_PYTHON_PROGRAM.match(name)) and words in ([], ["-"])


def _line(nb: Notebook, index: int, n: int, text: str) -> str:
    stripped = text.strip()
    if not stripped or stripped.startswith("#"):
        return text
    if _HELP.match(text):
        return _indent(text) + "pass"
    if "!" not in stripped and "%" not in stripped:
        return text
    m = _LINE_MAGIC.match(text)
    if m is None:
        return text
    indent, rest = m.group("indent"), m.group("rest")
    if m.group("bang") and not m.group("pct"):
        if rest.startswith("="):  # `x != y` is not a shell escape; `!=` at line start is a syntax error anyway
            return text
        nb.shell.append(Line(index, n, rest.strip()))
        return indent + "pass"
    if not m.group("pct") or m.group("bang"):
        return text
    name = m.group("name")
    args = rest.strip()
    if m.group("target") is None and not text.lstrip().startswith("%"):
        return text  # `a % b` and friends: ordinary Python
    if name not in _STATEMENT_LINE | _SHELL_LINE | _INSTALL_LINE and _EXPANSION.search(args):
        nb.unknown.append(Line(index, n, text.strip()))
    elif name in _SHELL_LINE:
        nb.shell.append(Line(index, n, args))
    elif name in _INSTALL_LINE:
        nb.installs.append(Line(index, n, f"{name} {args}"))
    elif name == "run":
        parts = args.split()
        if len(parts) >= 2 and parts[0] == "-m" and _MODULE.match(parts[1]):
            return f"{indent}import {parts[1]}"
        target = next((p for p in parts if not p.startswith("-")), "")
        nb.runs.append(Line(index, n, target))
    elif name == "load":
        target = next((p for p in args.split() if not p.startswith("-")), "")
        nb.runs.append(Line(index, n, target))
    elif name in ("load_ext", "reload_ext", "aimport"):
        mods = [p.lstrip("-+") for p in args.replace(",", " ").split()]
        mods = [p for p in mods if _MODULE.match(p)]
        if mods:
            return indent + "; ".join(f"import {p}" for p in mods)
    elif name == "matplotlib" and any(not p.startswith("-") for p in split_args(args)):
        # IPython hands the backend to matplotlib (pylabtools.find_gui_and_backend, then plt.switch_backend):
        # `module://name` imports any module the site has, as matplotlib.use("module://name") does, which the
        # catalogue judges (red team 36a: the magic's argument had been dropped)
        backend = next(p for p in split_args(args) if not p.startswith("-"))
        return f"{indent}import matplotlib; matplotlib.use({backend!r})"
    elif name in _STATEMENT_LINE and args:
        # The statement after the options runs: an option with a non-numeric value
        # (`%debug -b f.py:3 stmt`) leaves it unparsable, which is unanalyzable, not inert.
        stmt = _TIME_STMT.match(args).group(1)
        if stmt:
            return indent + stmt
    elif name not in _INERT_LINE or (name in ("env", "set_env") and not _ENV_ASSIGNMENT.match(args)):
        nb.unknown.append(Line(index, n, text.strip()))
    return indent + "pass"


def split_args(args: str) -> list[str]:
    """A magic's arguments as a shell would split them (or on blanks when they do not parse)."""
    try:
        return shlex.split(args)
    except ValueError:
        return args.split()


def _indent(text: str) -> str:
    return text[: len(text) - len(text.lstrip())]
