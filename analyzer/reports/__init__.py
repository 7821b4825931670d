"""Report formats: one module per format, each `render(reports, ...) -> str`."""

from __future__ import annotations

from . import json_report, text

FORMATS = {"json": json_report.render, "text": text.render}
