"""Report formats: one module per format, each `render(run, color=False) -> str`.

A `Run` is what one `jobgate scan` saw: each unit's report with the bytes the
gate read, the folder that reports name files relative to (the repository's
top), and the jobs deleted since a ref (reported, not scanned).
"""

from __future__ import annotations

from . import html, json_report, markdown, sarif, text
from .run import Run, Scanned

FORMATS = {"html": html.render, "json": json_report.render, "markdown": markdown.render, "sarif": sarif.render,
           "text": text.render}

__all__ = ["FORMATS", "Run", "Scanned"]
