"""Session 29 hardening: deep programs, orphan workers, fail closed."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import libcst as cst
import pytest

from analyzer import api
from analyzer.engine import isolate
from analyzer.engine.analysis import linked_program
from analyzer.engine.flow import engine, facts, module_flow
from analyzer.engine.resolve import Resolver
from analyzer.engine.rules import load_rules
from analyzer.model import Decision
from analyzer.policy import load_policy

# Asserts on wall time (its time budgets and limits): `make test` runs it alone, after the parallel run.
pytestmark = pytest.mark.serial

SECRET = ("import os\nimport nvflare.client as flare\nfrom nvflare.app_common.abstract.fl_model import FLModel\n\n"
          "flare.init()\nflare.send(FLModel(params={'k': os.environ['AWS_SECRET_ACCESS_KEY']}))\n")


def test_an_aborted_fill_of_a_modules_facts_is_never_read_as_no_source_and_no_sink(monkeypatch) -> None:
    """_facts keeps its entry before filling it (a cycle meets it); an error part-way (a RecursionError deep in
    a class walk) left it cached half-filled, and the next reader (another detector, a retry) took the module
    for one without a source or a sink: its leak was never looked for."""
    policy = load_policy()
    program = linked_program({"leak.py": SECRET.encode()}, load_rules(policy), policy)
    r = Resolver(cst.parse_module(SECRET), program=program, name="leak", path="leak.py")

    def too_deep(_name):
        raise RecursionError("maximum recursion depth exceeded")

    with monkeypatch.context() as m:
        m.setattr(facts, "_name_kind", too_deep)
        with pytest.raises(RecursionError):
            engine.worth_running(r)
    assert engine.worth_running(r)


LEAK = ("import os\nimport nvflare.client as flare\nfrom nvflare.app_common.abstract.fl_model import FLModel\n\n"
        "flare.init()\nflare.send(FLModel(params={'k': %s}))\n")


def _inheritance_chain(folder: Path, depth: int) -> Path:
    """class C{i}(C{i-1}) in m{i}.py, each importing the one before: the secret-leak detector walks the chain
    (is the object a dataset?) one frame set per module."""
    (folder / "m0.py").write_text("class C0:\n    pass\n")
    for i in range(1, depth + 1):
        (folder / f"m{i}.py").write_text(f"from m{i - 1} import C{i - 1}\n\n\nclass C{i}(C{i - 1}):\n    pass\n")
    (folder / "train.py").write_text(f"from m{depth} import C{depth}\n\nx = C{depth}()\n" +
                                     LEAK % "os.environ['AWS_SECRET_ACCESS_KEY']")
    return folder


def _alias_chain(folder: Path, depth: int) -> Path:
    """v{i} = v{i-1} across modules: the flow follows each imported value one module inside another."""
    (folder / "m0.py").write_text("import os\n\nv0 = os.environ['AWS_SECRET_ACCESS_KEY']\n")
    for i in range(1, depth + 1):
        (folder / f"m{i}.py").write_text(f"from m{i - 1} import v{i - 1}\n\nv{i} = v{i - 1}\n")
    (folder / "train.py").write_text(f"from m{depth} import v{depth}\n" + LEAK % f"v{depth}")
    return folder


@pytest.mark.parametrize("chain", [_inheritance_chain, _alias_chain])
def test_a_secret_behind_a_300_module_chain_is_rejected_not_an_internal_error(chain, tmp_path: Path) -> None:
    """Python's recursion limit ended the secret-leak detector (RecursionError) and the unit escalated with an
    internal error instead of rejecting: the limited child now runs the analysis on a deep stack."""
    report = api.scan(chain(tmp_path, 300))
    rules = {f.rule for f in report.findings}
    assert "credential-harvest.secret-in-channel" in rules
    assert "unanalyzable.internal-error" not in rules
    assert report.decision is Decision.REJECT


def test_the_deep_stack_runs_the_work_and_raises_its_errors_in_the_caller() -> None:
    def deep(n: int) -> int:
        return n if n == 0 else 1 + deep(n - 1)

    assert isolate.run_limited(deep, (50_000,), isolate.Budget(60, None)) == 50_000
    failure = isolate.run_limited(deep, (10 ** 7,), isolate.Budget(60, None))
    assert isinstance(failure, isolate.Failure) and failure.detail == "recursion limit"


def test_a_chain_of_classes_is_walked_once_per_class_not_once_per_question(tmp_path: Path, monkeypatch, in_process) -> None:
    """protocol.methods asks whether each base of each class of a chain is a dataset: n^2 questions, and each
    walked the chain again (n^3 steps: 39,778 for 60 classes; 120 took 5 s, 300 ran past the 120 s time limit once the deep
    stack let it run). Each class's answer is now kept for the program."""
    depth = 60
    (tmp_path / "train.py").write_text("class C0:\n    pass\n" + "".join(
        f"class C{i}(C{i - 1}):\n    pass\n" for i in range(1, depth + 1)) + f"x = C{depth}()\n" +
        LEAK % "os.environ['AWS_SECRET_ACCESS_KEY']")
    steps = []
    job_dataset = facts._job_dataset
    for module in (facts, module_flow):  # the modules that ask
        monkeypatch.setattr(module, "_job_dataset", lambda *args: steps.append(1) or job_dataset(*args))
    report = api.scan(tmp_path / "train.py")
    assert report.decision is Decision.REJECT
    assert len(steps) < 10 * depth


def _sleep_forever(pid_file: str) -> None:
    import os
    import time

    Path(pid_file).write_text(str(os.getpid()))
    while True:
        time.sleep(1)  # no CPU time: only a kill ends it


def _file_worker_that_sleeps(pid_file: str):
    return isolate.run_limited(_sleep_forever, (pid_file,), isolate.Budget(600, None))


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie is gone, waiting to be reaped
    except FileNotFoundError:
        return False


def test_a_units_child_killed_at_its_limit_takes_its_file_workers_with_it(tmp_path: Path) -> None:
    """A file's worker runs in a process group of its own (isolate._child), so the unit child's group kill
    at its time limit missed it: it lived on until its own limits (600 s here; CPU-bound, the policy's
    seconds). Each limited child now dies with the process that forked it (PR_SET_PDEATHSIG)."""
    import time

    pid_file = tmp_path / "worker.pid"
    result = isolate.run_limited(_file_worker_that_sleeps, (str(pid_file),), isolate.Budget(2, None))
    assert isinstance(result, isolate.Failure) and result.cause == "time-limit"
    worker = int(pid_file.read_text())
    deadline = time.monotonic() + 5
    while _alive(worker) and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        assert not _alive(worker)
    finally:
        if _alive(worker):
            os.kill(worker, signal.SIGKILL)


def _spin() -> None:
    while True:
        pass


def _file_worker_in_a_unit(seconds: float):
    return isolate.run_limited(_spin, (), isolate.Budget(seconds, None))


def test_a_file_worker_gets_a_share_of_its_units_clock_so_its_own_limit_is_named() -> None:
    """A deep file's stand-in worker had the policy's seconds, as did the unit's child around it: the unit's
    limit could come first and take the file's own limit (and what the file's screen said) with it. The
    inner clock is now at most half of what is left of the outer one."""
    result = isolate.run_limited(_file_worker_in_a_unit, (30,), isolate.Budget(4, None))
    assert isinstance(result, isolate.Failure) and result.cause == "time-limit"
    assert result.detail != "stopped after 4 s"  # the file worker's limit, sent back by the unit's child


def _read_deep_yaml(depth: int) -> list[str]:
    from analyzer.engine import configs

    doc = configs.ConfigDoc("config.yaml", "yaml")
    configs._read_yaml("a: " + "[" * depth + "]" * depth + "\n", doc)
    return [p.text for p in doc.problems]


def test_yaml_in_a_limited_child_keeps_the_plain_recursion_limit() -> None:
    """On the deep stack PyYAML composed 100,000 nested brackets (a 200 KB config.yaml), and its scanner,
    quadratic in the depth, held the unit for six minutes (the unit's time limit) where a plain process ends
    it in a RecursionError (a parse problem) at once."""
    # 900: within configs.MAX_YAML_OPEN_BRACKETS (session 30 counts brackets first), past what composes
    problems = isolate.run_limited(_read_deep_yaml, (900,), isolate.Budget(60, None))
    assert problems and "recursion" in problems[0]
