"""A text file the job ships is searched for network locations in time linear
in its size: one long word (a row of digits, no `/`) took quadratic time,
40 s for 100 KB, and a 2 MB file would hold the gate for an hour."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT

# Asserts on wall time (its time budgets and limits): `make test` runs it alone, after the parallel run.
pytestmark = pytest.mark.serial


def test_a_long_word_in_a_data_file_is_searched_in_linear_time(tmp_path: Path) -> None:
    (tmp_path / "train.py").write_text("x = 1\n")
    (tmp_path / "rows.csv").write_text("id,value\n1," + "9" * 1_000_000 + "\n2,//fileserver/share/out\n")
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "analyzer.commands.cli", "scan", "--no-cache", "--format", "json",
                           str(tmp_path)], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert time.monotonic() - start < 90  # quadratic: hours
    assert '"config-attack.file-network-location"' in proc.stdout  # what follows the long word is still read
