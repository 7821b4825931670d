"""Speed of one small job (session 30): what a start imports that a scan has no use for."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

# A scan in a fresh process, in-process (no limited child), printing whether `module` was imported.
SCAN = """import sys, os
sys.path.insert(0, {root!r})
from analyzer.commands import cli  # first, as `python -m analyzer.commands.cli` imports it
from analyzer import api
api._within_budget = lambda fn, args, policy, apart=None: fn(*args)
try:
    cli.main(["scan", "--cache-dir", {cache!r}, "--format", "json", {target!r}], standalone_mode=False)
except SystemExit:
    pass
print()
print({module!r} in sys.modules)
"""


def _imported_by_a_scan(tmp_path: Path, module: str, plugins_setting: str | None = None) -> bool:
    """Whether a scan imports `module`, PYDANTIC_DISABLE_PLUGINS set as given (None: unset)."""
    (tmp_path / "train.py").write_text("import numpy as np\nw = np.zeros(3)\n")
    script = SCAN.format(root=str(ROOT), cache=str(tmp_path / "cache"), target=str(tmp_path / "train.py"),
                         module=module)
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    if plugins_setting is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = plugins_setting
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=240, cwd=tmp_path,
                          env=env)
    assert '"decision": "accept"' in proc.stdout, proc.stdout + proc.stderr
    return {"True": True, "False": False}[proc.stdout.splitlines()[-1]]


def test_a_scan_imports_no_package_metadata_for_pydantics_disabled_plugins(tmp_path: Path) -> None:
    assert not _imported_by_a_scan(tmp_path, "importlib.metadata")


@pytest.mark.parametrize("setting", ["", "some_plugin"])
def test_pydantics_own_loader_stays_when_plugins_are_not_all_disabled(tmp_path: Path, setting: str) -> None:
    assert _imported_by_a_scan(tmp_path, "importlib.metadata", setting)
