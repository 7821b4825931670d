"""api.shared_worker: a run of units in one limited child (analyzer/engine/unit_worker.py) finds what a fork
per unit finds, and a unit past its limits still ends in a named limit beside what it found first."""

from __future__ import annotations

import os
import resource
import time
from pathlib import Path

import pytest

from analyzer import api
from analyzer.engine.isolate import Budget, Failure
from analyzer.engine.unit_worker import UnitWorker
from analyzer.model import Decision

# Asserts on wall time (its time budgets and limits): `make test` runs it alone, after the parallel run.
pytestmark = pytest.mark.serial

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SAMPLES = ["malicious/base64_exec.py", "benign/config_loader_yaml.py", "jobs/benign_flwr_mlx_two_modules"]


def _identity(report) -> tuple:
    return report.decision, report.score, [(f.rule, f.path, f.line, f.column, f.message) for f in report.findings]


def test_units_in_one_worker_find_what_a_fork_each_finds() -> None:
    samples = [CORPUS / s for s in SAMPLES]
    policy = api.load_policy()
    apart = [_identity(api.scan(s, policy)) for s in samples]
    with api.shared_worker():
        worker = api._worker
        shared = [_identity(api.scan(s, policy)) for s in samples]
        pid = worker.pid
    assert shared == apart
    assert pid and not api._worker
    with pytest.raises(ChildProcessError):  # reaped when the block ends: no orphan
        os.waitpid(pid, os.WNOHANG)


def _found_then_spin() -> None:
    from analyzer.engine import isolate
    from analyzer.engine.unjudged import unjudged

    isolate.partial([unjudged("test.partial", "x.py", "made before the limit")])
    while True:
        pass


def _crash() -> None:
    raise RuntimeError("boom")


def _cpu_limit() -> tuple[float, int]:
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime, resource.getrlimit(resource.RLIMIT_CPU)[0]


def _burn(seconds: float) -> int:
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass
    return os.getpid()


def test_a_unit_past_its_wall_clock_keeps_its_findings_and_the_next_unit_gets_a_fresh_worker() -> None:
    worker = UnitWorker()
    try:
        first = worker.run(_burn, (0,), Budget(30, None))
        t0 = time.monotonic()
        late = worker.run(_found_then_spin, (), Budget(1, None))
        assert time.monotonic() - t0 < 10
        assert isinstance(late, Failure) and late.cause == "time-limit", late
        assert [f.path for f in late.found] == ["x.py"]
        assert worker.run(_burn, (0,), Budget(30, None)) != first  # a new child
    finally:
        worker.close()


def test_a_crash_is_named_and_ends_the_worker() -> None:
    worker = UnitWorker()
    try:
        pid = worker.run(_burn, (0,), Budget(30, None))
        crashed = worker.run(_crash, (), Budget(30, None))
        assert isinstance(crashed, Failure) and crashed.cause == "worker-crashed" and "boom" in crashed.detail
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
        assert worker.run(_burn, (0,), Budget(30, None)) != pid
    finally:
        worker.close()


def test_each_unit_gets_its_own_cpu_time() -> None:
    """The CPU limit counts from what the worker used before the unit: a unit late in a long run is
    stopped after its own budget, not the run's (nor never)."""
    worker = UnitWorker()
    try:
        worker.run(_burn, (1.5,), Budget(30, None))
        used, soft = worker.run(_cpu_limit, (), Budget(2, None))
        assert used >= 1.5 and used + 2 <= soft <= used + 3
    finally:
        worker.close()


def test_a_unit_past_the_time_limit_in_a_shared_worker_escalates_and_the_run_goes_on(tmp_path: Path) -> None:
    """Through the API, as harden28's time bomb: the limit is named, and the next unit is judged."""
    from test_harden28 import _policy, _time_bomb

    policy = api.load_policy(_policy(tmp_path, 1))
    (tmp_path / "ok.py").write_text("x = 1\n")
    with api.shared_worker():
        bomb = api.scan(_time_bomb(tmp_path / "job"), policy)
        after = api.scan(tmp_path / "ok.py", policy)
    assert bomb.decision is Decision.ESCALATE
    limits = [f.path for f in bomb.findings if f.rule == "unanalyzable.time-limit"]
    assert limits.count("") == 1, limits  # the unit's; the files it did not finish are named apart (session 51)
    assert after.decision is Decision.ACCEPT


def test_a_worker_serves_a_bounded_number_of_units(monkeypatch) -> None:
    """What a worker keeps between units grows with them: a fresh worker after UNITS_PER_WORKER."""
    from analyzer.engine import unit_worker

    monkeypatch.setattr(unit_worker, "UNITS_PER_WORKER", 3)
    worker = UnitWorker()
    try:
        pids = [worker.run(_burn, (0,), Budget(30, None)) for _ in range(7)]
    finally:
        worker.close()
    assert len(set(pids[:3])) == 1 and len(set(pids[3:6])) == 1 and len(set(pids)) == 3


def _thread_name() -> str:
    import threading

    return threading.current_thread().name


def test_every_unit_a_worker_serves_runs_on_the_deep_stack() -> None:
    """harden29's deep stack (isolate._on_deep_stack) for each unit, not only the worker's first: after the
    first, the worker's main thread (8 MB of stack) ran the next units under a recursion limit of 100,000."""
    worker = UnitWorker()
    try:
        names = [worker.run(_thread_name, (), Budget(30, None)) for _ in range(3)]
    finally:
        worker.close()
    assert names == ["jobgate-stack"] * 3


def _allocate(megabytes: int) -> list:
    block = bytearray(megabytes << 20)
    return [len(block)]


@pytest.mark.parametrize("shared", [False, True])
def test_a_unit_past_the_memory_limit_is_a_named_limit(shared) -> None:
    """A unit's own analysis (not only the files it isolates) holds a site's worker's memory limit in the CLI's
    child: a bomb there took the host's 23 GB before session 44 (the sketch of a doubled command string)."""
    policy = api.load_policy()
    megabytes = (Budget.unit_of(policy.limits).memory_bytes >> 20) + 512  # past the limit over what is mapped here
    if shared:
        with api.shared_worker():
            found = api._within_budget(_allocate, (megabytes,), policy)
            assert api._within_budget(_allocate, (16,), policy) == [16 << 20]  # the next unit, a fresh worker
    else:
        found = api._within_budget(_allocate, (megabytes,), policy)
    assert [f.rule for f in found] == ["unanalyzable.memory-limit"]
    assert api._within_budget(_allocate, (16,), policy) == [16 << 20]
