"""The built wheel carries everything a normal (non-editable) install needs."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import ROOT


def test_wheel_ships_rule_packs_default_policy_and_semgrep_rules(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                    str(tmp_path), str(ROOT)], check=True, capture_output=True, timeout=300)
    (wheel,) = tmp_path.glob("jobgate-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    packs = {p.name for p in (ROOT / "rules").glob("*.yaml")}
    assert packs and {f"rules/{p}" for p in packs} <= names
    # the capability catalogue, the flow analysis' lists and the path lists
    for folder in ("catalogue", "flow", "lists"):
        data = {p.name for p in (ROOT / "rules" / folder).glob("*.yaml")}
        assert data and {f"rules/{folder}/{p}" for p in data} <= names, folder
    assert "analyzer/default_policy.yaml" in names
    assert "analyzer/engine/engines/semgrep_rules.yaml" in names
    assert any(n.endswith("entry_points.txt") for n in names)
