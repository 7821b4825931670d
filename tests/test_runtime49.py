"""Session 49 (runtime49): the process guard against an author who has read handler/, installed in real child
processes as the site installs it (handler.guard.install; an audit hook cannot be removed, so never here)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from handler import audit, guard, landlock
from handler.guard import GuardConfig

from test_guard import venv_with_pth  # noqa: F401  (the fixture)
from test_site_check import all_layers, workspace  # noqa: F401  (the fixture)
from test_runtime48 import probe

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def setup(tmp_path):
    run_dir = tmp_path / "ws" / "job1"
    custom = run_dir / "app_site-1" / "custom"
    custom.mkdir(parents=True)
    cfg = GuardConfig(mode="enforce", site="site-1", job_id="job1",
                      audit_log=str(tmp_path / "ws" / "local" / "a.jsonl"),
                      run_dir=str(run_dir), python=sys.executable,
                      install_dirs=(os.path.realpath(sys.prefix), os.path.realpath(sys.base_prefix)),
                      jobgate_root=str(ROOT))
    return cfg, custom


# Modules a job ships in custom/ (NVFlare puts it on a trainer's PYTHONPATH, after the installation's folders):
# each says whether it ran before the process guard.
EVIL = ("import sys\nprint('EVIL before the guard' if 'handler.guard' not in sys.modules else 'EVIL after the guard',"
        " flush=True)\n")
START = ("import subprocess, sys, os\n"
         "legit = os.pathsep.join(sys.path + [{custom!r}])\n"  # what NVFlare gives a trainer (add_custom_dir_to_path)
         "env = dict(os.environ, PYTHONPATH={pythonpath}{extra})\n"
         "print(subprocess.run([{python!r}, {flags}'-c', 'import json'], env=env, capture_output=True, "
         "text=True).stdout.strip() or 'CHILD RAN')")

# attempt -> (flags, PYTHONPATH, more variables): each ran the job's module before the guard on main
ATTEMPTS = {
    "-W with a warning category from a module of the job (imported before site)":
        ("'-W', 'ignore::evilmod.W', ", "legit", ""),
    "-X frozen_modules=off: site comes from the import path (a folder before the installation's)":
        ("'-X', 'frozen_modules=off', ", "legit", ""),
    "PYTHONPATH with the job's folder first (json shadowed while the guard loads)":
        ("", "{custom!r} + os.pathsep + legit", ""),
    "PYTHONWARNINGS naming a module of the job": ("", "legit", ", PYTHONWARNINGS='ignore::evilmod.W'"),
}


@pytest.mark.parametrize("attempt", list(ATTEMPTS))
def test_a_python_child_runs_no_job_code_before_its_guard(setup, tmp_path, venv_with_pth, attempt):  # noqa: F811
    cfg, custom = setup
    (custom / "evilmod.py").write_text(EVIL + "class W(Warning):\n    pass\n")
    (custom / "json.py").write_text(EVIL)
    (tmp_path / "site.py").write_text(EVIL)  # the probe's folder, first on its sys.path, as NVFlare's working folder
    cfg = replace(cfg, python=str(venv_with_pth), children_guarded=True)
    flags, pythonpath, extra = ATTEMPTS[attempt]
    code = START.format(custom=str(custom), pythonpath=pythonpath.format(custom=str(custom)), extra=extra,
                        python=str(venv_with_pth), flags=flags)
    lines = probe(cfg, code, tmp_path)
    assert lines[-1].startswith("DENIED jobgate guard: starting Python with"), lines
    assert not any(line.startswith("EVIL") for line in lines), lines
    # NVFlare's own start of a trainer (its PYTHONPATH: the job process's sys.path, then custom/) runs guarded
    legit = START.format(custom=str(custom), pythonpath="legit", extra="", python=str(venv_with_pth), flags="")
    assert probe(cfg, legit, tmp_path)[-2:] == ["CHILD RAN", "RAN"]


def test_a_variable_changed_in_the_job_process_is_judged_at_the_childs_start(setup, tmp_path, venv_with_pth):  # noqa: F811
    # putenv of PYTHONPATH is allowed; the child's start is judged against the job process's start
    cfg, custom = setup
    (custom / "json.py").write_text(EVIL)
    cfg = replace(cfg, python=str(venv_with_pth), children_guarded=True)
    code = (f"import os, subprocess, sys; os.environ['PYTHONPATH'] = {str(custom)!r} + os.pathsep + "
            f"os.pathsep.join(sys.path); subprocess.run([{str(venv_with_pth)!r}, '-c', 'pass'])")
    lines = probe(cfg, code, tmp_path)
    assert lines[-1].startswith(f"DENIED jobgate guard: starting Python with {custom} on PYTHONPATH"), lines


needs_scopes = pytest.mark.skipif(landlock.abi() < 6, reason="the kernel offers no Landlock ABI 6 (Linux 6.12)")


@needs_scopes
def test_a_signal_to_a_process_outside_the_job_is_refused(setup, tmp_path):
    # the client parent, another job's process: same user, so the system allows it; on main the hook judged no
    # os.kill either (it does now: the next test)
    cfg, _ = setup
    outside = subprocess.Popen(["sleep", "60"])
    try:
        lines = probe(cfg, f"import os, ctypes; print('native', ctypes.pythonapi.kill({outside.pid}, 15)); "
                           f"os.kill({outside.pid}, 9)", tmp_path)
        assert lines[1:] == ["native -1", f"DENIED jobgate guard: sending signal 9 to process {outside.pid}, not "
                             "one of the job's own processes"], lines
        assert outside.poll() is None
        # the job's own children (a trainer, DataLoader workers) are in its domain: signalled as before
        own = "import subprocess; p = subprocess.Popen(['/usr/bin/sleep', '60']); p.kill(); print('own', p.wait())"
        assert probe(replace(cfg, programs=("/usr/bin/sleep",)), own, tmp_path)[1] == "own -9"
    finally:
        outside.kill()
        outside.wait()


@needs_scopes
def test_an_abstract_unix_socket_outside_the_job_is_refused_to_native_code(setup, tmp_path):
    cfg, _ = setup
    name = f"jobgate49-{os.getpid()}"
    server = socket.socket(socket.AF_UNIX)
    server.bind("\0" + name)
    server.listen(1)
    server.settimeout(0.5)
    try:
        code = ("import ctypes, socket; s = socket.socket(socket.AF_UNIX); "
                f"a = socket.AF_UNIX.to_bytes(2, 'little') + b'\\0{name}'; "
                "print('native', ctypes.pythonapi.connect(s.fileno(), a, len(a)))")
        lines = probe(cfg, code, tmp_path)
        assert lines[1] == "native -1", lines
        with pytest.raises(TimeoutError):
            server.accept()
        # audit mode applies no kernel rules: the same connect arrives (what the test would see on main)
        assert probe(replace(cfg, mode="audit"), code, tmp_path)[1] == "native 0"
        server.accept()[0].close()
    finally:
        server.close()


# A kernel without Landlock, or one that refuses the rules: the probe's process first installs a seccomp filter
# that answers one Landlock system call with an error (x86_64 and aarch64 number them alike), then the guard.
WITHOUT = '''\
import ctypes, struct, sys
nr, errno = int(sys.argv[3]), int(sys.argv[4])
code = struct.pack("=HBBI", 0x20, 0, 0, 0) + struct.pack("=HBBI", 0x15, 0, 1, nr) + \\
    struct.pack("=HBBI", 0x06, 0, 0, 0x00050000 | errno) + struct.pack("=HBBI", 0x06, 0, 0, 0x7FFF0000)
buf = ctypes.create_string_buffer(code)
prog = struct.pack("=HxxxxxxQ", 4, ctypes.addressof(buf))
libc = ctypes.CDLL(None, use_errno=True)
assert libc.prctl(38, 1, 0, 0, 0) == 0 and libc.prctl(22, 2, ctypes.c_char_p(prog), 0, 0) == 0
from handler import guard
guard.install(guard.GuardConfig.from_env(sys.argv[1]))
print("KERNEL", guard.installed().kernel)
import ctypes; print("native", ctypes.pythonapi.open(sys.argv[2].encode(), 0o101, 0o644))
'''


def without_landlock(cfg: GuardConfig, tmp_path: Path, nr: int, errno: int) -> subprocess.CompletedProcess:
    script = tmp_path / "without.py"
    script.write_text(WITHOUT)
    return subprocess.run([sys.executable, str(script), cfg.to_env(), str(tmp_path / "x"), str(nr), str(errno)],
                          capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)),
                          cwd=cfg.run_dir, timeout=60)


def test_a_kernel_without_landlock_is_said_loudly_and_one_that_refuses_the_rules_blocks(setup, tmp_path):
    cfg, _ = setup
    # no Landlock (landlock_create_ruleset: ENOSYS): the hook alone holds, and the guard says so at WARNING
    proc = without_landlock(cfg, tmp_path, 444, 38)
    assert proc.returncode == 0, proc.stderr
    assert f"KERNEL {guard.NO_KERNEL_RULES}" in proc.stdout and "native 3" in proc.stdout
    assert f"jobgate guard: {guard.NO_KERNEL_RULES}" in proc.stderr
    # Landlock there, its rules refused (landlock_add_rule: EPERM): no guard, so no job code (it was "the hook
    # alone holds" on main, silently)
    (tmp_path / "x").unlink()
    proc = without_landlock(cfg, tmp_path, 445, 1)
    assert proc.returncode != 0 and "landlock_add_rule" in proc.stderr and "native" not in proc.stdout, proc
    assert not (tmp_path / "x").exists()


def chattr(flag: str, path: Path) -> bool:
    return subprocess.run(["chattr", flag, str(path)], capture_output=True).returncode == 0


def test_the_audit_log_is_written_over_unless_the_site_makes_it_append_only(setup, tmp_path, jobgate, workspace):  # noqa: F811
    # the kernel's rules let the job process write the audit log (to append its records): native code opens it
    # without O_APPEND and writes over the first record
    cfg, _ = setup
    audit_log = Path(cfg.audit_log)
    audit_log.parent.mkdir(parents=True)
    audit.append(audit_log, {"layer": "gate", "decision": "reject", "job_id": "job0"})
    forged = audit_log.read_bytes().replace(b"reject", b"accept")  # the same length: written over in place
    overwrite = (f"import ctypes, os; fd = ctypes.pythonapi.open(b'{audit_log}', os.O_WRONLY, 0); "
                 f"print('wrote', fd >= 0 and ctypes.pythonapi.write(fd, {forged!r}, {len(forged)}))")
    assert probe(cfg, overwrite, tmp_path)[1] == f"wrote {len(forged)}"
    assert audit.read(audit_log)[0]["decision"] == "accept"
    # what `jobgate site check` now says of it, and what holds once the site follows it
    all_layers(workspace)
    site_log = workspace / "local" / "jobgate" / "audit.jsonl"
    site_log.parent.mkdir(parents=True, exist_ok=True)
    site_log.write_text("")
    assert "audit log: NOT append-only: native code" in jobgate("site", "check", str(workspace)).stdout
    if not (chattr("+a", site_log) and chattr("+a", audit_log)):
        pytest.skip("chattr +a needs root and a file system with the attribute")
    try:
        assert "audit log: append-only (chattr +a)" in jobgate("site", "check", str(workspace)).stdout
        audit.append(audit_log, {"layer": "gate", "decision": "reject", "job_id": "job1"})
        assert probe(cfg, overwrite, tmp_path)[1] == "wrote False"
        assert audit.read(audit_log)[-1]["job_id"] == "job1"
        # jobgate's own appends, from the guarded process, go on
        assert probe(cfg, f"open({str(tmp_path / 'out')!r}, 'w')", tmp_path)[-1].startswith("DENIED")
        assert audit.read(audit_log)[-1]["decision"] == "deny"
    finally:
        chattr("-a", site_log)
        chattr("-a", audit_log)


def test_an_allowed_program_does_not_load_the_jobs_library(setup, tmp_path):
    # guard.programs names a program; LD_PRELOAD (or LD_AUDIT, LD_LIBRARY_PATH) made it run a library the job
    # ships, native code the hook denies to ctypes and to import
    cfg, custom = setup
    src = tmp_path / "evil.c"
    src.write_text('#include <stdio.h>\n__attribute__((constructor)) static void evil(void) '
                   '{ printf("EVIL in the allowed program\\n"); fflush(stdout); }\n')
    shipped = custom / "libevil.so"
    if subprocess.run(["gcc", "-shared", "-fPIC", "-o", str(shipped), str(src)], capture_output=True).returncode:
        pytest.skip("no C compiler")
    cfg = replace(cfg, programs=(os.path.realpath("/usr/bin/true"),))
    run = ("import os, subprocess; print(subprocess.run(['/usr/bin/true'], env={env}, capture_output=True, "
           "text=True).stdout.strip() or 'NOTHING')")
    for var in ("LD_PRELOAD", "LD_AUDIT"):
        lines = probe(cfg, run.format(env=f"dict(os.environ, {var}={str(shipped)!r})"), tmp_path)
        assert lines[-1] == f"DENIED jobgate guard: starting 'true' with {var} changed", lines
    assert probe(cfg, run.format(env="None"), tmp_path)[-2:] == ["NOTHING", "RAN"]


@pytest.mark.serial  # asserts on wall time
def test_a_job_holding_the_audit_logs_lock_does_not_silence_the_site(setup, tmp_path):
    # fcntl.flock on the lock file (the job may open it: jobgate appends from its process); the hook judges no
    # flock. On main every record waited 30 s and was then lost: another job's gate decision failed, blocked.
    cfg, _ = setup
    audit_log = Path(cfg.audit_log)
    script = tmp_path / "holder.py"
    script.write_text(PROBE_HOLD)
    holder = subprocess.Popen([sys.executable, str(script), cfg.to_env(), f"{audit_log}.lock"], text=True,
                              stdout=subprocess.PIPE, env=dict(os.environ, PYTHONPATH=str(ROOT)), cwd=cfg.run_dir)
    try:
        assert holder.stdout.readline().strip() == "HOLDING"
        t0 = time.monotonic()
        audit.append(audit_log, {"layer": "gate", "job_id": "job2", "decision": "accept"})
        assert time.monotonic() - t0 < audit.LOCK_WAIT + 5
        assert audit.read(audit_log)[-1]["job_id"] == "job2"
    finally:
        holder.kill()
        holder.wait()


PROBE_HOLD = '''\
import fcntl, os, sys, time
from handler import guard
guard.install(guard.GuardConfig.from_env(sys.argv[1]))
fcntl.flock(os.open(sys.argv[2], os.O_RDONLY), fcntl.LOCK_EX)
print("HOLDING", flush=True)
time.sleep(120)
'''


# ---------------------------------------------------------------- the update filter (handler/update_filter.py)
class Hides(dict):
    """A mapping that shows the filter one thing and the serialiser, which reads it after the filter, another
    (the job's code decides when; on main the filter judged what items(), keys() and __iter__ said)."""

    revealed = False

    def items(self):
        return [(k, v) for k, v in dict.items(self) if k != "rows" or self.revealed]

    def keys(self):
        return [k for k, _ in self.items()]

    def __iter__(self):
        return iter(self.keys())

    def __len__(self):
        return len(self.keys())

    def __contains__(self, key):
        return key in self.keys()


def test_update_tricks_of_an_in_process_executor_are_refused(tmp_path):
    import numpy as np
    from nvflare.apis.dxo import DXO, DataKind

    from analyzer.runtime_policy import load_runtime_policy
    from handler.update_filter import incoming_record, judge

    policy = load_runtime_policy(None).update_filter
    model = {"w": np.ones((3, 2), np.float32), "b": np.zeros(2, np.float32)}
    incoming = incoming_record(DXO(DataKind.WEIGHTS, model).to_shareable())
    rows = np.arange(600.0)
    # a meta key is text too: 100 KB passed as the name of a key (max_string bounds values only)
    meta = DXO(DataKind.WEIGHT_DIFF, dict(model), meta={"x" * 100_000: 1}).to_shareable()
    # and, since session 57, over the whole result's text budget (runtime57: one budget for meta, headers, metrics)
    assert judge(meta, incoming, policy) == [
        "meta of result has a key of 100000 characters, over update_filter.max_string (256)",
        "100003 bytes of names, keys and strings, over update_filter.max_text (4096)"]
    # weights whose mapping hides a key from the filter's first look (the serialiser's is the second); since
    # session 55 a dict subclass is refused for its class (NVFlare's serialiser sends its __dict__ too)
    hidden = DXO(DataKind.WEIGHT_DIFF, Hides(model, rows=rows)).to_shareable()
    assert judge(hidden, incoming, policy) == ["weights are a Hides, not a dict of arrays"]
    # a metric name, a meta string that lie about their length
    class Short(str):
        def __len__(self):
            return 3

    metrics = DXO(DataKind.METRICS, {Short("m" * 5000): 0.9}).to_shareable()
    assert judge(metrics, None, policy)[0].startswith("metric name '<Short>'")  # session 55: not a str's class
    short = DXO(DataKind.WEIGHTS, dict(model), meta={"note": Short("r" * 5000)}).to_shareable()
    assert judge(short, incoming, policy) == [
        "meta of result['note'] is a Short: only numbers, short strings and small lists and mappings "
        "(update_filter.max_depth 3)"]


# Native UDP, sent from the job process and a trainer on main (Landlock says nothing of UDP), is refused by the
# kernel since session 50: tests/test_runtime50.py.


def test_the_hook_holds_signals_where_the_kernel_has_no_signal_scope(setup, tmp_path):
    # Landlock's signal scope needs Linux 6.12 (ABI 6): Ubuntu 22.04's 5.15 and RHEL 9's 5.14 lack it. The
    # hook judges os.kill and os.killpg itself; audit mode (no kernel rules) shows what it would deny alone.
    cfg, _ = setup
    outside = subprocess.Popen(["sleep", "60"], start_new_session=True)  # a group of its own: audit mode sends
    try:
        cfg = replace(cfg, mode="audit", programs=("/usr/bin/sleep",))
        code = (f"import os, signal, subprocess; os.kill({outside.pid}, 0); "
                "own = subprocess.Popen(['/usr/bin/sleep', '60'], start_new_session=True); "
                "os.killpg(own.pid, signal.SIGTERM); print('own', own.wait()); "
                f"os.kill({outside.pid}, signal.SIGTERM); os.killpg(os.getpgid({outside.pid}), signal.SIGTERM)")
        assert probe(cfg, code, tmp_path)[1] == "own -15" and outside.wait(10) == -15
        would = [r["reason"] for r in audit.read(Path(cfg.audit_log)) if r["decision"] == "would-deny"]
        assert would == [f"sending signal 15 to process {outside.pid}, not one of the job's own processes",
                         f"sending signal 15 to process group {outside.pid}, not one of the job's own processes"], would
    finally:
        outside.kill()
        outside.wait()


def test_the_childs_guard_settings_are_the_ones_the_guard_set(setup, tmp_path, venv_with_pth):  # noqa: F811
    # os.environ._data changed without a putenv (no audit event): a child handed that copy of the environment ran
    # its guard in audit mode, with no credential paths, whatever the job wrote there
    cfg, _ = setup
    secret = tmp_path / "home" / ".ssh" / "id_rsa"
    secret.parent.mkdir(parents=True)
    secret.write_text("KEY")
    cfg = replace(cfg, python=str(venv_with_pth), children_guarded=True, credential_paths=(str(secret.parent),))
    loose = replace(cfg, mode="audit", process="trainer", credential_paths=())
    code = (f"import os, subprocess, sys; os.environ._data[b'JOBGATE_GUARD'] = {loose.to_env()!r}.encode(); "
            f"print(subprocess.run([{str(venv_with_pth)!r}, '-c', {f'print(open({str(secret)!r}).read())'!r}], "
            f"env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path)), capture_output=True, text=True).stdout"
            f".strip() or 'NOTHING')")
    lines = probe(cfg, code, tmp_path)
    assert lines[-1] == "DENIED jobgate guard: starting Python without the process guard's settings", lines
