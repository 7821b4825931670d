"""A job's cost at a site: CPU and page faults of the fork server's standby child that analyses it.

    PYTHONPATH=. python bench/site_job.py JOB_FOLDER [RUNS] [SITE_POLICY]

Builds what isolate.serve builds (the warm-up, the freeze, a standby child per request, the configuration
of the request served) in this process and hands each standby the job, as the site's process would; each
run also forks a standby that gets no request. Its usage (wait4: the child with what it waited for) less
that idle one's is the job's own: the standby's warm-up runs between jobs, not on a job's time. Wall times
are printed too, but on a shared machine they are the load's. Runs against whichever tree is first on the path.
"""

from __future__ import annotations

import gc
import os
import pickle
import statistics
import sys
import time
from pathlib import Path

from analyzer import api, collector
from analyzer.engine import isolate

_usage: dict[int, os.struct_rusage] = {}


def _waitpid(pid: int, options: int) -> tuple[int, int]:
    done, status, usage = os.wait4(pid, options)
    _usage[done] = usage
    return done, status


def main() -> None:
    job, runs = Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 5
    policy = api.load_policy(sys.argv[3] if len(sys.argv) > 3 else None)
    content = api.collect(job, policy.limits)
    os.waitpid = _waitpid  # the usage of each standby as isolate reaps it
    isolate._warm_up()
    tasks = isolate._tasks()
    (getattr(collector, "freeze_for_forks", None) or gc.freeze)()  # as serve() does (older trees: gc.freeze)
    budget = isolate.Budget.of(policy.limits)
    frame = pickle.dumps(("analyze", (content, policy), budget), protocol=pickle.HIGHEST_PROTOCOL)
    rows: dict[str, list[tuple[float, int]]] = {"job": [], "idle": []}
    walls = []
    for _ in range(runs):
        for kind in rows:
            standby = isolate._Standby(tasks)
            time.sleep(1.2)  # its warm-up, between jobs
            if kind == "idle":
                os.close(standby.request_w)
                os.waitpid(standby.pid, 0)
            else:
                start = time.perf_counter()
                result = standby.run(frame, budget, None)
                walls.append(time.perf_counter() - start)
                assert not isinstance(result, isolate.Failure), result
                if hasattr(isolate, "_configured"):
                    isolate._configured(policy)  # as serve() does after each answer
            usage = _usage[standby.pid]
            rows[kind].append(((usage.ru_utime + usage.ru_stime) * 1000, usage.ru_minflt))

    def median(kind: str, i: int) -> float:
        return statistics.median(row[i] for row in rows[kind])

    print(f"{job}: the job's own {median('job', 0) - median('idle', 0):.1f} ms CPU, "
          f"{median('job', 1) - median('idle', 1):.0f} page faults (standby with the job {median('job', 0):.1f} ms, "
          f"idle {median('idle', 0):.1f} ms; medians of {runs}); wall median {statistics.median(walls) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
