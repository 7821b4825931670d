"""A warm process's scan, as the site's NVFlare handler runs it: `analyzer.api.scan` called again and again.

    .venv/bin/python bench/warm.py [--tree DIR] [--runs N] TARGET [TARGET ...]

Imports jobgate from DIR (default: this tree; another worktree, such as the ones bench/speed.sh makes,
compares commits), loads the built-in policy once, scans each TARGET once to warm up, then N times more, and
prints the first scan's time and the later scans' median and fastest, in CPU time of this process (other
processes on the machine shift wall times far more than CPU times). The decision of every scan is checked to
be the first one's.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tree", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("targets", nargs="+")
    args = parser.parse_args()
    sys.path.insert(0, str(args.tree.resolve()))
    from analyzer import api  # noqa: PLC0415 - from the tree asked for

    policy = api.load_policy()
    for target in args.targets:
        start = time.process_time()
        first = api.scan(target, policy)
        first_ms = (time.process_time() - start) * 1000
        times = []
        for _ in range(args.runs):
            start = time.process_time()
            report = api.scan(target, policy)
            times.append((time.process_time() - start) * 1000)
            if report.decision != first.decision:
                raise SystemExit(f"{target}: decision {report.decision} after {first.decision}")
        print(f"{target} ({args.tree}): {first.decision.value}; first scan {first_ms:.1f} ms CPU, "
              f"then median {statistics.median(times):.1f} ms, fastest {min(times):.1f} ms over {args.runs}")


if __name__ == "__main__":
    main()
