"""Session 44 (speed44s): a small job's start, in page faults.

(1) The CLI's process ends without the interpreter's teardown (cli.run, `_ended`): after the limited child's fork,
every page the teardown wrote was a page fault. Its exit functions still run, its output is flushed whole, its exit
status is the scan's; where a thread still runs the interpreter exits as usual.
(2) A cache entry is read into one object of its size and authenticated without a copy of its body (cache.py).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tracemalloc
from pathlib import Path

from conftest import CORPUS

from analyzer.engine.cache import ResultCache

ROOT = Path(__file__).resolve().parent.parent
HELLO = CORPUS / "jobs" / "benign_pt_client_api"

# Run as the `jobgate` console script runs: cli.run() with the command line, here with a witness of the
# interpreter's own exit (Py_FinalizeEx's first step, threading._shutdown, calls the functions registered with
# threading._register_atexit; the teardown follows) and an exit function registered before the CLI is imported.
_WRAPPER = """
import atexit, os, sys, threading
threading._register_atexit(lambda: os.write(2, b"torn down\\n"))
atexit.register(lambda: os.write(2, b"exit function ran\\n"))
if sys.argv[1] == "thread":  # a thread that runs until the interpreter's exit begins
    stop = threading.Event()
    threading._register_atexit(stop.set)
    threading.Thread(target=stop.wait).start()
from analyzer.commands.cli import run
sys.argv = ["jobgate", *sys.argv[2:]]
run()
"""


def _jobgate(*args: str, thread: bool = False) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", _WRAPPER, "thread" if thread else "-", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def test_a_scan_ends_without_the_teardown_with_its_status_output_and_exit_functions():
    done = _jobgate("scan", str(CORPUS / "malicious" / "base64_exec.py"), "--format", "json", "--no-cache")
    assert done.returncode == 1, done.stderr  # rejected
    (report,) = json.loads(done.stdout)["reports"]  # the whole report, flushed before the process ended
    assert report["decision"] == "reject"
    assert "exit function ran" in done.stderr
    assert "torn down" not in done.stderr


def test_an_escalation_and_a_configuration_error_keep_their_statuses():
    escalated = _jobgate("scan", str(HELLO), "--no-cache", "--fail-on", "escalate")
    assert escalated.returncode in (0, 3), escalated.stderr
    assert "torn down" not in escalated.stderr
    broken = _jobgate("scan", str(HELLO), "--policy", str(ROOT / "no-such-policy.yaml"))
    assert broken.returncode == 2
    assert "cannot read policy" in broken.stderr
    assert "torn down" not in broken.stderr


def test_with_a_thread_still_running_the_interpreter_exits_as_usual():
    done = _jobgate("scan", str(CORPUS / "malicious" / "base64_exec.py"), "--no-cache", thread=True)
    assert done.returncode == 1, done.stderr
    assert "exit function ran" in done.stderr
    assert "torn down" in done.stderr


def test_an_entry_is_read_without_copies_of_its_body(tmp_path: Path):
    cache = ResultCache(tmp_path)
    body = bytes(range(256)) * 8192  # 2 MB
    cache.write("k", body)
    tracemalloc.start()
    try:
        assert cache.read("k") == body
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1.5 * len(body)  # main read the file's bytes, then the body out of them, then key + body for the HMAC


def test_an_entry_whose_tag_line_is_damaged_or_cut_is_ignored(tmp_path: Path):
    cache = ResultCache(tmp_path)
    cache.write("k", b"body\nwith lines\n")
    entry = cache._path("k")
    whole = entry.read_bytes()
    assert cache.read("k") == b"body\nwith lines\n"
    for damaged in (whole[:64] + b" " + whole[65:], whole[:63] + whole[64:], whole[:64], b"\n" + whole,
                    whole[:64] + b"\n"):
        entry.write_bytes(damaged)
        assert cache.read("k") is None, damaged[:70]
    entry.write_bytes(whole)
    assert cache.read("k") == b"body\nwith lines\n"
