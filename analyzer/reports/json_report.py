"""The JSON contract: {"jobgate": VERSION, "reports": [REPORT, ...]}, plus
"deleted": [FOLDER, ...] when a --changed-since scan found jobs removed."""

from __future__ import annotations

import json

from ..model import Report
from ..version import VERSION
from .run import Run


def document(reports: list[Report]) -> dict:
    return {"jobgate": VERSION, "reports": [r.to_json() for r in reports]}


def render(run: Run, color: bool = False) -> str:
    doc = document(run.reports) | ({"deleted": list(run.deleted)} if run.deleted else {})
    # ASCII escapes keep the output valid JSON even for file names that are not UTF-8.
    return json.dumps(doc, indent=2, ensure_ascii=True) + "\n"
