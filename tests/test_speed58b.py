"""Session 58 (speed58b): a small job's start, in the CLI's path. What a start did at every run and no longer does:
the engine digest made a pathlib.Path for each of jobgate's own files to stat it; each limited child imported ctypes
to ask the kernel for its parent-death signal (now looked up once, in the process that forks, before it forks);
dataclasses called inspect.signature for each of jobgate's dataclasses without a docstring, to write one."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
from pathlib import Path

from analyzer.engine import cache, isolate
from analyzer.engine.isolate import Budget
from analyzer.engine.unit_worker import UnitWorker

ROOT = Path(__file__).resolve().parents[1]


def _own_tree(root: Path) -> None:
    for rel, text in {"analyzer/a.py": "A = 1\n", "analyzer/engine/b.py": "B = 2\n", "rules/c.yaml": "c: 3\n",
                      "rules/lists/d.yaml": "d: 4\n"}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)


def test_the_engine_digest_stats_its_own_files_without_a_path_each(tmp_path: Path, monkeypatch) -> None:
    root = tmp_path / "tree"
    _own_tree(root)
    stat = pathlib.Path.stat
    asked: list[Path] = []

    def counted(self, *args, **kwargs):
        if root in self.parents:
            asked.append(self)
        return stat(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "stat", counted)
    digest = cache.own_files_digest(root, tmp_path / "cache")
    assert asked == []
    assert digest == cache._content_digest(root, cache._own_files(root))


def test_a_files_status_is_the_same_from_its_path_as_from_its_name(tmp_path: Path) -> None:
    """The memo of the engine digest is keyed by these statuses: a string path must give what a Path gave."""
    file = tmp_path / "x.py"
    file.write_text("x = 1\n")
    assert cache.file_status(str(file)) == cache.file_status(file)
    before = cache.file_status(str(file))
    file.write_text("x = 22\n")
    assert cache.file_status(str(file)) != before


def _lookups() -> tuple[int, int, bool]:
    """In a forked child: how often prctl's lookup answered from what the parent looked up (hits) and how often it
    was made (misses), and whether it found libc's. (That the child dies with its parent: test_harden29.)"""
    info = isolate.prctl.cache_info()
    return info.hits, info.misses, isolate.prctl() is not None


def test_a_limited_child_finds_prctl_looked_up_by_its_parent() -> None:
    isolate.prctl.cache_clear()
    hits, misses, found = isolate.run_limited(_lookups, (), Budget(60, None))
    assert misses == 1 and hits >= 1 and found  # looked up once, before the fork; the child's request used it
    assert isolate.prctl.cache_info().misses == 1  # and kept in the parent for its next child
    isolate.run_limited(_lookups, (), Budget(60, None))
    assert isolate.prctl.cache_info().misses == 1


def test_a_unit_workers_child_finds_prctl_looked_up_by_its_parent() -> None:
    isolate.prctl.cache_clear()
    worker = UnitWorker()
    try:
        hits, misses, found = worker.run(_lookups, (), Budget(60, None))
    finally:
        worker.close()
    assert misses == 1 and hits >= 1 and found


# jobgate's dataclasses that dataclasses wrote a docstring for (inspect.signature), in a fresh interpreter that scans
# a job with the CLI in process.
DOCLESS_DATACLASSES = """
import dataclasses, inspect, json, os, sys
signature = inspect.signature
made = []
def counted(obj, *args, **kwargs):
    caller = sys._getframe(1).f_code
    if caller.co_name == "_process_class" and caller.co_filename == dataclasses.__file__:
        made.append(f"{obj.__module__}.{obj.__qualname__}")
    return signature(obj, *args, **kwargs)
inspect.signature = counted
from analyzer import api
from analyzer.commands import cli
api._within_budget = lambda fn, args, policy, apart=None: fn(*args)
out = sys.stdout
sys.stdout = open(os.devnull, "w")
try:
    cli.main(["scan", "--no-cache", "--format", "json", sys.argv[1]], standalone_mode=False)
except SystemExit:
    pass
out.write(json.dumps([name for name in made if name.startswith("analyzer.")]))
"""


def test_a_scan_writes_no_docstring_for_a_dataclass_of_jobgates(tmp_path: Path) -> None:
    job = tmp_path / "job"
    job.mkdir()
    (job / "train.py").write_text("import json\n\nprint(json.dumps({'a': 1}))\n")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", DOCLESS_DATACLASSES, str(job)], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=600)
    assert proc.stdout.startswith("["), proc.stderr[-3000:]
    assert json.loads(proc.stdout) == []
