"""Isolate: run one piece of analysis in a child process with resource limits.

The job's author chooses every byte the gate reads, and some inputs crash
libcst's native parser (SIGSEGV) or make a parser or the resolver eat
gigabytes and minutes. Such work runs in a forked child with an address-space
limit (RLIMIT_AS), a CPU-time limit (RLIMIT_CPU) and a wall clock, all from
the policy's `limits`; whatever happens there comes back as a result or as a
`Failure` naming the cause, never as a dead caller.

- `run_limited(fn, args, budget)` forks the calling process. The CLI uses it
  directly (it is single-threaded) for the files the pre-screen cannot vouch for.
- `ForkServer` is for a site: NVFlare's processes are threaded, and forking a
  threaded process can deadlock the child, so a site starts one small,
  single-threaded server process once (a fresh interpreter that imports
  jobgate from its own installation and warms it up) and hands each job to a
  limited child that the server forked, and warmed, before the job came
  (`_Standby`). A fresh interpreter would cost a second per job; a fork at
  the job's time tens of milliseconds on a loaded machine.

Results cross the process boundary as pickles written by jobgate's own code,
and are read back with an unpickler that only builds jobgate's result types.
A limited child also sends the findings it has made so far (`partial`: each
file's, each detector's, a file's rule matches before its detectors), so a
limit that stops it later cannot take them back: they come with the Failure
(`Failure.found`), and padding that makes the analysis slow or large hides
nothing found before it.
"""

from __future__ import annotations

import contextlib
import faulthandler
import functools
import io
import os
import pickle
import resource
import select
import signal
import struct
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Callable, Iterable, Iterator

from .. import collector

if TYPE_CHECKING:  # pragma: no cover
    import subprocess

_HEADER = struct.Struct("!Q")
# The server itself must answer within the child's wall clock plus this margin.
_SERVER_MARGIN = 10.0
_SERVER_START_SECONDS = 60.0
UNIT_FACTOR = 3  # Budget.unit_of


@dataclass(frozen=True)
class Budget:
    """The limits of one limited child."""

    seconds: float  # wall clock
    memory_bytes: int | None  # RLIMIT_AS of the child; None: the caller's own

    @classmethod
    def of(cls, limits: Any) -> "Budget":
        """The policy's `limits` as a child's budget."""
        return cls(limits.max_analysis_seconds, limits.max_worker_memory_mb * 1024 * 1024)

    @classmethod
    def unit_of(cls, limits: Any) -> "Budget":
        """A unit analysed in a child of the CLI or an API caller: a site's worker's memory limit for the whole
        unit (a bomb in the unit's own analysis took the host's 23 GB before session 44: only the files it
        isolates had a limit), and UNIT_FACTOR times the policy's seconds: a file's worker (a deep file's
        stand-in) may take the policy's seconds after the unit's own screening, and the unit must outlast it
        to name its limit beside the file's other findings. The memory limit counts from what the caller has
        mapped: a forked child starts with all of its parent's address space, and a caller holding NVFlare and
        torch (a test run after a real deployment's) left its child no room under 3 GB (every file an internal
        MemoryError)."""
        return cls(limits.max_analysis_seconds * UNIT_FACTOR, limits.max_worker_memory_mb * 1024 * 1024 + _mapped())

    def memory_text(self) -> str:
        return f"over {self.memory_bytes >> 20} MB" if self.memory_bytes is not None else "out of memory"


def _mapped() -> int:
    """This process's address space in bytes (VmSize), 0 where /proc does not say."""
    try:
        with open("/proc/self/status", "rb") as status:
            for line in status:
                if line.startswith(b"VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


@dataclass(frozen=True)
class Failure:
    """Why a limited child gave no result, with what it found before."""

    cause: str  # "worker-crashed" | "time-limit" | "memory-limit"
    detail: str
    found: tuple = ()  # findings the child sent before it failed (`partial`)
    reached: str = ""  # the last stage of its work the child announced (`reached`)

    @property
    def limit(self) -> str:
        return {"time-limit": "limits.max_analysis_seconds", "memory-limit": "limits.max_worker_memory_mb"}.get(
            self.cause, "")


# ----------------------------------------------------------------- framing
def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(_HEADER.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view):]


class Abandoned(Exception):
    """The process that asked for the work is gone (the fork server's client died mid-request)."""


def _read_frame(fd: int, deadline: float | None, asker: int | None = None) -> bytes | None:
    """One length-prefixed frame; None on EOF, TimeoutError when the deadline (if any) passes, Abandoned
    when `asker` (the pipe of the process waiting for this work) closes first."""
    buf = bytearray()
    need = _HEADER.size
    size = None
    while True:
        while len(buf) < need:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                raise TimeoutError
            if left is not None or asker is not None:
                ready = select.select([fd, *([asker] if asker is not None else [])], [], [], left)[0]
                if not ready:
                    raise TimeoutError
                if fd not in ready:  # the asker sends nothing while it waits: it closed, it died
                    raise Abandoned
            chunk = os.read(fd, need - len(buf))  # never past this frame: the next one may follow
            if not chunk:
                return None
            buf += chunk
        if size is None:
            size = _HEADER.unpack(bytes(buf[:_HEADER.size]))[0]
            del buf[:_HEADER.size]
            need = size
            continue
        return bytes(buf[:size])


class _ResultUnpickler(pickle.Unpickler):
    """Builds only what analysis returns: jobgate's result types and plain data."""

    _ALLOWED = {
        ("analyzer.model", "Report"), ("analyzer.model", "Finding"), ("analyzer.model", "FileEntry"),
        ("analyzer.model", "Approval"), ("analyzer.model", "Decision"), ("analyzer.engine.isolate", "Failure"),
        ("builtins", "set"), ("builtins", "frozenset"),
        # a large notebook read in a child (detectors/notebooks.py): plain fields
        ("analyzer.engine.notebooks", "Notebook"), ("analyzer.engine.notebooks", "Cell"),
        ("analyzer.engine.notebooks", "Line"),
    }

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in self._ALLOWED:
            raise pickle.UnpicklingError(f"unexpected type {module}.{name} from the worker")
        return super().find_class(module, name)


def _loads(data: bytes) -> Any:
    return _ResultUnpickler(io.BytesIO(data)).load()


# ------------------------------------------------------- partial results
# In a limited child: (pipe to its parent, the child's pid). A process forked
# from that child for other reasons (a worker pool) must not write into the
# pipe: its frames would interleave with the child's.
_stream: tuple[int, int] | None = None


def streaming() -> bool:
    """Whether this process is a limited child whose findings `partial` sends on."""
    return _stream is not None and _stream[1] == os.getpid()


def partial(findings: Iterable) -> None:
    """Findings made so far, sent to the parent now (in a limited child; elsewhere
    nothing): a limit that stops the child later cannot take them back. The
    child's result, when it comes, replaces them."""
    if not streaming():
        return
    batch = list(findings)
    if batch:
        try:
            _send_on(pickle.dumps(("part", batch), protocol=pickle.HIGHEST_PROTOCOL))
        except MemoryError:
            pass  # the result or the limit's Failure still comes


def reached(stage: str) -> None:
    """In a limited child: its work got to `stage`, told to its parent now (a Failure names the last one:
    api.analyze runs again apart only the stages a failed unit never began); elsewhere nothing."""
    if streaming():
        _send_on(pickle.dumps(("reached", stage)))


# The stages a unit's analysis announces after its Python files (analysis.unit_findings): each file detector's
# (stage_of), then the extra engines'. A unit that failed has the stages after the last one it reached run again
# apart (api.detectors_apart): never the one it failed in (a bomb of its own), which would only fail again.
ENGINES = "engines"


def stage_of(detector: str) -> str:
    return f"detector {detector}"


# Before the file detectors, the unit's Python files announce theirs, each as its analysis begins (python_stage): a
# unit that failed in one has it and the files after it read apart (api._unread_python).
PYTHON_STAGE = "python "


def python_stage(path: str) -> str:
    return PYTHON_STAGE + path


class _Found(dict):
    """A limited child's partial findings, in order, each once (the keys), and the last stage it reached."""
    reached = ""


def _send_on(frame: bytes) -> None:
    """A frame of partial findings to this limited child's parent."""
    _write_all(_stream[0], frame)


# ------------------------------------------------------------------ forking
def _limit_self(budget: Budget) -> None:
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if budget.memory_bytes is not None:
        _lower_memory(budget.memory_bytes)
    cpu = max(1, int(budget.seconds) + 1)
    _lower(resource.RLIMIT_CPU, cpu, cpu + 1)


def _lower_memory(limit: int) -> None:
    """RLIMIT_AS's soft limit only: the analysis never raises it, and semgrep, which the analysis starts with a
    memory limit of its own (engines/semgrep_engine.py), takes it back up to the hard one (its OCaml core maps
    more address space than it uses, and was killed under a site worker's 3 GB)."""
    _lower(resource.RLIMIT_AS, limit, resource.RLIM_INFINITY)


def _lower(kind: int, soft: int, hard: int) -> None:
    """Set a limit, never above the one this process inherited (a child of a limited child:
    raising a hard limit is refused, and the outer one holds anyway)."""
    _, inherited = resource.getrlimit(kind)
    if inherited != resource.RLIM_INFINITY:
        soft, hard = min(soft, inherited), min(hard, inherited)
    resource.setrlimit(kind, (soft, hard))


# The job's author chooses how deep the gate's walks go (a class's bases through 2,000 modules, an alias
# passed on through as many): a limited child runs its work in a thread whose stack holds a recursion limit
# that deep, so depth is not what ends an analysis (and hides what one detector would have found). Past it,
# the RecursionError is still a named finding. ~2.6 KB of C stack per Python frame: more than CPython 3.11
# takes even when each call goes through C (map, any, __instancecheck__: 0.3-0.7 KB measured).
DEEP_RECURSION_LIMIT = 100_000
DEEP_STACK_BYTES = 256 * 1024 * 1024
_deep = False  # this process runs on such a stack already (a worker forked from it too)


def _on_deep_stack(fn: Callable, args: tuple) -> Any:
    """fn(*args) in a thread with DEEP_STACK_BYTES of stack and DEEP_RECURSION_LIMIT (in a limited child,
    which is single-threaded: its process-wide limits are its own); here if that thread cannot start."""
    global _deep
    if _deep:
        return fn(*args)
    sys.setrecursionlimit(max(sys.getrecursionlimit(), DEEP_RECURSION_LIMIT))

    def deeply() -> Any:
        global _deep
        _deep = True
        return fn(*args)

    global _deep_waiter
    _deep_waiter = threading.current_thread()
    try:
        return in_thread(deeply, (), DEEP_STACK_BYTES)
    except _NoThread:  # no room for the stack under the memory limit
        return fn(*args)
    finally:
        _deep = False  # back on this thread's stack: a worker's next unit gets a deep stack of its own


_deep_waiter: threading.Thread | None = None  # the thread that waits while the deep stack's runs


def other_threads() -> int:
    """How many threads this process runs besides the calling one, not counting the one that only waits for
    the deep stack's (it holds no lock a fork could copy held): a fork is safe when there are none."""
    me = threading.current_thread()
    return sum(1 for t in threading.enumerate() if t is not me and t is not _deep_waiter)


PLAIN_RECURSION = 1000  # sys.getrecursionlimit() of a plain interpreter


@contextlib.contextmanager
def plain_recursion() -> Iterator[None]:
    """For a reader of the job's data that recurses once per level of it (PyYAML's composer): the
    recursion a plain process allows it, so that deep nesting ends in the RecursionError its caller reports,
    in milliseconds. On the deep stack PyYAML went 100,000 levels down, and its scanner, quadratic in the
    depth, held a 200 KB config.yaml for six minutes."""
    limit = sys.getrecursionlimit()
    depth, frame = 0, sys._getframe()
    while frame is not None:
        depth, frame = depth + 1, frame.f_back
    sys.setrecursionlimit(min(limit, depth + PLAIN_RECURSION))
    try:
        yield
    finally:
        sys.setrecursionlimit(limit)


# What a thread starts with where nothing asks for more (Linux: RLIMIT_STACK's 8 MB).
PLAIN_STACK_BYTES = 8 * 1024 * 1024


def on_plain_stack(fn: Callable, *args: Any) -> Any:
    """fn(*args) on a stack of the usual size, for native code that recurses with no limit of its own
    (libcst's parser): on the deep stack it would go a hundred times deeper, and as many times longer and
    larger, before it crashes anyway."""
    if not _deep:
        return fn(*args)
    try:
        return in_thread(fn, args, PLAIN_STACK_BYTES)
    except _NoThread:
        return fn(*args)


class _NoThread(Exception):
    pass


def in_thread(fn: Callable, args: tuple, stack_bytes: int) -> Any:
    """fn(*args) in a new thread with `stack_bytes` of stack, waited for: its result, or its error raised here."""
    outcome: list = []

    def run() -> None:
        try:
            outcome.append((True, fn(*args)))
        except BaseException as err:  # noqa: BLE001 - raised again in the calling thread
            outcome.append((False, err))

    before = threading.stack_size(stack_bytes)
    try:
        worker = threading.Thread(target=run, name="jobgate-stack")
        worker.start()
    except (RuntimeError, MemoryError) as err:
        raise _NoThread from err
    finally:
        threading.stack_size(before)  # threads the work starts (a pool's) need no such stack
    worker.join()
    done, value = outcome[0]
    if not done:
        raise value
    return value


# In a limited child: when its wall clock ends (time.monotonic()). A limited child it starts (a file's worker
# in a unit's) gets at most INNER_SHARE of what is left: its own limit comes first, and this child has the
# rest to name that limit beside what it found, instead of both ending at once and the file's findings with them.
_deadline: float | None = None
INNER_SHARE = 0.5


def _within_outer(budget: Budget) -> Budget:
    if _deadline is None:
        return budget
    left = (_deadline - time.monotonic()) * INNER_SHARE
    return budget if budget.seconds <= left else Budget(max(left, 0.05), budget.memory_bytes)


def _child(fd: int, fn: Callable, args: tuple, budget: Budget) -> None:
    global _deadline
    status = 0
    try:
        os.setpgid(0, 0)  # its own group: a timeout kills whatever it started too
        _deadline = time.monotonic() + budget.seconds
        _limit_self(budget)
        _answer(fd, fn, args)
    except BaseException:  # noqa: BLE001 - nothing may escape a forked child
        status = 70
    finally:
        os._exit(status)


def _answer(fd: int, fn: Callable, args: tuple) -> None:
    """In a limited child: fn(*args) written to `fd` for the parent, what stopped it named instead;
    the findings it sends on the way (`partial`) go to `fd` too."""
    global _stream
    _stream = (fd, os.getpid())  # its own stream, written by itself alone
    try:
        result: tuple = ("ok", _on_deep_stack(fn, args))
    except MemoryError:
        result = ("memory", "")
    except RecursionError:
        result = ("crash", "recursion limit")
    except BaseException as err:  # noqa: BLE001 - reported to the parent, which decides
        result = ("crash", f"{type(err).__name__}: {str(err)[:200]}")
    try:
        payload = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        result, payload = None, pickle.dumps(("memory", "while sending the result"))
    _write_all(fd, payload)


def _signal_name(sig: int) -> str:
    try:
        return signal.Signals(sig).name
    except ValueError:
        return f"signal {sig}"


_PR_SET_PDEATHSIG = 1  # linux/prctl.h


@functools.cache
def prctl() -> Callable | None:
    """libc's prctl (Linux), None elsewhere. Looked up in the process that forks, before it forks (ctypes'
    import, some 3 ms): each child it forks (every unit's, every nested one's, each job's of a fork server)
    finds it there instead of importing ctypes again."""
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


def _die_with(parent: int) -> None:
    """In a forked child (Linux): the kernel kills it when the thread that forked it ends. A child runs in a
    group of its own, so a kill of its parent's group (a unit's child stopped at its time limit) misses it,
    and it would run on, unread, until its own limits. Elsewhere nothing: the parent kills what it started."""
    request = prctl()
    if request is None:
        return
    request(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the request: no one would read the result
        os._exit(0)


def run_limited(fn: Callable, args: tuple, budget: Budget) -> Any:
    """fn(*args) in a forked child under `budget` (inside a limited child, within its clock): its result,
    or a Failure."""
    budget = _within_outer(budget)
    read_fd, write_fd = os.pipe()
    errors = tempfile.TemporaryFile()
    parent = os.getpid()
    prctl()  # looked up before the fork, once a process
    pid = os.fork()
    if pid == 0:
        _die_with(parent)
        os.close(read_fd)
        _quiet(errors)
        _child(write_fd, fn, args, budget)
    os.close(write_fd)
    return _outcome(pid, read_fd, budget, errors)


def _quiet(errors: IO[bytes]) -> None:
    """In a child: what native code prints on the way down goes to `errors`,
    for the parent's debug log, not to the site's console or the user."""
    faulthandler.disable()
    os.dup2(errors.fileno(), 2)


_WORDS = 4096  # bytes kept of each end of a child's stderr


def _last_words(errors: IO[bytes]) -> str:
    """The start and the end of what a child wrote to stderr: native code names a failed allocation first and
    may then print a long backtrace (RUST_BACKTRACE=1), so the end alone can lose it."""
    with errors:
        size = errors.seek(0, os.SEEK_END)
        errors.seek(0)
        head = errors.read(min(size, _WORDS))
        errors.seek(max(len(head), size - _WORDS))
        text = (head + (b"\n...\n" if size > 2 * _WORDS else b"") + errors.read()).decode("utf-8", "replace")
    if text:
        import logging  # here: a scan whose worker ends well never imports it

        logging.getLogger("jobgate").debug("jobgate: the analysis worker's last words:\n%s", text)
    return text


# What native code says when an allocation fails under RLIMIT_AS (Rust: libcst's parser).
_OUT_OF_MEMORY = ("memory allocation of", "MemoryError", "std::bad_alloc", "Cannot allocate memory")


def _outcome(pid: int, read_fd: int, budget: Budget, errors: IO[bytes], asker: int | None = None) -> Any:
    """Wait for a forked child's answer on `read_fd` (closed here) within the
    budget's wall clock; the child is reaped, and killed first if it is late or
    if `asker` closes (Abandoned: no one would read the answer)."""
    try:
        os.setpgid(pid, pid)  # as the child does: whichever runs first, the group exists
    except OSError:
        pass  # the child already exited
    found = _Found()
    try:
        answer = _answer_of(read_fd, time.monotonic() + budget.seconds, found, asker)
    except TimeoutError:
        return _late(pid, budget, errors, found)
    except Abandoned:
        _kill_group(pid)
        os.waitpid(pid, 0)
        raise
    finally:
        os.close(read_fd)
    return _judged(pid, answer, budget, errors, found)


def _answer_of(read_fd: int, deadline: float, found: _Found, asker: int | None = None) -> tuple | None:
    """A limited child's answer (kind, value), the findings it sent before it kept in `found`;
    None when it ended without one, TimeoutError when the deadline passes first."""
    while (frame := _read_frame(read_fd, deadline, asker)) is not None:
        kind, value = _loads(frame)
        if kind == "reached":
            found.reached = value
            continue
        if kind != "part":
            return kind, value
        found.update(dict.fromkeys(value))
        # A limited child of a limited child (a file's worker in a unit's): sent on at once, as it came
        # (not pickled again), so the outer limit, which may come first, cannot take them back either.
        if streaming():
            _send_on(frame)
    return None


def _late(pid: int, budget: Budget, errors: IO[bytes], found: _Found) -> "Failure":
    """A child past its wall clock, killed with whatever it started and reaped."""
    _kill_group(pid)
    os.waitpid(pid, 0)
    _last_words(errors)
    return Failure("time-limit", f"stopped after {budget.seconds:g} s", tuple(found), found.reached)


def _judged(pid: int, answer: tuple | None, budget: Budget, errors: IO[bytes], found: _Found) -> Any:
    """A child's answer, or the Failure that ended it, once it is reaped."""
    _, status = os.waitpid(pid, 0)
    last_words = _last_words(errors)
    if answer is None:
        how = f"killed by {_signal_name(os.WTERMSIG(status))}" if os.WIFSIGNALED(status) \
            else f"exited with status {os.WEXITSTATUS(status)} and no result"
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) in (signal.SIGXCPU, signal.SIGKILL):
            return Failure("time-limit", f"CPU time limit, {how}", tuple(found), found.reached)
        if any(words in last_words for words in _OUT_OF_MEMORY):
            return Failure("memory-limit", f"{budget.memory_text()} in native code, {how}", tuple(found), found.reached)
        return Failure("worker-crashed", how, tuple(found), found.reached)
    kind, value = answer
    if kind == "ok":
        return value
    if kind == "memory":
        return Failure("memory-limit", budget.memory_text() + (f", {value}" if value else ""),
                       tuple(found), found.reached)
    return Failure("worker-crashed", value, tuple(found), found.reached)


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


# ---------------------------------------------------------------- the server
# What a site asks the server to run: names, not callables, so that nothing but
# jobgate's own entry points can be requested.
def _tasks() -> dict[str, Callable]:
    from .. import api

    return {"analyze": api.analyze, "analyze-each-file-apart": functools.partial(api.analyze, vouch=False),
            "detectors-apart": api.detectors_apart, "python-apart": api.python_apart}


class _Standby:
    """A child forked ahead of the next request. It warms itself up (so the
    pages analysis writes to are already its own, not copied on the job's
    time), then waits for one request, takes on the request's limits and runs
    it: the fork and the copying happen between jobs, not during one."""

    def __init__(self, tasks: dict[str, Callable]):
        request_r, self.request_w = os.pipe()
        self.answer_r, answer_w = os.pipe()
        self.errors = tempfile.TemporaryFile()
        server = os.getpid()
        prctl()  # looked up before the fork, once a process
        self.pid = os.fork()
        if self.pid == 0:
            _die_with(server)
            os.close(self.request_w)
            os.close(self.answer_r)
            _quiet(self.errors)
            os.setpgid(0, 0)
            try:
                _warm_up()
            except Exception:  # noqa: BLE001 - a cold child is still a correct one
                pass
            frame = _read_frame(request_r, None)
            if frame is None:
                os._exit(0)
            name, args, budget = pickle.loads(frame)  # from the site's own process, through the server
            _child(answer_w, tasks[name], args, budget)
        os.close(request_r)
        os.close(answer_w)

    def run(self, frame: bytes, budget: Budget, asker: int) -> Any:
        try:
            _write_all(self.request_w, frame)
        except OSError:
            pass  # the child died while waiting: _outcome says how
        finally:
            os.close(self.request_w)
        return _outcome(self.pid, self.answer_r, budget, self.errors, asker)


def serve() -> None:
    """The fork server's loop: one framed request on stdin, one framed answer on stdout."""
    tasks = _tasks()
    # Everything imported and warmed so far is shared with each forked child;
    # frozen, the collector never touches (and so never copies) those pages.
    collector.freeze_for_forks()
    stdin, answers = 0, os.dup(1)
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)  # stray prints must not corrupt the answers
    standby = _Standby(tasks)
    _write_all(answers, pickle.dumps(("ready", os.getpid())))
    while True:
        frame = _read_frame(stdin, None)
        if frame is None:
            return
        # From the site's own process: what the server reads of the request itself (never the job's bytes).
        budget, configuration = pickle.loads(_read_frame(stdin, None) or b"")
        try:
            # The server runs in a session of its own, and a death signal would follow the site's thread
            # that started it, not the site: its stdin closing is what says the site is gone.
            result = standby.run(frame, budget, stdin)
        except Abandoned:
            return
        _write_all(answers, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        _configured(configuration)
        standby = _Standby(tasks)


def _configured(policy: Any) -> None:
    """The policy of the request just served (a site's jobs come under its one policy): its configuration
    loaded in the server and frozen with the rest, so that each child forked from now on starts with it. The
    warm-up loads the built-in one only, and a child loading a site's own rule packs or catalogue read and
    validated every pack and catalogue file again on its job's time (some 75 ms a job). One that fails to
    load is the children's to report, as before."""
    if policy is None:
        return
    from .. import api

    try:
        api.warm(policy)
    except Exception:  # noqa: BLE001 - a child that loads it itself is still a correct one
        return
    collector.freeze_for_forks()


_BOOT = """
import os, sys
sys.path[:0] = [p for p in {paths!r} if p not in sys.path]
from analyzer.engine import isolate
if os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(isolate.__file__)))) != {root!r}:
    sys.exit("jobgate's worker did not load jobgate from its installation")
isolate._warm_up()
isolate.serve()
"""


_WARM_UP_JOB = {
    "meta.json": '{"name": "warm-up", "deploy_map": {"app": ["@ALL"]}}',
    "app/config/config_fed_client.json": '{"format_version": 2, "executors": [], "components": []}',
    # A client's loop, as most jobs have one: what its analysis imports and builds on first use is warm too.
    "app/custom/train.py": (
        "import numpy as np\nimport nvflare.client as flare\n\n\n"
        "def train(weights, rounds):\n    for _ in range(rounds):\n        weights = weights + 1\n    return weights\n\n\n"
        "flare.init()\nwhile flare.is_running():\n    model = flare.receive()\n"
        "    model.params = {'w': train(np.zeros(3), 2)}\n    flare.send(model)\n"),
}


# What a scan imports only in the child that reads a notebook or a pyproject.toml (notebooks.py, build_hooks.py,
# flower_app.py): a one-off scan has no use for them, a site's server has them in every child it forks.
_CHILD_IMPORTS = ("symtable", "tomllib")


def _warm_up() -> None:
    """Import and exercise the engine on a tiny NVFlare job (a config, a script), analysed in this process
    (jobgate's own job, under no limit), so every forked child starts warm."""
    for name in _CHILD_IMPORTS:
        __import__(name)
    from .. import api

    with tempfile.TemporaryDirectory() as folder:
        for rel, text in _WARM_UP_JOB.items():
            Path(folder, rel).parent.mkdir(parents=True, exist_ok=True)
            Path(folder, rel).write_text(text)
        policy = api.load_policy()
        api.analyze_here(api.collect(folder, policy.limits), policy)


def _server_ended(why: str) -> None:
    """A site's admin sees each server that something ended (a job's input, the OOM killer, a signal)."""
    import logging

    logging.getLogger("jobgate").warning("jobgate: the analysis server ended (%s); a new one serves the next job", why)


class ForkServer:
    """A site's handle on its fork server; thread-safe, restarts a dead server."""

    def __init__(self) -> None:
        self._proc: subprocess.Popen | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        with self._lock:
            self._ensure()

    def _ensure(self) -> subprocess.Popen:
        if self._proc is not None:
            if self._proc.poll() is None:
                return self._proc
            _server_ended(f"exit status {self._proc.returncode}, between jobs")
        import subprocess  # here: only a site's fork server starts one, never a scan

        root = str(Path(__file__).resolve().parents[2])
        paths = [root] + [p for p in sys.path if p and Path(p).is_absolute() and p != root]
        # -I: no PYTHONPATH, no user site, no current folder: a job's folder on
        # either can never stand in for jobgate's own modules.
        proc = subprocess.Popen([sys.executable, "-I", "-c", _BOOT.format(paths=paths, root=root)], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, cwd=root, close_fds=True, start_new_session=True)
        try:
            frame = _read_frame(proc.stdout.fileno(), time.monotonic() + _SERVER_START_SECONDS)
        except TimeoutError:
            frame = None
        if frame is None or pickle.loads(frame)[0] != "ready":
            proc.kill()
            proc.wait()
            raise RuntimeError("jobgate's analysis worker did not start")
        self._proc = proc
        return proc

    def call(self, task: str, args: tuple, budget: Budget, policy: Any = None) -> Any:
        """The task's result, or a Failure; a server that died is restarted next time. `policy`: the one the
        task runs under, whose configuration the server then keeps for the next tasks (`_configured`)."""
        with self._lock:
            proc = self._ensure()
            try:
                _write_all(proc.stdin.fileno(), pickle.dumps((task, args, budget), protocol=pickle.HIGHEST_PROTOCOL))
                _write_all(proc.stdin.fileno(), pickle.dumps((budget, policy)))
                frame = _read_frame(proc.stdout.fileno(), time.monotonic() + budget.seconds + _SERVER_MARGIN)
            except TimeoutError:
                frame, why = None, "no answer in time"
            except OSError as err:
                frame, why = None, str(err)
            else:
                why = "no answer"
            if frame is None:
                self._stop(proc)
                _server_ended(f"{why} during a job, exit status {proc.returncode}")
                return Failure("worker-crashed", f"the analysis server failed ({why})")
            return _loads(frame)

    def _stop(self, proc: subprocess.Popen) -> None:
        proc.kill()
        proc.wait()
        self._proc = None

    def close(self) -> None:
        with self._lock:
            if self._proc is not None:
                self._stop(self._proc)
