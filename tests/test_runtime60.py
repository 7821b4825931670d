"""Session 60 (runtime60): another job's command line; NVFlare's hold on a job in a PID namespace; a site's user.

1. /proc/<pid>/cmdline is not behind the ptrace check that not dumpable holds: any process of the site's user,
   another job among them, read a job's command line (its argv, which a job writes in its own memory past the
   hook). Now the site's jobgate_guard.pth starts each NVFlare job process in a PID namespace of its own with a
   /proc of its own (handler/shared_memory.py): it sees its own processes only. Shown with real processes: a
   throw-away venv holding the .pth as `jobgate site install-guard` writes it, started as NVFlare's client parent
   starts a job process (`python -m nvflare.private.fed.app.client.worker_process ...`), under the real guard.
2. Job 1 read the run folder of a job started after it (session 59 hid only the earlier ones): now a job process
   sees its workspace as it was at its start, without any other job's run folder.
3. The process NVFlare holds is no longer the job itself but the one that waits for it: NVFlare's own launcher
   (utils/process_utils.py: spawn_process, ProcessAdapter) still reads the job's exit code, stops it with SIGKILL
   to its process group, and the job still sees its parent alive (worker_process.py's psutil.pid_exists).
4. All of it, and the early not-dumpable, as a user without privileges (the tests run as root).
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import replace
from pathlib import Path

import pytest

from nvflare.apis.job_launcher_spec import JobReturnCode
from nvflare.app_common.job_launcher.process_launcher import ProcessHandle
from nvflare.utils.process_utils import spawn_process

from handler import shared_memory
from test_guard import SITE_PACKAGES, venv_with_pth  # noqa: F401  (the fixture)
from test_runtime48 import ROOT, setup  # noqa: F401  (the fixture)
from test_runtime58 import _job
from test_runtime59 import _job as _run_job

pytestmark = pytest.mark.serial  # waits for processes to end within seconds

ROWS = "patient-0001,1970-01-01,HIV+"
# job 1's command line carries rows (its own argv, as a trainer's `--data ...` would); it waits on its stdin
LEFT = f"# {ROWS}\nprint('LEFT', flush=True); sys.stdin.readline()"
# job 2 reads every command line it can see (the rows' text made here, not in its own command line)
SEARCH = """\
import os
rows = bytes.fromhex({hexed!r})
seen = []
for pid in filter(str.isdigit, os.listdir("/proc")):
    try:
        seen.append(rows in open(f"/proc/{{pid}}/cmdline", "rb").read())
    except OSError:
        pass
print("FOUND" if any(seen) else "NOTHING", len(seen))
""".format(hexed=ROWS.encode().hex())


@pytest.mark.parametrize("as_nvflare_starts_it", [False, True], ids=["a script (no namespace)", "a job process"])
def test_a_job_reads_no_command_line_of_another_job(setup, tmp_path, venv_with_pth, as_nvflare_starts_it):  # noqa: F811
    cfg, _ = setup
    first = _job(venv_with_pth, tmp_path / "m", as_nvflare_starts_it, cfg, LEFT)
    try:
        assert first.stdout.readline().startswith("KERNEL") and first.stdout.readline() == "LEFT\n"
        second = _job(venv_with_pth, tmp_path / "m", as_nvflare_starts_it, replace(cfg, job_id="job2"), SEARCH)
        out, err = second.communicate(timeout=120)
    finally:
        first.communicate("\n", timeout=60)
    lines = out.splitlines()
    assert lines[-1] == "RAN", (lines, err[-2000:])
    if not as_nvflare_starts_it:  # the channel, as on main for a job process
        assert lines[1].startswith("FOUND"), lines
        return
    assert shared_memory.PROC_PRIVATE in lines[0], lines  # its guard's install record
    assert lines[1] == "NOTHING 2", lines  # its namespace's init and itself


LATER = """\
import os, time
open("ready", "w").close()
while not os.path.exists("go"):  # its own run folder, where the site puts the signal
    time.sleep(0.05)
try:
    print("READ", open(os.path.join("..", open("go").read(), "rows.csv")).read())
except OSError as err:
    print("NOTHING", type(err).__name__)
"""


@pytest.mark.parametrize("as_nvflare_starts_it", [False, True], ids=["a script (no namespace)", "a job process"])
def test_a_job_reads_no_run_folder_of_a_job_started_after_it(setup, tmp_path, venv_with_pth,  # noqa: F811
                                                            as_nvflare_starts_it):
    cfg, _ = setup
    first = replace(cfg, job_id=str(uuid.uuid4()))
    first = replace(first, run_dir=str(tmp_path / "ws" / first.job_id))
    Path(first.run_dir).mkdir()
    lines = []
    job = threading.Thread(target=lambda: lines.extend(
        _run_job(venv_with_pth, tmp_path / "m", as_nvflare_starts_it, first, LATER)))
    job.start()
    ready = Path(first.run_dir) / "ready"
    deadline = time.monotonic() + 120
    while not ready.exists() and job.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    later = tmp_path / "ws" / str(uuid.uuid4())  # job 2, started now, leaves rows in its run folder
    later.mkdir()
    (later / "rows.csv").write_text(ROWS)
    (Path(first.run_dir) / "go").write_text(later.name)
    job.join(timeout=120)
    assert lines[-1] == "RAN", lines
    assert lines[1] == ("NOTHING FileNotFoundError" if as_nvflare_starts_it else f"READ {ROWS}"), lines
    if as_nvflare_starts_it:
        assert "earlier jobs' run folders hidden: 0, later ones too" in lines[0], lines


WAIT = """\
import os, sys, time, psutil
with open(os.path.join(sys.argv[1], "seen"), "w") as fh:  # what NVFlare's worker_process reads of its parent
    fh.write(f"{os.getpid()} {os.getppid()} {psutil.pid_exists(os.getppid())}")
time.sleep(float(sys.argv[2]))
sys.exit(int(sys.argv[3]))
"""


def _spawned(venv: Path, tmp_path: Path, sleep: float, code: int):
    """A job process started by NVFlare's own launcher (posix_spawn, a session of its own), the .pth's namespace
    around it; the adapter NVFlare holds, and the file where the job says what it sees."""
    module = tmp_path / "m" / "nvflare" / "private" / "fed" / "app" / "client" / "worker_process.py"
    module.parent.mkdir(parents=True, exist_ok=True)
    module.write_text(WAIT)
    for package in module.parents[:5]:
        (package / "__init__.py").touch()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path / "m"), str(ROOT), SITE_PACKAGES]))
    args = [str(venv), "-m", "nvflare.private.fed.app.client.worker_process", str(tmp_path), str(sleep), str(code)]
    return spawn_process(args, env), tmp_path / "seen"


def _ends(adapter, within: float = 30) -> int | None:
    deadline = time.monotonic() + within
    while (code := adapter.poll()) is None and time.monotonic() < deadline:
        time.sleep(0.05)
    return code


def _group_gone(pgid: int, within: float = 10) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def _seen(path: Path, within: float = 30) -> str:
    deadline = time.monotonic() + within
    while not (path.exists() and path.read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return path.read_text()


def test_nvflare_reads_stops_and_signals_a_job_in_its_own_pid_namespace(tmp_path, venv_with_pth):  # noqa: F811
    # its exit code reaches NVFlare's handle as it left the job (9: NVFlare's ABORTED)
    adapter, seen = _spawned(venv_with_pth, tmp_path / "a", 0, 9)
    assert _ends(adapter) == 9 and ProcessHandle(process_adapter=adapter).poll() == JobReturnCode.ABORTED
    # the job, pid 2 of its namespace, sees its parent (the namespace's init) alive, as worker_process checks
    assert _seen(seen) == "2 1 True"
    # NVFlare's stop: SIGKILL to the job's process group, which every process of it is in
    adapter, seen = _spawned(venv_with_pth, tmp_path / "b", 600, 0)
    assert _seen(seen) == "2 1 True"
    pgid = adapter.pid
    adapter.terminate()
    assert _ends(adapter) == -signal.SIGKILL and _group_gone(pgid)
    # a signal to the process NVFlare holds reaches the job (the init of its namespace would ignore it)
    adapter, seen = _spawned(venv_with_pth, tmp_path / "c", 600, 0)
    assert _seen(seen)
    os.kill(adapter.pid, signal.SIGTERM)
    assert _ends(adapter) == 128 + signal.SIGTERM and _group_gone(adapter.pid)


def test_a_job_ends_with_the_client_parent(tmp_path, venv_with_pth):  # noqa: F811
    """worker_process stopped its job when the client parent went (its own watch, which now sees the namespace's
    init): the process NVFlare started ends the namespace instead."""
    client = ("import pathlib, sys, test_runtime60 as t; a, seen = t._spawned(*map(pathlib.Path, sys.argv[1:]), 600, 0); "
              "print(a.pid, flush=True); t._seen(seen)")
    done = subprocess.run([sys.executable, "-c", client, str(venv_with_pth), str(tmp_path)], capture_output=True,
                          text=True, timeout=120,
                          env=dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "tests")])))
    assert done.returncode == 0, done.stderr[-2000:]
    # NVFlare's worker_process watched its parent itself (this job does not): now the process NVFlare holds does
    assert _group_gone(int(done.stdout.split()[0]), within=15)


@pytest.fixture
def site_user():
    """A user without privileges, made for the test when it runs as root (and removed after)."""
    if os.getuid() != 0:
        yield None
        return
    name = f"jg60-{os.getpid()}"
    subprocess.run(["useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", name], check=True, timeout=60)
    try:
        yield pwd.getpwnam(name)
    finally:
        subprocess.run(["userdel", name], timeout=60)


UNPRIVILEGED = """\
import ctypes, os, sys
from handler import guard, shared_memory
shared_memory.make_private(["-m", sys.argv[1], "-n", "own"])
guard.not_dumpable()
print(ctypes.CDLL(None).prctl(3, 0, 0, 0, 0), os.getpid(), shared_memory.view(), flush=True)
sys.stdin.readline()
"""
READ_ENVIRON = """\
import sys
try:
    print("READ", b"NVFLARE_JOB_AUTH_TOKEN" in open(f"/proc/{sys.argv[1]}/environ", "rb").read())
except OSError as err:
    print("REFUSED", type(err).__name__)
"""


def test_namespaces_and_not_dumpable_hold_for_a_user_without_privileges(site_user):
    as_user = [] if site_user is None else ["setpriv", f"--reuid={site_user.pw_uid}", f"--regid={site_user.pw_gid}",
                                            "--clear-groups", "--bounding-set=-all", "--inh-caps=-all"]
    # a Python the user may run (the shared venv's may lie in root's home): jobgate's handler needs no package
    python = next((p for p in (sys.executable, "/usr/bin/python3") if subprocess.run(
        [*as_user, p, "-c", "pass"], capture_output=True, timeout=60).returncode == 0), None)
    if python is None:
        pytest.skip("no Python the unprivileged user may run")
    shared = Path(tempfile.mkdtemp(prefix="jg60-"))  # a workspace the user reads, with another job's folder
    try:
        shared.chmod(0o755)
        (shared / "2c1b1f38-5d1a-4e57-9c44-3b9b8e0b7a11").mkdir()
        env = dict(os.environ, PYTHONPATH=str(ROOT), NVFLARE_JOB_AUTH_TOKEN="t0ken", HOME=str(shared))
        job = subprocess.Popen([*as_user, python, "-c", UNPRIVILEGED, str(shared)], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=shared)
        try:
            dumpable, pid, view = job.stdout.readline().split(" ", 2)
            # not dumpable, pid 2 of its own namespace; /dev/shm, the other run folder and /proc its own
            assert (dumpable, pid) == ("0", "2"), (dumpable, pid, view)
            assert view.strip() == f"{shared_memory.SHM_PRIVATE}; earlier jobs' run folders hidden: 1, later ones " \
                                   f"too; {shared_memory.PROC_PRIVATE}"
            # another process of the same user, outside any namespace, reads neither waiting process's environ
            # (the one NVFlare holds, and the namespace's init: NVFlare's credentials are in both)
            waiting = [job.pid, *map(int, Path(f"/proc/{job.pid}/task/{job.pid}/children").read_text().split())]
            for pid in waiting:
                read = subprocess.run([*as_user, python, "-c", READ_ENVIRON, str(pid)], capture_output=True,
                                      text=True, timeout=60, env=env, cwd=shared)
                assert read.stdout.strip() == "REFUSED PermissionError", (pid, read.stdout, read.stderr)
        finally:
            job.communicate("\n", timeout=60)
        assert job.returncode == 0
    finally:
        shutil.rmtree(shared)


FLAGS = """\
import os
ws = os.path.dirname(os.getcwd())
print("FLAGS", [name for name in ("restart.fl", "shutdown.fl") if os.path.exists(os.path.join(ws, name))])
"""


def test_a_job_started_beside_the_parents_restart_flag_runs_and_leaves_it(setup, tmp_path, venv_with_pth):  # noqa: F811
    """NVFlare's job process removes restart.fl and shutdown.fl at the workspace's root at its start and stops where
    that fails (worker_process.py: remove_restart_file); bound into the view they could not be removed (EBUSY).
    Left out of it, the job runs, and the parent's files stay for its start script."""
    cfg, _ = setup
    job = replace(cfg, job_id=str(uuid.uuid4()))
    job = replace(job, run_dir=str(tmp_path / "ws" / job.job_id))
    Path(job.run_dir).mkdir()
    for name in ("restart.fl", "shutdown.fl"):
        (tmp_path / "ws" / name).touch()
    lines = _run_job(venv_with_pth, tmp_path / "m", True, job, FLAGS)
    assert lines[-2:] == ["FLAGS []", "RAN"], lines
    assert (tmp_path / "ws" / "restart.fl").exists() and (tmp_path / "ws" / "shutdown.fl").exists()
