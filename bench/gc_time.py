"""The cyclic collector's share of one scan: collections and CPU seconds per process and generation.

    PYTHONPATH=. python bench/gc_time.py INPUT [scan options ...]     e.g. bench/gc_time.py /tmp/jobgate-speed/stdlib_subset

Runs `jobgate scan --no-cache --jobs 1 --format json INPUT` as the CLI does (the analysis in its limited child), with a
collector callback that every process inherits; each collection is written as it ends to a log (a forked child leaves
through os._exit, so nothing is kept for the end), which is summed when the scan is done. The young threshold tells
the analysis's collections (analysis._collection_for_analysis) from the rest. The report goes to stderr.
"""

from __future__ import annotations

import collections
import gc
import os
import sys
import tempfile
import time
from typing import Callable


def _logger(log) -> Callable[[str, dict], None]:
    started = [0.0]

    def on_collection(phase: str, info: dict) -> None:
        if phase == "start":
            started[0] = time.process_time()
        else:
            log.write(f"{os.getpid()} {gc.get_threshold()[0]} {info['generation']} "
                      f"{time.process_time() - started[0]:.6f} {info['collected']}\n")
    return on_collection


def _summary(path: str) -> str:
    rows: dict[tuple, list] = collections.defaultdict(lambda: [0, 0.0, 0])
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            pid, young, generation, seconds, collected = line.split()
            row = rows[(pid, int(young), int(generation))]
            row[0] += 1
            row[1] += float(seconds)
            row[2] += int(collected)
    lines = ["pid young-threshold generation: collections, CPU s, objects freed"]
    lines += [f"{pid} {young} {gen}: {n}, {s:.3f}, {freed}" for (pid, young, gen), (n, s, freed) in sorted(rows.items())]
    lines.append(f"total: {sum(r[1] for r in rows.values()):.3f} s")
    return "\n".join(lines)


def main() -> None:
    fd, path = tempfile.mkstemp(prefix="jobgate-gc-", suffix=".log")
    os.close(fd)
    try:
        with open(path, "a", buffering=1, encoding="utf-8") as log:
            on_collection = _logger(log)
            gc.callbacks.append(on_collection)
            sys.argv = ["jobgate", "scan", "--no-cache", "--jobs", "1", "--format", "json", *sys.argv[1:]]
            from analyzer.commands import cli

            try:
                cli.main()
            except SystemExit:
                pass
            finally:
                gc.callbacks.remove(on_collection)
        print(_summary(path), file=sys.stderr)
    finally:
        os.unlink(path)


if __name__ == "__main__":
    main()
