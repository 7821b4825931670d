"""The same code gets the same findings whatever the memory layout of the process that scans it.

The functions a call may reach are a set of FuncRefs, which hash by identity: iterated as a set, the order
in which they ran followed their addresses, and with modules that call back into each other (xml.dom's
minidom, expatbuilder and pulldom) that order decided findings (9 raw-data-logged findings of the stdlib
subset came and went with allocations made before the scan). They now run in source order."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from conftest import ROOT

# The CLI, after `n` objects were allocated (each layout moves the addresses of what the scan allocates).
SCAN = ("import sys; junk = [object() for _ in range(int(sys.argv[1]))]; sys.argv[1:2] = []; "
        "from analyzer.commands.cli import main; main()")


def _findings(tree: Path, allocated: int, seed: str = "0") -> list[tuple]:
    env = {**os.environ, "PYTHONHASHSEED": seed}  # by default strings hash alike in every run
    proc = subprocess.run([sys.executable, "-c", SCAN, str(allocated), "scan", "--no-cache", "--jobs", "1",
                           "--format", "json", str(tree)], capture_output=True, text=True, cwd=ROOT, env=env,
                          timeout=300)
    assert proc.stdout, proc.stderr
    return sorted((f["rule"], f["path"], f["line"], f["column"], f["message"])
                  for report in json.loads(proc.stdout)["reports"] for f in report["findings"])


def test_findings_do_not_depend_on_memory_layout(tmp_path: Path) -> None:
    tree = tmp_path / "xml"
    shutil.copytree(Path(sysconfig.get_paths()["stdlib"]) / "xml", tree,
                    ignore=shutil.ignore_patterns("__pycache__"))
    first = _findings(tree, 0)
    assert any(f[0] == "update-channel-leak.raw-data-logged" for f in first)
    for allocated in (777, 12345):
        assert _findings(tree, allocated) == first



def test_findings_do_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    # a store on an object of one of several classes of another module reported whichever class a set gave
    # first (`<class>.Logger().propagate`, `<class>.RootLogger().propagate`, ...), by PYTHONHASHSEED
    (tmp_path / "loggers.py").write_text("class Logger:\n    pass\n\n\nclass RootLogger(Logger):\n    pass\n\n\n"
                                         "class Placeholder:\n    pass\n")
    (tmp_path / "main.py").write_text("import sys\nfrom loggers import Logger, RootLogger, Placeholder\n\n"
                                      "x = Logger() if len(sys.argv) > 1 else RootLogger() if len(sys.argv) > 2 "
                                      "else Placeholder()\nx.propagate = False\n")
    runs = {tuple(_findings(tmp_path, 0, seed)) for seed in ("0", "1", "2", "3", "4", "5")}
    assert len(runs) == 1, runs


def test_a_bound_keeps_the_same_origins_whatever_the_hash_seed(tmp_path: Path) -> None:
    # ten values alike but for where they were read, in one value: more than the gate follows (MAX_ORIGINS), so
    # which are kept and which line the marker of the rest names followed the set's order (Flower's dasha baseline:
    # "one of more sources than the gate follows ... at line N" moved between three lines with PYTHONHASHSEED)
    reads = "".join(f"    instantiate(cfg.{c}),\n" for c in "abcdefghij")
    (tmp_path / "client.py").write_text(
        "import nvflare.client as flare\nfrom hydra.utils import instantiate\n"
        "from nvflare.app_common.abstract.fl_model import FLModel\n\nflare.init()\ncfg = flare.get_config()\n"
        f"parts = [\n{reads}]\nflare.send(FLModel(params={{'w': parts}}))\n")
    runs = {tuple(_findings(tmp_path, 0, seed)) for seed in ("0", "1", "2", "3", "4", "5")}
    assert len(runs) == 1, runs
    (found,) = [f for f in runs.pop() if f[0] == "update-channel-leak.unknown-provenance"]
    assert "instantiate() at line 8 (and 7 more)" in found[4]  # the first in the source's text: cfg.a
