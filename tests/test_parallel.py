"""A large unit over several worker processes: the same findings as one
process, and no process left behind when the scan ends."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

from analyzer.engine.analysis import PARALLEL_MIN_BYTES, _chunks


def _tree(root: Path, packages: int = 4, modules: int = 4) -> Path:
    """Packages whose modules call into each other; long docstrings make the
    unit large enough for workers at little analysis cost."""
    line = "padding line of a long docstring\n"
    pad = '"""' + line * (PARALLEL_MIN_BYTES // (packages * modules * len(line)) + 10) + '"""\n'
    for p in range(packages):
        (root / f"pkg{p}").mkdir(parents=True)
        (root / f"pkg{p}" / "__init__.py").write_text("")
        for m in range(modules):
            nxt = f"pkg{(p + 1) % packages}.mod{m}"
            (root / f"pkg{p}" / f"mod{m}.py").write_text(
                pad + f"import os\nimport {nxt}\n\ndef run(cmd):\n    os.system(cmd)\n\n"
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


def _scan(tree: Path, jobs: int) -> tuple[dict, int]:
    proc = subprocess.Popen([sys.executable, "-m", "analyzer.commands.cli", "scan", "--format", "json", "--no-cache",
                             "--jobs", str(jobs), str(tree)], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    out, err = proc.communicate(timeout=300)
    assert out, err
    return json.loads(out)["reports"][0], proc.pid


def test_two_workers_find_what_one_process_finds_and_leave_no_process(tmp_path: Path) -> None:
    tree = _tree(tmp_path / "tree")
    assert sum(p.stat().st_size for p in tree.rglob("*.py")) >= PARALLEL_MIN_BYTES  # workers are used
    parallel, session = _scan(tree, 2)
    assert _processes_in_session(session) == []
    single, _ = _scan(tree, 1)
    assert parallel == single
    assert any(f["path"] == "pkg0/mod0.py" and "os.system" in f["message"] for f in single["findings"])


def test_a_package_goes_to_one_worker_when_it_fits_in_a_share() -> None:
    files = [(f"big/{i}.py", b"x" * 100) for i in range(4)] + [(f"a/{i}.py", b"x" * 40) for i in range(5)] \
        + [(f"b/{i}.py", b"x" * 50) for i in range(4)]
    chunks = _chunks(files, 2)
    assert sorted(sum(len(d) for _, d in c) for c in chunks) == [400, 400]
    for folder in ("a", "b"):  # 200 each, within a share of 400: whole
        assert sum(any(p.startswith(folder + "/") for p, _ in c) for c in chunks) == 1
