"""Units over several worker processes: the same findings as one process,
and no process left behind when the scan ends."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def _tree(root: Path, packages: int = 4, modules: int = 4) -> Path:
    """Packages whose modules call into each other, each also a unit of its own."""
    for p in range(packages):
        (root / f"pkg{p}").mkdir(parents=True)
        (root / f"pkg{p}" / "__init__.py").write_text("")
        for m in range(modules):
            nxt = f"pkg{(p + 1) % packages}.mod{m}"
            (root / f"pkg{p}" / f"mod{m}.py").write_text(
                f"import os\nimport {nxt}\n\ndef run(cmd):\n    os.system(cmd)\n\n"
                f"def call(cmd):\n    return {nxt}.run(cmd)\n")
    return root


def _processes_in_session(sid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rpartition(")")[2].split()[3]) == sid:
                found.append(int(entry))
    return found


def _scan(units: list[Path], jobs: int) -> tuple[list[dict], int]:
    proc = subprocess.Popen([sys.executable, "-m", "analyzer.commands.cli", "scan", "--format", "json", "--no-cache",
                             "--jobs", str(jobs), *map(str, units)], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    out, err = proc.communicate(timeout=300)
    assert out, err
    return json.loads(out)["reports"], proc.pid


def test_two_workers_find_what_one_process_finds_and_leave_no_process(tmp_path: Path) -> None:
    tree = _tree(tmp_path / "tree")
    units = [tree, *sorted(tree.glob("pkg*"))]
    parallel, session = _scan(units, 2)
    assert _processes_in_session(session) == []
    single, _ = _scan(units, 1)
    assert parallel == single
    assert any(f["path"] == "pkg0/mod0.py" and "os.system" in f["message"] for f in single[0]["findings"])
    assert any(f["path"] == "mod0.py" and "os.system" in f["message"] for f in single[1]["findings"])
