"""A Flower app's components: the modules its pyproject.toml names for the SuperNode and SuperLink to load.

Flower loads `[tool.flwr.app.components]` (`clientapp = "fedapp.client_app:app"`) by importing the module
the reference names from the app's folder, then reading the attribute (flwr/common/object_ref.py load_app:
importlib.import_module, getattr). A module the job ships is analysed as any module of the job; any other is
code of the site's environment run at import (`antigravity` starts a web browser), which the gate has not
read: a reviewer decides (red team 40b).

Only that module runs at the site: the SuperNode's ClientApp process imports the `clientapp` reference with the
app's folder first on sys.path (flwr/clientapp/utils.py get_load_client_app_fn), the ServerApp runs on the
SuperLink, and `flwr install` copies the bundle without building or installing it (flwr/cli/install.py
validate_and_install). For an app whose pyproject.toml sits at the top of a folder holding no NVFlare job, every `.py` file and notebook that
nothing run at the site can import is marked (unvouched.not-run-at-site; analyzer/engine/site_scope.py says what that
changes). What runs is over-approximated from text, never from a parse the job could confuse: a module runs when a
word of a running file (NFKC-normalised, as Python reads identifiers) is its name, with its packages'
`__init__.py`; a top-level module named like one the site can import may replace it for a library's own import.
A name only built at run time (importlib, `__import__`) is itself unvouched in the running file.
"""

from __future__ import annotations

import io
import re
import tokenize
import unicodedata
from typing import Iterator

from ..collect import Content
from ..configs import read_toml
from ..program import library_modules
from . import FileContext, Hit, file_detector
from .shadowing import GENERIC


def _components(text: str) -> dict:
    document = read_toml(text)
    if document is None:
        return {}  # build_hooks.py and the config detector report it
    components = document.get("tool", {}).get("flwr", {}).get("app", {}).get("components", {})
    return components if isinstance(components, dict) else {"components": components}


def _shipped(module: str, folder: str, paths: set[str]) -> bool:
    """The job ships the module under the app's folder, as a file or as a package."""
    if not module or not all(part.isidentifier() for part in module.split(".")):
        return False
    base = folder + module.replace(".", "/")
    return base + ".py" in paths or base + "/__init__.py" in paths


def _package_inits(path: str, paths: set[str]) -> set[str]:
    """The `__init__.py` files Python runs before the module at `path`: its packages', from the top."""
    parts = path.split("/")[:-1]
    return {"/".join(parts[:i]) + "/__init__.py" for i in range(1, len(parts) + 1)} & paths


_WORD = re.compile(r"\w+")


def _words(data: bytes) -> set[str] | None:
    """The words of a module as Python reads it (its coding cookie, identifiers NFKC-normalised); None when
    Python would not read it."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        text = data.decode(encoding)
    except (SyntaxError, LookupError, UnicodeDecodeError):
        return None
    return set(_WORD.findall(unicodedata.normalize("NFKC", text)))


def _name(path: str) -> str:
    """The last part of the dotted name a module is imported under (`pkg/m.py`: m, `pkg/__init__.py`: pkg)."""
    folder, _, file = path.rpartition("/")
    return folder.rpartition("/")[2] if file == "__init__.py" else file.removesuffix(".py")


def not_run_at_site(content: Content, module: str) -> list[str]:
    """The app's `.py` files and notebooks that the site never runs when its ClientApp is `module` (shipped at the
    unit's top); none when a running file cannot be read as Python reads it (too large, an unknown coding)."""
    sources = {e.path for e in content.files if e.path.endswith((".py", ".ipynb"))}
    modules = {p for p in sources if p.endswith(".py")}
    base = module.replace(".", "/")
    run = {p for p in (base + ".py", base + "/__init__.py") if p in modules}
    # a top-level module named like one the site can import may be what a library's own import finds
    run |= {p for p in modules if p.split("/")[0].removesuffix(".py") in library_modules() | GENERIC}
    run |= {i for p in run for i in _package_inits(p, modules)}
    todo = sorted(run)
    while todo:
        data = content.data.get(todo.pop())
        words = _words(data) if data is not None else None
        if words is None:
            return []
        found = {p for p in modules - run if _name(p) in words}
        found |= {i for p in found for i in _package_inits(p, modules)} - run
        todo += sorted(found)
        run |= found
    return sorted(sources - run)


def _only_flower(content: Content) -> bool:
    """A folder read whole that nothing but Flower runs: no NVFlare job, app or config in it (NVFlare runs the
    components its configs name, whatever a pyproject.toml says)."""
    names = (e.path.rpartition("/")[2] for e in content.files)
    return (content.unit_kind == "folder" and content.complete
            and not any(n.startswith(("config_fed_", "meta.")) for n in names))


def _line(text: str, key: str) -> int:
    return next((i for i, t in enumerate(text.splitlines(), 1) if t.strip().startswith(key)), 0)


@file_detector("flower-components")
def flower_components(ctx: FileContext) -> Iterator[Hit]:
    paths = {e.path for e in ctx.content.files}
    for entry in ctx.content.files:
        folder, _, name = entry.path.rpartition("/")
        data = ctx.content.data.get(entry.path)
        if name != "pyproject.toml" or data is None:
            continue
        text = data.decode("utf-8", "replace")
        for key, reference in _components(text).items():
            module = reference.partition(":")[0] if isinstance(reference, str) else ""
            if not _shipped(module, folder + "/" if folder else "", paths):
                yield Hit("unvouched.flower-component", entry.path, _line(text, key),
                          details={"name": f"{key} = {reference!r}"})
            elif key == "clientapp" and entry.path == "pyproject.toml" and _only_flower(ctx.content):
                for path in not_run_at_site(ctx.content, module):
                    yield Hit("unvouched.not-run-at-site", path, details={"name": reference})
