"""A Flower app's components: the modules its pyproject.toml names for the SuperNode and SuperLink to load.

Flower loads `[tool.flwr.app.components]` (`clientapp = "fedapp.client_app:app"`) by importing the module
the reference names from the app's folder, then reading the attribute (flwr/common/object_ref.py load_app:
importlib.import_module, getattr). A module the job ships is analysed as any module of the job; any other is
code of the site's environment run at import (`antigravity` starts a web browser), which the gate has not
read: a reviewer decides (red team 40b).
"""

from __future__ import annotations

from typing import Iterator

from ..configs import read_toml
from . import FileContext, Hit, file_detector


def components(text: str) -> dict:
    document = read_toml(text)
    if document is None:
        return {}  # build_hooks.py and the config detector report it
    components = document.get("tool", {}).get("flwr", {}).get("app", {}).get("components", {})
    return components if isinstance(components, dict) else {"components": components}


def shipped(module: str, folder: str, paths: set[str]) -> bool:
    """The job ships the module under the app's folder, as a file or as a package."""
    if not module or not all(part.isidentifier() for part in module.split(".")):
        return False
    base = folder + module.replace(".", "/")
    return base + ".py" in paths or base + "/__init__.py" in paths


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
        for key, reference in components(text).items():
            module = reference.partition(":")[0] if isinstance(reference, str) else ""
            if not shipped(module, folder + "/" if folder else "", paths):
                yield Hit("unvouched.flower-component", entry.path, _line(text, key),
                          details={"name": f"{key} = {reference!r}"})
