"""What a plain scan loads (session 27, speed of one small job): a module a
scan has no use for is not imported, since every start pays for its import."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

SCAN = """
import json, sys
sys.path.insert(0, {root!r})
from analyzer.commands import cli
sys.argv = ["jobgate", "scan", "--cache-dir", {cache!r}, {target!r}]
try:
    cli.main()
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)))
"""


def _modules_of_a_scan(tmp_path: Path) -> set[str]:
    (tmp_path / "train.py").write_text("import numpy as np\nw = np.zeros(3)\n")
    script = SCAN.format(root=str(ROOT), cache=str(tmp_path / "cache"), target=str(tmp_path / "train.py"))
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=240, cwd=tmp_path)
    assert "ACCEPT" in proc.stdout, proc.stdout + proc.stderr
    return set(json.loads(proc.stdout.splitlines()[-1]))


def test_a_text_report_loads_neither_the_review_queue_nor_its_file_lock(tmp_path: Path) -> None:
    loaded = _modules_of_a_scan(tmp_path)
    assert "analyzer.reports.text" in loaded
    assert not {"filelock", "analyzer.trust.review", "analyzer.trust.store"} & loaded
