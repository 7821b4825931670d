"""Session 48 (runtime48): the process guard against an author who has read handler/, installed in real child
processes as the site installs it (handler.guard.install; an audit hook cannot be removed, so never here).

Native code acts past the audit hook. Each attempt below wrote outside the job's folder, started a program or
reached a TCP port on main; the kernel now holds the guard's rules (handler/landlock.py, Linux Landlock)."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import Listener

from handler import audit, landlock
from handler.guard import GuardConfig

from test_site_check import all_layers, workspace  # noqa: F401  (the fixture)

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(landlock.abi() < 4, reason="the kernel offers no Landlock ABI 4 (Linux 6.7)")

PROBE = '''\
import sys
from handler import guard
guard.install(guard.GuardConfig.from_env(sys.argv[1]))
print("KERNEL", guard.installed().kernel)
try:
    exec(sys.argv[2])
    print("RAN")
except OSError as err:
    print("DENIED", err)
'''

FORK_EXEC = ("import _posixsubprocess, os; r, w = os.pipe(); pid = _posixsubprocess.fork_exec({argv}, [{argv}[0]], "
             "True, (), None, {env}, -1, -1, -1, -1, -1, -1, r, w, True, False, -1, None, None, None, -1, None, "
             "False); "
             "os.waitpid(pid, 0)")
CONNECT = ("import ctypes, socket, struct; s = socket.socket(); "
           "a = struct.pack('=H', socket.AF_INET) + struct.pack('!H4s8x', {port}, socket.inet_aton('127.0.0.1')); "
           "print('connect', ctypes.pythonapi.connect(s.fileno(), a, 16))")

# attempt -> code writing {out}/x (a folder outside the job's), each past the audit hook on main
WRITES = {
    "ctypes.pythonapi.system (the process's symbols, loaded before the hook)":
        "import ctypes; ctypes.pythonapi.system(b'touch {out}/x')",
    "ctypes.CDLL(<a library of the installation>).system (dlsym searches its dependencies)":
        "import ctypes, _ctypes; ctypes.CDLL(_ctypes.__file__).system(b'touch {out}/x')",
    "a ctypes function built from an address":
        "import ctypes; f = ctypes.cast(ctypes.pythonapi.open, ctypes.c_void_p).value; "
        "ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_int)(f)(b'{out}/x', 0o101, 0o644)",
    "_posixsubprocess.fork_exec (no audit event)": FORK_EXEC.format(argv="[b'/usr/bin/touch', b'{out}/x']", env="None"),
    "fork_exec of the site's Python with -S and no JOBGATE_GUARD (skips the .pth)":
        FORK_EXEC.format(argv="[sys.executable.encode(), b'-S', b'-c', b'open(\"{out}/x\", \"w\")']", env="[b'A=1']")
        .replace("import ", "import sys, ", 1),
    "libc fork and execve through ctypes":
        "import ctypes, os\npid = ctypes.pythonapi.fork()\nif pid == 0:\n"
        "    argv = (ctypes.c_char_p * 3)(b'/usr/bin/touch', b'{out}/x', None)\n"
        "    ctypes.pythonapi.execve(b'/usr/bin/touch', argv, None); ctypes.pythonapi._exit(0)\nos.waitpid(pid, 0)",
    "os.open under another folder's descriptor (dir_fd is not in the audit event)":
        "import os; d = os.open('{out}', os.O_RDONLY); os.open('x', os.O_WRONLY | os.O_CREAT, dir_fd=d)",
    "os.mkfifo (no audit event)": "import os; os.mkfifo('{out}/x')",
    "os.mknod (no audit event)": "import os, stat; os.mknod('{out}/x', stat.S_IFREG | 0o600)",
    "changing the guard's own state, then a plain open":
        "import handler.guard as g; object.__setattr__(g._installed.config, 'mode', 'audit'); open('{out}/x', 'w')",
}


@pytest.fixture
def setup(tmp_path):
    run_dir = tmp_path / "ws" / "job1"
    run_dir.mkdir(parents=True)
    out = tmp_path / "outside"
    out.mkdir()
    cfg = GuardConfig(mode="enforce", site="site-1", job_id="job1",
                      audit_log=str(tmp_path / "ws" / "local" / "a.jsonl"),
                      run_dir=str(run_dir), python=sys.executable,
                      install_dirs=(os.path.realpath(sys.prefix), os.path.realpath(sys.base_prefix)),
                      jobgate_root=str(ROOT))
    return cfg, out


def probe(cfg: GuardConfig, code: str, tmp_path: Path) -> list[str]:
    script = tmp_path / "probe.py"
    script.write_text(PROBE)
    proc = subprocess.run([sys.executable, str(script), cfg.to_env(), code], capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)), cwd=cfg.run_dir, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip().splitlines()


@pytest.mark.parametrize("attempt", list(WRITES))
def test_native_ways_out_of_the_job_folder_are_held_by_the_kernel(setup, tmp_path, attempt):
    cfg, out = setup
    lines = probe(cfg, WRITES[attempt].format(out=out), tmp_path)
    assert lines[0].startswith("KERNEL landlock abi"), lines
    assert not (out / "x").exists(), attempt
    # in audit mode nothing is denied: the same attempt goes through (it is what audit mode means)
    if attempt.startswith("os.mkfifo"):
        probe(replace(cfg, mode="audit"), WRITES[attempt].format(out=out), tmp_path)
        assert (out / "x").exists()


def test_a_tcp_port_that_is_not_nvflares_is_refused_to_native_code_in_a_trainer(setup, tmp_path):
    cfg, _ = setup
    closed, allowed = Listener(), Listener()
    try:
        lines = probe(replace(cfg, process="trainer", endpoints=(("127.0.0.1", allowed.port),)),
                      CONNECT.format(port=closed.port) + "; " + CONNECT.format(port=allowed.port), tmp_path)
        assert lines[1:3] == ["connect -1", "connect 0"], lines
        allowed.close()
        assert closed.arrived == 0 and allowed.arrived == 1
        # the job process leaves TCP to its trainer's rules (which it could not loosen): the hook alone holds
        closed = Listener()
        assert probe(cfg, CONNECT.format(port=closed.port), tmp_path)[1] == "connect 0"
    finally:
        closed.close()


def test_what_a_job_needs_still_works_under_the_kernel_rules(setup, tmp_path):
    cfg, out = setup
    inside = Path(cfg.run_dir) / "ckpt.bin"
    python = FORK_EXEC.format(argv="[sys.executable.encode(), b'-c', b'pass']", env="None") \
        .replace("import ", "import sys, ", 1).replace("os.waitpid(pid, 0)", "assert os.waitpid(pid, 0)[1] == 0")
    code = (f"import ctypes, multiprocessing\n"
            f"assert ctypes.pythonapi.open(b'{inside}', 0o101, 0o644) >= 0\n"  # native writes inside
            f"lock = multiprocessing.Lock(); lock.acquire(); lock.release()\n"  # a semaphore in /dev/shm
            f"open('/dev/null', 'w').write('x')\n"
            f"{python}\n"  # the site's Python starts (the hook alone judges how)
            f"open('{out}/x', 'w')")  # the hook's own denial, recorded in the site's audit log
    lines = probe(cfg, code, tmp_path)
    assert lines[-1].startswith("DENIED jobgate guard: writing"), lines
    assert inside.exists()
    [record] = [r for r in audit.read(Path(cfg.audit_log)) if r.get("layer") == "guard"]
    assert record["decision"] == "deny" and str(out / "x") in record["reason"]


def test_the_dynamic_loader_of_a_program_is_found():
    assert landlock.interpreter(os.path.realpath(sys.executable)).split("/")[-1].startswith("ld-")
    assert landlock.interpreter(__file__) is None


def test_an_extension_module_the_job_ships_is_not_loaded(setup, tmp_path):
    # an audit event that names the file (`import`, raised by _imp.create_dynamic); on main it loaded and ran
    cfg, _ = setup
    shipped = Path(cfg.run_dir) / "app_site-1" / "custom"
    shipped.mkdir(parents=True)
    import _json

    copy = shipped / Path(_json.__file__).name
    copy.write_bytes(Path(_json.__file__).read_bytes())
    load = ("import importlib.util; spec = importlib.util.spec_from_file_location('_json', {path!r}); "
            "importlib.util.module_from_spec(spec)")
    lines = probe(cfg, load.format(path=str(copy)), tmp_path)
    assert lines[-1] == (f"DENIED jobgate guard: loading extension module '_json' from {copy}, outside the Python "
                         f"installation (guard.native_libraries)"), lines
    # the installation's own extension modules load; a path the policy names loads too
    assert probe(cfg, load.format(path=_json.__file__), tmp_path)[-1] == "RAN"
    assert probe(replace(cfg, native_libraries=(str(copy),)), load.format(path=str(copy)), tmp_path)[-1] == "RAN"


def test_site_check_says_what_the_kernel_holds(jobgate, workspace):  # noqa: F811
    all_layers(workspace)
    out = jobgate("site", "check", str(workspace)).stdout
    assert f"kernel rules: Landlock ABI {landlock.abi()} (writes and program starts; TCP ports in trainers)" in out


def test_only_a_job_process_applies_the_kernel_rules_when_the_component_is_built():
    from handler.process_guard import job_process

    worker = "/site/lib/python3.11/site-packages/nvflare/private/fed/app/client/worker_process.py"
    argv = [worker, "-m", "/ws/site-1", "-w", "startup", "-t", "tok", "-d", "ssid", "-n", "job-7", "-c", "site-1",
            "-g", "server:8002", "-scheme", "grpc", "-p", "tcp://localhost:5001", "-s", "fed_client.json"]
    assert job_process(argv) == {"workspace": "/ws/site-1", "job_id": "job-7", "site": "site-1"}
    # the client parent builds the same component (option B): never restricted itself
    assert job_process(["/site/.../nvflare/private/fed/app/client/client_train.py", "-m", "/ws", "-s", "x"]) is None
    assert job_process(argv[:-4] + ["-p"]) == job_process(argv)  # a value missing at the end is no match
    assert job_process([worker, "-m", "/ws"]) is None


def test_native_code_cannot_truncate_the_sites_audit_log(setup, tmp_path):
    cfg, _ = setup
    lines = probe(cfg, f"import ctypes; print('fd', ctypes.pythonapi.open(b'{cfg.audit_log}', 0o1001, 0))", tmp_path)
    assert lines[1] == "fd -1", lines  # O_WRONLY | O_TRUNC
    assert Path(cfg.audit_log).exists()


def test_device_files_are_written_never_made(setup, tmp_path):
    # a GPU's /dev/nvidia* is opened for writing by native code (CUDA): another character device here
    cfg, _ = setup
    lines = probe(cfg, "import ctypes, os; print('fd', ctypes.pythonapi.open(b'/dev/zero', os.O_WRONLY, 0) >= 0); "
                       "print('made', ctypes.pythonapi.open(b'/dev/jobgate48', os.O_WRONLY | os.O_CREAT, 0o600))",
                  tmp_path)
    assert lines[1:3] == ["fd True", "made -1"], lines
    assert not os.path.exists("/dev/jobgate48")


def test_a_scratch_folder_not_made_yet_is_writable(setup, tmp_path):
    # the kernel's rules name folders that exist: the site's `~/.cache/huggingface` before a first download
    cfg, _ = setup
    scratch = tmp_path / "home" / ".cache" / "huggingface"
    lines = probe(replace(cfg, scratch=(str(scratch),)),
                  f"import os; os.makedirs('{scratch}/hub'); open('{scratch}/hub/model.bin', 'w').write('w')", tmp_path)
    assert lines[-1] == "RAN", lines
    assert (scratch / "hub" / "model.bin").read_text() == "w"
