"""jobgate vs bandit on the same tree, in one run: lines/s and their ratio.

    .venv/bin/python bench/compare.py [TREE] [--rounds N]

TREE defaults to this interpreter's standard library. Both tools run as the
user runs them (a fresh process each, JSON output), alternating, so that
load on the machine falls on both alike. Times are compared as a ratio,
never asserted.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

BIN = Path(sys.executable).parent
POLICY = Path(__file__).with_name("policy.yaml")


def python_lines(tree: Path) -> tuple[int, int]:
    files = list(tree.rglob("*.py"))
    return len(files), sum(f.read_bytes().count(b"\n") for f in files)


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1, 3):  # 1/3: findings, as expected on a real tree
        sys.exit(f"{cmd[0]} failed with exit status {proc.returncode}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tree", nargs="?", default=sysconfig.get_paths()["stdlib"])
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    tree = Path(args.tree)
    files, lines = python_lines(tree)
    tools = {
        "jobgate": [str(BIN / "jobgate"), "scan", "--policy", str(POLICY), "--format", "json", str(tree)],
        "bandit": [str(BIN / "bandit"), "-q", "-r", "-f", "json", "-o", "/dev/null", str(tree)],
    }
    times: dict[str, list[float]] = {name: [] for name in tools}
    for _ in range(args.rounds):
        for name, cmd in tools.items():
            times[name].append(timed(cmd))
    print(f"tree {tree}: {files} Python files, {lines} lines, {args.rounds} round(s)")
    for name, samples in times.items():
        t = statistics.median(samples)
        print(f"  {name:<8} {t:7.2f} s  {lines / t:9.0f} lines/s")
    ratio = statistics.median(times["bandit"]) / statistics.median(times["jobgate"])
    print(f"  jobgate is {ratio:.2f}x bandit's speed")


if __name__ == "__main__":
    main()
