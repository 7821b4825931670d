"""Session 42 (startup42): what a small job's first scan no longer imports.

tomllib (build_hooks.py, flower_app.py) and symtable (notebooks.py) are imported where a job's pyproject.toml or
notebook is read, not with the analysis: a job without them never imports them. A job with them still has them read,
in the limited child the CLI forks (the import happens there), with the same findings as before.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import CORPUS

ROOT = Path(__file__).resolve().parent.parent
LAZY = ("tomllib", "symtable")


def _python(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    return done.stdout


def _cli_scan(target: Path) -> tuple[int, set[str]]:
    done = subprocess.run([sys.executable, "-m", "analyzer.commands.cli", "scan", str(target), "--format", "json",
                           "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert done.returncode in (0, 1, 3), done.stderr
    (report,) = json.loads(done.stdout)["reports"]
    return done.returncode, {f["rule"] for f in report["findings"]}


def test_a_small_jobs_scan_imports_neither_toml_nor_symtable():
    """What the CLI imports, and a whole scan of a job with no pyproject.toml or notebook, in one process."""
    loaded = _python(f"""
import sys
from analyzer.commands import cli
from analyzer import api
from analyzer.engine import analysis
api._within_budget = lambda fn, args, policy, apart=None: fn(*args)  # the analysis in this process, not a forked child
report = api.scan({str(CORPUS / "jobs/benign_pt_client_api")!r}, api.load_policy())
print(report.decision.value, *[name for name in {LAZY!r} if name in sys.modules])
""").split()
    assert loaded == ["accept"]


def test_a_hatch_build_hook_in_pyproject_is_still_read(tmp_path):
    """The hook table is found by tomllib imported in the limited child (malpython's malpkg4, as test_malware26)."""
    (tmp_path / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n'
        '[project]\nname = "fl-app"\n[tool.hatch.build.targets.wheel.hooks.custom]\n')
    code, rules = _cli_scan(tmp_path)
    assert code == 1 and "supply-chain.build-hook-config" in rules


def test_a_flower_component_the_job_does_not_ship_is_still_named(tmp_path):
    """flower_app.py reads the components of [tool.flwr.app] with the lazily imported tomllib."""
    (tmp_path / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n'
        '[project]\nname = "fl-app"\nversion = "1.0.0"\n'
        '[tool.flwr.app.components]\nserverapp = "app.server_app:app"\nclientapp = "app.client_app:app"\n')
    code, rules = _cli_scan(tmp_path)
    assert code != 0 and "unvouched.flower-component" in rules


def test_a_notebook_reading_the_kernels_output_history_is_still_doubted():
    """symtable, imported when a notebook is read: a cell reading `Out` from a function (test_redteam20)."""
    doubts = _python("""
import json, sys
from analyzer.engine.notebooks import read_notebook
assert "symtable" not in sys.modules
cells = [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": source}
         for source in ("Out = {}", "import torch\\nx = torch.load('/data/train.pt')\\n", "x[:200].tolist()",
                        "def rows():\\n    return Out[3]")]
notebook = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}
print(json.dumps(read_notebook(json.dumps(notebook).encode()).doubts))
""")
    assert any("kernel rebinds" in doubt for doubt in json.loads(doubts))
