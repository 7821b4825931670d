"""Scanning one Flower client as the flower25/flower27 tests do: its decision and rules (linter pragmas,
noted in every Flower example, left out)."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

from analyzer import api

POLICY = api.load_policy()


def scan(path: Path) -> tuple[str, set[str]]:
    report = api.scan(path, POLICY)
    return report.decision.value, {f.rule for f in report.findings if not f.rule.startswith("obfuscation.lint")}


def one_file(tmp_path: Path, text: str) -> tuple[str, set[str]]:
    path = tmp_path / "client_app.py"
    path.write_text(dedent(text))
    return scan(path)
