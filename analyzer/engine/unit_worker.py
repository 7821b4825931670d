"""One limited child for a run of units (api.shared_worker), instead of a fork per unit.

A unit forked from the caller pays for the fork itself and, above all, for the
pages of the caller's heap that the analysis touches (reference counts: some
5,000 copied pages, 30 ms of system time for a small job), and it loses what it
learnt (library sources read, patterns compiled) when it exits. A run of units
(`jobgate eval`, the CLI given several folders) hands them one by one to a
child forked once, which keeps both: each unit still runs under its own wall
clock, CPU time (the soft RLIMIT_CPU moved to the time used so far plus the
unit's budget) and memory limit, sends its findings on as it makes them
(isolate.partial), and a unit that goes past a limit or crashes ends that child with its Failure, as a
child of its own would; the next unit gets a fresh child.
"""

from __future__ import annotations

import os
import pickle
import resource
import tempfile
import time
from typing import Any, Callable

from . import isolate
from .isolate import Budget


# Units one worker serves before a fresh one takes over: what it keeps between units (library sources
# read, the flow's summaries) grows with each (the corpus's 852 units: 240 MB), and a fork per this
# many units costs nothing next to them.
UNITS_PER_WORKER = 100


class UnitWorker:
    """A forked child serving one unit at a time under its budget (Budget.unit_of), as a child of its own
    would; forked at the first unit, and again after a unit that ended it."""

    def __init__(self) -> None:
        self.pid = 0
        self.served = 0

    def run(self, fn: Callable, args: tuple, budget: Budget) -> Any:
        """fn(*args) in the worker under `budget`: its result, or a Failure (the worker is then gone)."""
        if self.served >= UNITS_PER_WORKER:
            self.close()
        if not self.pid:
            self._fork()
        self.served += 1
        found = isolate._Found()
        try:
            isolate._write_all(self.request_w, pickle.dumps((fn, args, budget), protocol=pickle.HIGHEST_PROTOCOL))
            answer = isolate._answer_of(self.answer_r, time.monotonic() + budget.seconds, found)
        except TimeoutError:
            return self._ended(isolate._late(self.pid, budget, self.errors, found))
        except OSError:  # the worker died before it read the request: _judged says how
            answer = None
        if answer is not None and answer[0] == "ok":
            return answer[1]
        os.close(self.request_w)  # a worker that answered with a failure exits at this end of requests
        self.request_w = -1
        return self._ended(isolate._judged(self.pid, answer, budget, self.errors, found))

    def close(self) -> None:
        """Ends the worker and whatever it started (idle, or busy with a unit an interrupt left) and reaps it."""
        if self.pid:
            isolate._kill_group(self.pid)
            os.waitpid(self.pid, 0)
            self.errors.close()
            self._ended(None)

    def _fork(self) -> None:
        request_r, self.request_w = os.pipe()
        self.answer_r, answer_w = os.pipe()
        self.errors = tempfile.TemporaryFile()
        parent = os.getpid()
        isolate.prctl()  # looked up before the fork, once a process
        self.pid = os.fork()
        if self.pid == 0:
            isolate._die_with(parent)
            os.close(self.request_w)
            os.close(self.answer_r)
            isolate._quiet(self.errors)
            _serve(request_r, answer_w)
        os.close(request_r)
        os.close(answer_w)
        try:
            os.setpgid(self.pid, self.pid)  # as the worker does: whichever runs first, the group exists
        except OSError:
            pass  # the worker already exited

    def _ended(self, result: Any) -> Any:
        """Forget a worker that is gone (reaped already); `result` passed through."""
        for fd in (self.request_w, self.answer_r):
            if fd >= 0:
                os.close(fd)
        self.pid = self.served = 0
        return result


def _serve(request_r: int, answer_w: int) -> None:
    """The worker's loop: one unit per request, each under its own time limits, until EOF."""
    status = 0
    try:
        os.setpgid(0, 0)  # its own group: a timeout kills whatever it started too
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        while (frame := isolate._read_frame(request_r, None)) is not None:
            fn, args, budget = pickle.loads(frame)  # from the process that forked it
            isolate._deadline = time.monotonic() + budget.seconds  # a file's worker gets a share of it
            _limit_cpu(budget)
            if budget.memory_bytes is not None:  # the soft limit only: it moves to each unit's own, as the CPU one
                isolate._lower_memory(budget.memory_bytes)
            isolate._answer(answer_w, fn, args)
    except BaseException:  # noqa: BLE001 - nothing may escape a forked child
        status = 70
    finally:
        os._exit(status)


def _limit_cpu(budget: Budget) -> None:
    """The unit's CPU time, counted from what the worker used before it: SIGXCPU ends the worker
    there. Only the soft limit moves (a hard limit, once lowered, could not be raised for the next
    unit); the parent's wall clock, which kills the whole group, stays the backstop."""
    used = resource.getrusage(resource.RUSAGE_SELF)
    soft = int(used.ru_utime + used.ru_stime + budget.seconds) + 1
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
