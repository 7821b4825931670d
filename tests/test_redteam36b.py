"""Red team 36b: site data leaving through what a traceback prints beside the exception raised (its cause, `raise E
from err`, and the exception being handled, `__context__`), through an exception no handler of its `try` catches, through how long a round lasts (waits the catalogue
vouches for: Event.wait, Lock.acquire, Queue.get, any timeout=) and the site's user name (Path.home, expanduser).
Each attack here was accepted before its fix; the legitimate form nearest to each stays accepted. Samples:
corpus/*/rt36b_*, near_rt36b_*. Closed since: the job's absolute paths in the update (38a: os.getcwd(); 39a:
__file__), a clean raise of a function called in a handler (38a), a helper's raise past a handler of another class
(39a). Still open (OPEN below): any other operation failing in a handler."""

from __future__ import annotations

import subprocess
import textwrap
import time
from pathlib import Path

import pytest

import redteam_kit as kit
from analyzer.model import Decision

ACCEPTED_BEFORE = [
    "malicious/rt36b_raise_from_caught.py", "malicious/rt36b_raise_from_built_cause.py",
    "malicious/rt36b_context_in_handler.py", "malicious/rt36b_handler_echo_chain.py",
    "malicious/rt36b_flower_raise_from.py", "malicious/rt36b_nb_raise_from.ipynb", "jobs/rt36b_job_context_chain",
    "malicious/rt36b_event_wait_timing.py", "malicious/rt36b_lock_acquire_timing.py",
    "malicious/rt36b_queue_get_timing.py", "malicious/rt36b_nb_event_wait.ipynb",
    "malicious/rt36b_home_user_meta.py", "malicious/rt36b_expanduser_meta.py",
    "malicious/rt36b_finally_raise.py", "malicious/rt36b_wrong_handler.py", "malicious/rt36b_handler_divide.py",
    "malicious/rt36b_handler_assert.py",
]
TWINS = [
    "benign/near_rt36b_handler_default.py",
    "benign/near_rt36b_flower_raise_from_none.py", "benign/near_rt36b_event_wait_constant.py",
    "benign/near_rt36b_home_data_path.py", "benign/near_rt36b_matching_handler.py",
]


@pytest.mark.parametrize("sample", ACCEPTED_BEFORE)
def test_attack_is_no_longer_accepted(sample: str) -> None:
    kit.assert_held(kit.scan_sample(sample), "update-channel-leak.")


@pytest.mark.parametrize("sample", TWINS)
def test_near_twin_stays_accepted(sample: str) -> None:
    kit.assert_accepted(kit.scan_sample(sample))


HEAD = kit.ROWS_CLIENT + "flare.send(flare.FLModel(params=model.params))\n"
# Each raises an exception whose own text is clean; Python's traceback prints the row anyway.
CHAINS = {
    "cause_caught": '''
try:
    float(rows[0][0])
except ValueError as err:
    raise RuntimeError("site code must be numeric") from err
''',
    "cause_built": '''
raise RuntimeError("diverged") from LookupError(f"{rows[0]}")
''',
    "context": '''
try:
    {"A": 0}[rows[0][0]]
except KeyError:
    raise ValueError("unknown code")
''',
    "context_by_echo": '''
def scale():
    try:
        return float(rows[0][0])
    except ValueError:
        return int("not numeric")
scale()
''',
    "no_handler": '''
try:
    raise RuntimeError(f"{rows[0]}")
finally:
    print("cleanup")
''',
    "other_handler": '''
try:
    raise RuntimeError(f"{rows[0]}")
except KeyError:
    pass
''',
    "divide_in_handler": '''
try:
    float(rows[0][0])
except ValueError:
    1 / 0
''',
}


def _run(tmp_path: Path, source: str, cell: str) -> subprocess.CompletedProcess:
    """`source` run for real on a site table whose first cell is `cell`."""
    return kit.run_with_stub(tmp_path, source, f"{cell},63,1\n7,40,0\n")


@pytest.mark.parametrize("name", sorted(CHAINS))
def test_traceback_prints_the_chained_row_and_the_gate_sees_it(tmp_path: Path, name: str) -> None:
    source = HEAD + textwrap.dedent(CHAINS[name])
    out = _run(tmp_path, source, "J. Smith")
    assert out.returncode == 1
    assert "J. Smith" in out.stderr, out.stderr  # what NVFlare writes into the job log it streams
    report = kit.scan_source(tmp_path, source)
    assert report.decision is not Decision.ACCEPT, name
    assert any(f.rule == "update-channel-leak.raw-data-logged" for f in report.findings)


def test_a_matching_handler_stays_accepted(tmp_path: Path) -> None:
    source = HEAD + textwrap.dedent('''
try:
    raise KeyError(f"{rows[0]}")
except LookupError:
    pass
''')
    out = _run(tmp_path, source, "J. Smith")
    assert out.returncode == 0 and "J. Smith" not in out.stderr
    assert kit.scan_source(tmp_path, source).decision is Decision.ACCEPT


def test_from_none_prints_no_row_but_a_bit_of_it(tmp_path: Path) -> None:
    """Whether row 0's cell parses decides whether the job ends with the message: one bit of a row named by a
    constant position, which the log counts since red team 40a (values._logged); the row itself is not printed."""
    source = HEAD + textwrap.dedent('''
try:
    float(rows[0][0])
except ValueError:
    raise RuntimeError("site code must be numeric") from None
''')
    out = _run(tmp_path, source, "J. Smith")
    assert out.returncode == 1 and "site code must be numeric" in out.stderr
    assert "J. Smith" not in out.stderr
    report = kit.scan_source(tmp_path, source)
    assert report.decision is Decision.ESCALATE
    assert {f.rule for f in report.findings} == {"update-channel-leak.unknown-provenance"}


WAITS = {
    "event": "import threading\nthreading.Event().wait(float(rows[0][0]))",
    "lock": "import threading\nlk = threading.Lock()\nlk.acquire()\nlk.acquire(timeout=float(rows[0][0]))",
    "queue": "import queue\ntry:\n    queue.Queue().get(timeout=float(rows[0][0]))\nexcept Exception:\n    pass",
}


@pytest.mark.serial  # asserts on wall time
@pytest.mark.parametrize("name", sorted(WAITS))
def test_a_wait_as_long_as_a_cell_is_seen(tmp_path: Path, name: str) -> None:
    source = HEAD.replace("flare.send(flare.FLModel(params=model.params))\n", "") + WAITS[name] + \
        "\nflare.send(flare.FLModel(params=model.params))\n"
    took = {}
    for cell in ("0.05", "0.8"):
        start = time.monotonic()
        assert _run(tmp_path, source, cell).returncode == 0
        took[cell] = time.monotonic() - start
    assert took["0.8"] - took["0.05"] > 0.5, took  # the server times the round: the cell
    report = kit.scan_source(tmp_path, source)
    assert report.decision is Decision.REJECT
    assert any(f.rule == "update-channel-leak.raw-data-in-update" for f in report.findings)


def test_a_constant_timeout_stays_accepted(tmp_path: Path) -> None:
    source = HEAD + "import threading\nthreading.Event().wait(0.5)\nthreading.Lock().acquire(timeout=1.0)\n"
    assert kit.scan_source(tmp_path, source).decision is Decision.ACCEPT


def _absolute_path_in_meta(tmp_path: Path, expr: str) -> Decision:
    return kit.scan_source(tmp_path, "import os\n" + HEAD.replace(
        "flare.FLModel(params=model.params)", f"flare.FLModel(params=model.params, meta={{'at': {expr}}})")).decision


def test_working_folder_in_meta(tmp_path: Path) -> None:
    """The working folder (the site's workspace path) is a host fact (closed by red team 38a: host_identity)."""
    assert _absolute_path_in_meta(tmp_path, "os.getcwd()") is not Decision.ACCEPT


def test_absolute_path_in_meta(tmp_path: Path) -> None:
    """The job's absolute path (the site's folder layout, often its user) in the update (closed by red team 39a:
    host_paths; a file read at the path is the file, so __file__ still builds every job's paths)."""
    assert _absolute_path_in_meta(tmp_path, "__file__") is not Decision.ACCEPT


CLEAN_RAISE_IN_CALLED_FUNCTION = '''
def fail():
    raise RuntimeError("unit must be numeric")
try:
    float(rows[0][0])
except ValueError:
    fail()
'''


def test_clean_raise_in_called_function(tmp_path: Path) -> None:
    """A job function that raises a clean exception, called in a handler: its traceback chains the handled one
    (closed by red team 38a: calls.py _may_raise)."""
    source = HEAD + textwrap.dedent(CLEAN_RAISE_IN_CALLED_FUNCTION)
    out = _run(tmp_path, source, "J. Smith")
    assert out.returncode == 1 and "J. Smith" in out.stderr  # holds: the leak is real
    assert kit.scan_source(tmp_path, source).decision is not Decision.ACCEPT


HELPER_RAISE_OTHER_HANDLER = '''
def check():
    raise RuntimeError(f"{rows[0]}")
try:
    check()
except KeyError:
    pass
'''


def test_helper_raise_past_another_handler(tmp_path: Path) -> None:
    """What a called function raises leaves past a handler of another class (closed by red team 39a: calls.py
    _raise_classes)."""
    source = HEAD + textwrap.dedent(HELPER_RAISE_OTHER_HANDLER)
    out = _run(tmp_path, source, "J. Smith")
    assert out.returncode == 1 and "J. Smith" in out.stderr  # holds: the leak is real
    assert kit.scan_source(tmp_path, source).decision is not Decision.ACCEPT


OPEN_CHAINS = {
    # any operation may raise in a handler (an attribute of None); only raises, asserts, divisions and echoing calls
    # and lookups are followed
    "attribute_error_in_handler": '''
try:
    float(rows[0][0])
except ValueError:
    None.missing
''',
}


@pytest.mark.parametrize("name", sorted(OPEN_CHAINS))
@pytest.mark.xfail(strict=True, reason="OPEN: the row reaches the traceback, the gate accepts: any attribute read or "
                                       "call may raise in a handler and chain the exception it handles; holding "
                                       "every handler of an echoing call that does anything (a log line, a counter) "
                                       "would hold the usual `except ValueError: skipped += 1` (docs/architecture.md)")
def test_open_chains(tmp_path: Path, name: str) -> None:
    source = HEAD + textwrap.dedent(OPEN_CHAINS[name])
    out = _run(tmp_path, source, "J. Smith")
    assert out.returncode == 1 and "J. Smith" in out.stderr  # holds: the leak is real
    assert kit.scan_source(tmp_path, source).decision is not Decision.ACCEPT
