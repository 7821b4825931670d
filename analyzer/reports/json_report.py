"""The JSON contract: {"jobgate": VERSION, "reports": [REPORT, ...]}."""

from __future__ import annotations

import json

from ..model import Report
from ..version import VERSION


def document(reports: list[Report]) -> dict:
    return {"jobgate": VERSION, "reports": [r.to_json() for r in reports]}


def render(reports: list[Report], color: bool = False) -> str:
    # ASCII escapes keep the output valid JSON even for file names that are not UTF-8.
    return json.dumps(document(reports), indent=2, ensure_ascii=True) + "\n"
