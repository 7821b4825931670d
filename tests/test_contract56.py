"""The data scientist's and CI's workflow (design.md "Contracts", the README), tested black-box: the real CLI in a
subprocess, real git repositories, on small jobs. Each test is a drift session 56 found and fixed."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import jsonschema

from conftest import ROOT, run_cli

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text())
SHELL_OUT = "import numpy as np\nimport os\n\nos.system('ls')\n"
NOTEBOOK = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": ["# notes\n"]},
                      {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
                       "source": ["import os\n", "x = 1\n", "os.system('ls')\n"]}],
            "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
PAST_HASHING = 1_100_000_000  # past the bytes a unit's files are hashed (10 x max(max_total_bytes, 100 MB))


def jobgate(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """The CLI of this tree, from any folder."""
    return run_cli(*args, cwd=cwd, env={**os.environ, "PYTHONPATH": str(ROOT)})


def scan(*args: str, cwd: Path | None = None) -> tuple[int, dict]:
    proc = jobgate("scan", "--no-cache", "--format", "json", *args, cwd=cwd)
    assert proc.stdout, proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def job_with_a_sparse_weight_file(root: Path) -> Path:
    """A folder whose weights file is past the hashing budget (sparse: no disk, never read)."""
    root.mkdir()
    (root / "train.py").write_text("import numpy as np\n\nprint(float(np.zeros(3).sum()))\n")
    with open(root / "weights.bin", "wb") as fh:
        fh.truncate(PAST_HASHING)
    return root


# ---- the text report: a location per finding an editor jumps to ------------------------------------------------

def test_every_finding_of_the_text_report_starts_with_path_line_col_as_the_scan_named_it(tmp_path: Path) -> None:
    """`path:line:col: severity rule  message`, the path a terminal or editor opens from where the scan ran:
    a single file, a file of a folder, and a notebook (the notebook file's line, the cell's place after)."""
    (tmp_path / "one.py").write_text(SHELL_OUT)
    (tmp_path / "job" / "pkg").mkdir(parents=True)
    (tmp_path / "job" / "pkg" / "train.py").write_text(SHELL_OUT)
    (tmp_path / "nb.ipynb").write_text(json.dumps(NOTEBOOK, indent=1))
    proc = jobgate("scan", "--no-cache", "one.py", "job", "nb.ipynb", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    assert "one.py:4:1: critical subprocess.shell  runs a shell command: os.system" in lines
    assert "job/pkg/train.py:4:1: critical subprocess.shell  runs a shell command: os.system" in lines
    nb_line = next(i for i, line in enumerate((tmp_path / "nb.ipynb").read_text().splitlines(), 1)
                   if "os.system" in line)
    assert (f"nb.ipynb:{nb_line}: critical subprocess.shell  runs a shell command: os.system"
            "  (at nb.ipynb[cell 2]:3:1)") in lines
    for line in lines:  # and every finding line is one: nothing else starts at the margin but a unit's header
        if line and not line.startswith(" ") and ": " in line:
            path, _, rest = line.partition(": ")
            assert (tmp_path / path.split(":")[0]).is_file(), line
    (tmp_path / "one.py").write_text("\n" * 96 + SHELL_OUT)  # rich's `:100:` is an emoji code: line 100 stays 100
    assert "one.py:100:1: critical subprocess.shell" in jobgate("scan", "--no-cache", "one.py", cwd=tmp_path).stdout


def test_the_coloured_text_report_prints_locations_and_messages_as_written(tmp_path: Path) -> None:
    from analyzer.model import Decision, Finding, Report
    from analyzer.reports import text
    from analyzer.reports.run import Run, Scanned

    finding = Finding(rule="subprocess.shell", category="subprocess", severity="critical", confidence="high",
                      path="train.py", line=100, column=4, message="runs :smile: a shell", fix="f", why="w")
    report = Report(target="job", digest="sha256:" + "ab" * 32, decision=Decision.REJECT, score=75, reasons=[],
                    files=[], findings=[finding], name="job")
    coloured = text.render(Run([Scanned(report, tmp_path)], tmp_path), color=True)
    assert "job/train.py:100:5:" in coloured and "runs :smile: a shell" in coloured
