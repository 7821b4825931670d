"""libcst's metadata package, loaded when first used, not with libcst.

`import libcst` runs `libcst/metadata/__init__.py` (its `__init__` imports two names from the package's
`base_provider` and `wrapper` modules), and that imports every provider: scopes, qualified names, type
inference, the full-repo manager with subprocess. jobgate reads no libcst metadata (positions.py and
resolve.py compute what it needs), yet a small job's start paid some 30M instructions (1.7-1.9% of hello-pt's
scan) for them.

`defer()` puts a finder first on sys.meta_path that answers the one import of `libcst.metadata`: the package
is made as usual (its `__path__`, its place in sys.modules and as `libcst.metadata`), but its `__init__` runs
only when code first asks the package for a name it lacks (PEP 562's module `__getattr__`), so
`libcst.metadata.ScopeProvider` and `from libcst.metadata import ...` work as before. Its submodules import as
any submodule does. The finder leaves sys.meta_path once it has answered; where libcst is already imported
(the finder came too late) it does nothing.
"""

from __future__ import annotations

import importlib.machinery
import sys
from types import ModuleType

NAME = "libcst.metadata"


class _Deferred:
    """Makes the package and runs its real loader on the first missing name. (No importlib.abc base:
    importing it imports importlib.resources too, at every start.)"""

    def __init__(self, real) -> None:
        self.real = real

    def create_module(self, spec):
        return None  # the usual module

    def exec_module(self, module: ModuleType) -> None:
        def __getattr__(name: str):
            del module.__getattr__  # from here on the package is as its own __init__ makes it
            module.__loader__ = module.__spec__.loader = self.real
            self.real.exec_module(module)
            return getattr(module, name)

        module.__getattr__ = __getattr__  # type: ignore[attr-defined]


class _Finder:
    def find_spec(self, fullname, path, target=None):
        if fullname != NAME:
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None or not spec.submodule_search_locations:
            return spec  # not the package it was (a newer libcst): imported as it is
        spec.loader = _Deferred(spec.loader)
        return spec


def defer() -> None:
    """Before libcst's first import: its metadata package loads on first use."""
    if "libcst" in sys.modules or any(isinstance(f, _Finder) for f in sys.meta_path):
        return
    sys.meta_path.insert(0, _Finder())
