"""The text and markdown reports of the three demo jobs, against golden files.

The version string is masked, so a release does not churn them. When a rule's
wording changes on purpose, regenerate and review the diff:

    JOBGATE_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_reports_golden.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from analyzer.version import VERSION
from conftest import run_cli

GOLDEN = Path(__file__).parent / "golden"
JOBS = [f"corpus/jobs/{name}" for name in ("demo_malicious", "demo_ambiguous", "demo_clean")]


def _masked(text: str) -> str:
    return text.replace(f"jobgate {VERSION}", "jobgate <VERSION>")


@pytest.mark.parametrize("fmt,golden,extra", [
    ("text", "demo.txt", ()),
    ("markdown", "demo.md", ("--link-base", "https://git.example/jobs/blob/0123abc/")),
])
def test_report_matches_its_golden_file(fmt: str, golden: str, extra: tuple[str, ...]) -> None:
    proc = run_cli("scan", "--format", fmt, *extra, *JOBS)
    assert proc.returncode == 1, proc.stderr
    got = _masked(proc.stdout)
    if os.environ.get("JOBGATE_UPDATE_GOLDEN"):
        (GOLDEN / golden).write_text(got, encoding="utf-8")
    assert got == (GOLDEN / golden).read_text(encoding="utf-8")


def test_columns_for_people_are_one_based() -> None:
    """`import requests` starts in the first column: 1 for people, 0 in JSON (libcst's offset)."""
    text = run_cli("scan", "corpus/jobs/demo_malicious").stdout
    assert "site_utils.py:6:1: " in text and ":6:0: " not in text
