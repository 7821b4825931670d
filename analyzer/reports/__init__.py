"""Report formats: one module per format, each `render(run, color=False) -> str`.

A `Run` is what one `jobgate scan` saw: each unit's report with the bytes the
gate read, the folder that reports name files relative to (the repository's
top), and the jobs deleted since a ref (reported, not scanned).
"""

from __future__ import annotations

import importlib
from typing import Callable, Iterator, Mapping

from .run import Run, Scanned

_MODULES = {"html": "html", "json": "json_report", "markdown": "markdown", "sarif": "sarif", "text": "text"}


class _Formats(Mapping[str, Callable[..., str]]):
    """format name -> render; a format's module (and what it needs, such as
    rich for text) is imported only when that format is asked for."""

    def __getitem__(self, name: str) -> Callable[..., str]:
        return importlib.import_module(f"{__name__}.{_MODULES[name]}").render

    def __iter__(self) -> Iterator[str]:
        return iter(_MODULES)

    def __len__(self) -> int:
        return len(_MODULES)


FORMATS = _Formats()

__all__ = ["FORMATS", "Run", "Scanned"]
