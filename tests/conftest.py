"""Shared helpers: run the real `jobgate` CLI in a subprocess, as users do."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
# Tests exercise the working tree, not a possibly older install in the venv
# (tests/test_packaging.py checks what the wheel ships).
sys.path.insert(0, str(ROOT))


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analyzer.cli", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, timeout=300)


@pytest.fixture
def jobgate():
    return run_cli


@pytest.fixture
def scan_json():
    def scan(*args: str) -> tuple[int, dict]:
        proc = run_cli("scan", "--format", "json", *args)
        assert proc.stdout, proc.stderr
        return proc.returncode, json.loads(proc.stdout)
    return scan
