"""The files of a folder the site never runs: a Flower app's modules its ClientApp does not reach, and the launchers
that build an NVFlare job (engine/site_scope.py says what a mark changes).

- Flower: a SuperNode imports only the module `[tool.flwr.app.components] clientapp` names, with the app's folder
  first on sys.path (flwr/clientapp/utils.py get_load_client_app_fn, flwr/common/object_ref.py load_app); the
  ServerApp runs on the SuperLink, and `flwr install` copies the bundle without building or installing it
  (flwr/cli/install.py validate_and_install). For a pyproject.toml at the folder's top naming a shipped ClientApp,
  every `.py` file and notebook the ClientApp does not reach is marked.
- NVFlare: a launcher (a file importing the job-building API: nvflare.recipe, nvflare.job_config, a `recipes`
  module, or a Recipe, Job, SimEnv/PocEnv/ProdEnv or ScriptRunner from another nvflare module, and naming in a
  string a script of the folder other than itself) builds and exports or simulates a job on the submitter's
  machine; the exported job carries the scripts it names and their imports, not the launcher
  (nvflare/job_config/fed_job_config.py `_copy_ext_scripts`), and those APIs are in no catalogue
  (rules/catalogue/nvflare.yaml). Every other file is taken to run; a launcher runs too when any of them reaches it.
Only a folder read whole and holding no NVFlare job, app or config is marked (NVFlare runs the components its
configs name, whatever else the folder holds). What runs is over-approximated from text, never from a parse the job
could confuse: a module runs when a name a running file's code spells (tokens read under its coding cookie,
NFKC-normalised as Python reads identifiers) is its name, with its packages' `__init__.py`; a top-level module
named like one the site can import may be what a library's own import finds; a running file the gate cannot read
that way, or any error, leaves every file running. A name built at run time (importlib, `__import__`) is itself
unvouched in the running file.
"""

from __future__ import annotations

import io
import re
import tokenize
import unicodedata
import weakref
from typing import Iterator

from ..collect import Content
from .shadowing import library_modules
from . import FileContext, Hit, file_detector
from .flower_app import components, shipped
from .shadowing import GENERIC

# an import of NVFlare's job-building API: its modules, or the recipes, jobs and environments another module re-exports
_LAUNCHER = re.compile(r"^[ \t]*(?:from|import)[ \t]+nvflare\.(?:recipe|job_config|[\w.]*\brecipes)\b", re.MULTILINE)
_IMPORTED = re.compile(r"^[ \t]*from[ \t]+nvflare[\w.]*[ \t]+import[ \t]+(\([^)]*\)|[^\n]*)", re.MULTILINE)
_BUILDER = re.compile(r"\b(?:\w*Recipe|\w*Job|SimEnv|PocEnv|ProdEnv|ScriptRunner)\b")


def _text(data: bytes) -> str | None:
    """A module's text as Python reads it (its coding cookie, and a lone `\\r` or `\\r\\n` ending a line as CPython's
    tokenizer does: `# note\\rfrom pkg import warmup` imports warmup, where tokenize on the raw text read one
    comment); None when Python would not read it."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return io.StringIO(data.decode(encoding), newline=None).getvalue()
    except (SyntaxError, LookupError, UnicodeDecodeError):
        return None


def _tokens(data: bytes) -> list[tokenize.TokenInfo] | None:
    """A module's tokens as Python's tokenizer reads them (its coding cookie); None when it would not read them."""
    text = _text(data)
    if text is None:
        return None
    try:
        return list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (SyntaxError, tokenize.TokenError):
        return None


def _names(tokens: list[tokenize.TokenInfo]) -> set[str]:
    """The names a module's code spells (comments and strings are not code; a string a call imports is a name
    built at run time, unvouched where it runs), NFKC-normalised as Python reads identifiers."""
    return {unicodedata.normalize("NFKC", t.string) for t in tokens if t.type == tokenize.NAME}


# A word of a string (no space, quote or slash) ending in `.py`: the word up to its last `.py` not followed by a
# letter or digit, as `[^\s'"/\\]+\.py\b` finds it; that pattern tried every character of a word as a start
# (a string of 40,000 letters took a minute, session 48).
_WORD = re.compile(r"[^\s'\"/\\]+")
_PY_END = re.compile(r"\.py\b")


def _scripts(tokens: list[tokenize.TokenInfo]) -> set[str]:
    """The file names ending in `.py` a module's string literals spell (`train_script="src/client.py"`: client.py)."""
    return {found for t in tokens if t.type == tokenize.STRING for found in _script_words(t.string)}


def _script_words(text: str) -> Iterator[str]:
    for word in _WORD.findall(text):
        ends = [m.end() for m in _PY_END.finditer(word, 1)]
        if ends:
            yield word[:ends[-1]]


def _name(path: str) -> str:
    """The last part of the dotted name a module is imported under (`pkg/m.py`: m, `pkg/__init__.py`: pkg)."""
    folder, _, file = path.rpartition("/")
    return folder.rpartition("/")[2] if file == "__init__.py" else file.removesuffix(".py")


def _dotted(path: str) -> str:
    """The dotted name a module is imported under from the folder's top (`pkg/m.py`: pkg.m)."""
    return path.removesuffix(".py").removesuffix("/__init__").replace("/", ".")


def _spelled(tokens: list[tokenize.TokenInfo], deepest: int) -> set[str]:
    """The dotted names a module's string literals are, and each of their leading parts up to `deepest` (the
    folder's deepest module: a deeper part names none of them; every part of a 200 KB literal of 100,000 held
    10 GB, session 50): a library imports a
    module a string names (`savefig(backend="module://pkg.viz")`, pandas' `backend="pkg.viz"`, a forkserver's
    preload list, `"pkg.mod:attr"`) whether or not the catalogue vouches for the call (red team 49c). A whole
    literal, not the words of a sentence: no library imports a module named by a word of a message, and a
    launcher (`job.py`) was counted as run wherever a message said "job"."""
    return {".".join(parts[:i]) for t in tokens if t.type == tokenize.STRING
            for m in [_MODULE_STRING.fullmatch(t.string)] if m is not None
            for parts in [m.group(2).split(".")] for i in range(1, min(len(parts), deepest) + 1)}


# A string literal that is a module's dotted name, after a scheme (`module://`) and before an attribute (`:app`).
_MODULE_STRING = re.compile(r"""[rRuUbBfF]{0,2}('{1,3}|"{1,3})\s*(?:[A-Za-z][\w+.-]*://)?"""
                            r"""([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)(?::[\w.]*)?\s*\1""")


def _package_inits(path: str, paths: set[str]) -> set[str]:
    """The `__init__.py` files Python runs before the module at `path`: its packages', from the top."""
    parts = path.split("/")[:-1]
    return {"/".join(parts[:i]) + "/__init__.py" for i in range(1, len(parts) + 1)} & paths


def _top(path: str) -> bool:
    """A module at the folder's top (`m.py`, `pkg/__init__.py`): importable under a plain name."""
    return path.count("/") == 0 or (path.count("/") == 1 and path.endswith("/__init__.py"))


def _starred(tokens: list[tokenize.TokenInfo], path: str, modules: set[str]) -> set[str]:
    """The modules of the packages a module star-imports (`from . import *`, `from pkg import *`): the package's
    `__all__` may name any of its submodules, in strings or built at run time, and the import runs each (session 48)."""
    words = [t.string for t in tokens if t.type in (tokenize.NAME, tokenize.OP)]
    folders = set()
    for i, word in enumerate(words[:-2]):
        if word != "from":
            continue
        j = i + 1
        while j < len(words) and (words[j] in (".", "...") or words[j].isidentifier() and words[j] != "import"):
            j += 1
        if words[j:j + 2] != ["import", "*"]:
            continue
        spelled = "".join(words[i + 1:j])
        dots = len(spelled) - len(spelled.lstrip("."))
        parts = path.split("/")[:-1]
        rest = [w for w in spelled.lstrip(".").split(".") if w]
        if dots:
            folders.add("/".join((parts[:len(parts) - dots + 1] if dots <= len(parts) + 1 else []) + rest))
        else:  # any folder whose path ends with the dotted name (a launcher may put any folder on sys.path)
            folders |= {p[:-len("/__init__.py")] for p in modules if p.endswith("/__init__.py")
                        and ("/" + p[:-len("/__init__.py")]).endswith("/" + "/".join(rest))}
    return {p for p in modules for f in folders
            if p.rpartition("/")[0] == f or (p.endswith("/__init__.py") and p.rsplit("/", 2)[0] == f)}


def _reached(content: Content, run: set[str], modules: set[str], on_path: bool, root: str = "") -> set[str] | None:
    """`run` and every module of `modules` it reaches; None when a running file cannot be read as Python reads it.
    `on_path`: the folder is first on sys.path where it runs (a Flower app), so every module at its top is what an
    import of its name finds, a library's own included: pandas imports numexpr and bottleneck when it is imported,
    read_excel openpyxl, torch sympy, whether or not the site (or the gate) has them installed (session 48).
    `root`: the folder (under the unit's top) that is the app's and first on sys.path; module names are from it."""
    def rel(p: str) -> str:
        return p.removeprefix(root)

    # a top-level module named like one the site can import may be what a library's own import finds
    run = run | {p for p in modules if rel(p).split("/")[0].removesuffix(".py") in library_modules() | GENERIC
                 or (on_path and _top(rel(p)))}
    run |= {i for p in run for i in _package_inits(p, modules)}
    todo = sorted(run)
    deepest = max((_dotted(rel(p)).count(".") + 1 for p in modules), default=0)
    while todo:
        path = todo.pop()
        data = content.data.get(path)
        tokens = _tokens(data) if data is not None else None
        if tokens is None:
            return None
        names, spelled = _names(tokens), _spelled(tokens, deepest)
        found = {p for p in modules - run if _name(p) in names or _dotted(rel(p)) in spelled}
        found |= _starred(tokens, path, modules) - run
        found |= {i for p in found for i in _package_inits(p, modules)} - run
        todo += sorted(found)
        run |= found
    return run


def _flower_client(content: Content, sources: set[str]) -> tuple[str, str, str] | None:
    """(the app's folder, "" or "NAME/", the ClientApp's module, its reference) of a Flower app whose pyproject.toml
    is at the folder's top, or in the one folder directly under it that holds every Python file and notebook of the
    unit (Flower's flower-simulation-step-by-step-pytorch: README.md beside my-awesome-app/): `flwr run` is given
    that folder and puts it first on sys.path as it would the top."""
    paths = {e.path for e in content.files}
    root = ""
    if "pyproject.toml" not in paths:
        tops = {p.split("/", 1)[0] for p in sources}
        if len(tops) != 1 or any("/" not in p for p in sources):
            return None
        root = tops.pop() + "/"
    data = content.data.get(root + "pyproject.toml")
    reference = components(data.decode("utf-8", "replace")).get("clientapp") if data is not None else None
    module = reference.partition(":")[0] if isinstance(reference, str) else ""
    return (root, module, reference) if shipped(module, root, paths) else None


def _launcher(path: str, data: bytes, modules: set[str]) -> bool:
    """A file that imports the job-building API and names, in a string, a script of the folder other than itself
    (a launcher builds its job from a script; one naming itself, or nothing, may be the script the site runs)."""
    text = _text(data)
    if text is None or not (_LAUNCHER.search(text) or any(_BUILDER.search(m) for m in _IMPORTED.findall(text))):
        return False
    tokens = _tokens(data)
    if tokens is None:
        return False
    named, own = _scripts(tokens), path.rpartition("/")[2]
    return own not in named and any(p.rpartition("/")[2] in named for p in modules - {path})


def never_run(content: Content) -> tuple[frozenset[str], str, dict]:
    """(the files of the unit the site never runs, the rule that marks them, its details): empty for a unit not read
    whole as a folder, one holding an NVFlare job, app or config, or a running file Python would not read. Also
    handed to the Python analysis (Program.never_run): what such a file does happens on another machine. The answer
    for the last unit asked is kept while its Content lives (a weak reference: no unit's bytes held past its scan), so
    api._analysed's asking and the not-run detector's walk the unit once (a Flower app: 3 to 12 ms each)."""
    ref, kept = _last
    if ref is not None and ref() is content:
        return kept
    try:
        found = _never_run(content)
    except Exception:  # noqa: BLE001 - nothing marked: every file is judged as one the site runs
        found = frozenset(), "", {}
    _last[:] = [weakref.ref(content), found]
    return found


_last: list = [None, None]  # [weakref to the Content last asked, its never_run]


def _never_run(content: Content) -> tuple[frozenset[str], str, dict]:
    names = [e.path.rpartition("/")[2] for e in content.files]
    if content.unit_kind != "folder" or not content.complete or any(
            n.startswith(("config_fed_", "meta.")) for n in names):
        return frozenset(), "", {}
    sources = {e.path for e in content.files if e.path.endswith((".py", ".ipynb"))}
    modules = {p for p in sources if p.endswith(".py")}
    client = _flower_client(content, sources)
    root = client[0] if client is not None else ""
    if client is not None:
        _, module, reference = client
        base = root + module.replace(".", "/")
        marked, seeds = sources, {p for p in (base + ".py", base + "/__init__.py") if p in modules}
        rule, details = "unvouched.not-run-at-site", {"name": reference}
    else:
        marked = {p for p in modules if _launcher(p, content.data.get(p, b""), modules)}
        seeds, rule, details = modules - marked, "unvouched.launcher-not-run", {}
    run = _reached(content, seeds, modules, client is not None, root) if marked else None
    return (frozenset(marked - run) if run is not None else frozenset()), rule, details


@file_detector("not-run")
def not_run(ctx: FileContext) -> Iterator[Hit]:
    marked, rule, details = never_run(ctx.content)
    for path in sorted(marked):
        yield Hit(rule, path, details=details)
