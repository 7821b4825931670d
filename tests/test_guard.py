"""The process guard, installed in real child processes (an audit hook cannot
be removed, so never in the test process itself)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import sysconfig
from dataclasses import asdict, replace
from pathlib import Path

import pytest

from conftest import Listener

from handler import audit
from handler.guard import GuardConfig, _start_up_option
from handler.guard_boot import PTH_LINE, PTH_NAME

ROOT = Path(__file__).resolve().parent.parent
SITE_PACKAGES = sysconfig.get_paths()["purelib"]

PROBE = '''\
import json, sys
from handler import guard
guard.install(guard.GuardConfig.from_env(sys.argv[1]))
try:
    exec(sys.argv[2])
    print("OK")
except PermissionError as err:
    print("DENIED", err)
'''


@pytest.fixture
def listener():
    lst = Listener()
    yield lst
    lst.close()


@pytest.fixture
def config(tmp_path):
    run_dir = tmp_path / "ws" / "job1"
    run_dir.mkdir(parents=True)
    secrets = tmp_path / "home" / ".ssh"
    secrets.mkdir(parents=True)
    (secrets / "id_rsa").write_text("KEY")
    return GuardConfig(mode="enforce", site="site-1", job_id="job1", audit_log=str(tmp_path / "audit.jsonl"),
                       run_dir=str(run_dir), credential_paths=(str(secrets),), python=sys.executable,
                       install_dirs=(os.path.realpath(sys.prefix), os.path.realpath(sys.base_prefix)),
                       jobgate_root=str(ROOT))


def probe(cfg: GuardConfig, code: str, tmp_path: Path, env: dict | None = None, cwd: Path | None = None) -> str:
    script = tmp_path / "probe.py"
    script.write_text(PROBE)
    env = dict(os.environ if env is None else env, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, str(script), cfg.to_env(), code], capture_output=True, text=True,
                          env=env, cwd=cwd or cfg.run_dir, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip().splitlines()[-1]


def denials(cfg: GuardConfig) -> list[dict]:
    return [r for r in audit.read(Path(cfg.audit_log)) if r["layer"] == "guard"]


def test_a_connection_to_a_port_that_is_not_nvflares_never_arrives(config, tmp_path, listener):
    code = f"import socket; socket.create_connection(('127.0.0.1', {listener.port}), timeout=2)"
    out = probe(config, code, tmp_path)
    assert out.startswith("DENIED") and f"127.0.0.1:{listener.port}" in out
    assert listener.arrived == 0
    rec = denials(config)[-1]
    assert rec["event"] == "socket.connect" and rec["decision"] == "deny" and rec["job_id"] == "job1"


def test_nvflares_endpoint_and_policy_ports_are_reachable(config, tmp_path, listener):
    code = f"import socket; socket.create_connection(('127.0.0.1', {listener.port}), timeout=2).close()"
    assert probe(replace(config, endpoints=(("localhost", listener.port),)), code, tmp_path) == "OK"
    assert probe(replace(config, loopback_ports=(listener.port,)), code, tmp_path) == "OK"
    assert listener.arrived == 2


def test_name_look_ups_of_other_hosts_are_denied(config, tmp_path):
    out = probe(config, "import socket; socket.getaddrinfo('leak-' + 'abc123.example.org', 53)", tmp_path)
    assert out.startswith("DENIED") and "name look-up of 'leak-abc123.example.org'" in out


def test_programs_outside_the_allow_list_never_start(config, tmp_path):
    marker = tmp_path / "ran"
    for code in (f"import subprocess; subprocess.run(['touch', {str(marker)!r}])",
                 f"import os; os.system('touch ' + {str(marker)!r})",
                 f"import os; os.posix_spawnp('touch', ['touch', {str(marker)!r}], dict(os.environ))"):
        out = probe(config, code, tmp_path)
        assert out.startswith("DENIED") and "not in guard.programs" in out, code
    assert not marker.exists()
    allowed = replace(config, programs=(os.path.realpath("/usr/bin/touch"),))
    inside = Path(config.run_dir) / "ran"
    assert probe(allowed, f"import subprocess; subprocess.run(['touch', {str(inside)!r}], check=True)",
                 tmp_path) == "OK"
    assert inside.exists()
    # an allowed program writes where the job may, held by the kernel (handler/landlock.py, session 48)
    assert probe(allowed, f"import subprocess; print(subprocess.run(['touch', {str(marker)!r}]).returncode)",
                 tmp_path) == "OK"
    assert not marker.exists()


def test_the_sites_python_starts_only_under_the_guard(config, tmp_path):
    start = "import subprocess, sys, os; subprocess.run([sys.executable, {flags}'-c', 'pass'], env={env}, check=True)"
    unguarded = probe(config, start.format(flags="", env="None"), tmp_path)
    assert "no jobgate_guard.pth" in unguarded
    guarded = replace(config, children_guarded=True)
    assert probe(guarded, start.format(flags="", env="None"), tmp_path) == "OK"
    assert "-S" in probe(guarded, start.format(flags="'-uS', ", env="None"), tmp_path)
    stripped = "{k: v for k, v in os.environ.items() if k != 'JOBGATE_GUARD'}"
    assert "without the process guard's settings" in probe(guarded, start.format(flags="", env=stripped), tmp_path)
    preload = "dict(os.environ, LD_PRELOAD='/tmp/x.so')"
    assert "LD_PRELOAD changed" in probe(guarded, start.format(flags="", env=preload), tmp_path)
    assert "changing JOBGATE_GUARD" in probe(guarded, "import os; del os.environ['JOBGATE_GUARD']", tmp_path)


def test_writes_outside_the_job_folder_and_credential_reads_are_denied(config, tmp_path):
    outside = tmp_path / "outside.txt"
    inside = Path(config.run_dir) / "model.npy"
    assert probe(config, f"open({str(inside)!r}, 'w').write('x')", tmp_path) == "OK"
    out = probe(config, f"open({str(tmp_path)!r} + '/outside' + '.txt', 'w').write('x')", tmp_path)
    assert out.startswith("DENIED") and "outside the job's folder" in out and not outside.exists()
    assert "outside the job's folder" in probe(config, f"import os; os.mkdir({str(tmp_path / 'd')!r})", tmp_path)
    scratch = replace(config, scratch=(str(tmp_path),))
    assert probe(scratch, f"open({str(outside)!r}, 'w').write('x')", tmp_path) == "OK"
    key = Path(config.credential_paths[0]) / "id_rsa"
    assert "credential path" in probe(config, f"open({str(key)!r}).read()", tmp_path)
    link = Path(config.run_dir) / "k"
    assert "credential path" in probe(config, f"import os; os.symlink({str(key)!r}, {str(link)!r})", tmp_path)
    assert "credential path" in probe(config, f"import os; os.listdir({config.credential_paths[0]!r})", tmp_path)


def test_a_tree_outside_the_job_folder_is_not_removed_and_descriptors_name_their_folder(config, tmp_path):
    victim = tmp_path / "site-data"
    (victim / "sub").mkdir(parents=True)
    (victim / "train.csv").write_text("rows")
    (victim / "sub" / "test.csv").write_text("rows")
    out = probe(config, f"import shutil; shutil.rmtree({str(victim)!r}, ignore_errors=True)", tmp_path)
    assert out.startswith("DENIED") and "outside the job's folder" in out
    assert sorted(p.name for p in victim.rglob("*")) == ["sub", "test.csv", "train.csv"]  # nothing went first
    under = f"import os; fd = os.open({str(victim)!r}, os.O_RDONLY); "
    assert "outside the job's folder" in probe(config, under + "os.remove('train.csv', dir_fd=fd)", tmp_path)
    assert "outside the job's folder" in probe(config, under + "os.mkdir('x', dir_fd=fd)", tmp_path)
    assert (victim / "train.csv").exists() and not (victim / "x").exists()
    inside = Path(config.run_dir) / "outputs"
    (inside / "ckpt").mkdir(parents=True)
    (inside / "ckpt" / "model.pt").write_text("w")
    assert probe(config, "import shutil; shutil.rmtree('outputs')", tmp_path) == "OK" and not inside.exists()


def test_native_writers_announce_their_destination(config, tmp_path):
    # safetensors writes from Rust, which raises no `open` event: the wrapper raises
    # jobgate.native_write first (handler/native_writers.py), as torch.save's does.
    pytest.importorskip("safetensors")
    save = "import numpy, safetensors.numpy as st; st.save_file({{'x': numpy.zeros(2)}}, {dest!r})"
    outside = tmp_path / "share" / "rows.safetensors"
    outside.parent.mkdir()
    out = probe(config, save.format(dest=str(outside)), tmp_path)
    assert out.startswith("DENIED") and "outside the job's folder" in out and not outside.exists()
    inside = Path(config.run_dir) / "model.safetensors"
    assert probe(config, save.format(dest=str(inside)), tmp_path) == "OK" and inside.exists()
    assert any(r["event"] == "jobgate.native_write" for r in denials(config))
    # imported before the guard started: the module and the names bound from it are patched at install
    early = tmp_path / "early.py"
    early.write_text("import sys, numpy\nfrom safetensors.numpy import save_file\nfrom handler import guard\n"
                     "guard.install(guard.GuardConfig.from_env(sys.argv[1]))\n"
                     f"save_file({{'x': numpy.zeros(2)}}, {str(outside)!r})\n")
    proc = subprocess.run([sys.executable, str(early), config.to_env()], capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)), cwd=config.run_dir, timeout=60)
    assert proc.returncode != 0 and "outside the job's folder" in proc.stderr and not outside.exists()


def test_imageio_writers_announce_their_destination(config, tmp_path):
    # imageio's video writers encode through pyav (libav opens the file in C): imageio.v2's writers,
    # which imageio.mimsave and imageio.imwrite are, raise jobgate.native_write first, whatever plugin writes.
    pytest.importorskip("imageio")
    save = "import numpy, imageio; imageio.mimsave({dest!r}, [numpy.zeros((2, 2))] * 2)"
    outside = tmp_path / "share" / "rollout.npz"
    outside.parent.mkdir()
    out = probe(config, save.format(dest=str(outside)), tmp_path)
    assert out.startswith("DENIED") and "outside the job's folder" in out and not outside.exists()
    assert [r["event"] for r in denials(config)] == ["jobgate.native_write"]
    inside = Path(config.run_dir) / "rollout.npz"
    assert probe(config, save.format(dest=str(inside)), tmp_path) == "OK" and inside.exists()
    write = f"import numpy, imageio.v2 as iio; iio.imwrite(uri={str(outside)!r}, im=numpy.zeros((2, 2)))"
    assert probe(config, write, tmp_path).startswith("DENIED") and not outside.exists()


def test_a_native_writer_gets_the_path_the_guard_judged(config, tmp_path):
    # red team 3: a PathLike answering the guard with a job path and the Rust writer, which reads it
    # again, with another (a .pth in site-packages would run at every start); a str subclass likewise.
    pytest.importorskip("safetensors")
    inside = Path(config.run_dir) / "w.safetensors"
    outside = tmp_path / "share" / "evil.pth"
    outside.parent.mkdir()
    code = ("import os, numpy, safetensors.numpy as st\n"
            "class Dest(os.PathLike):\n"
            "    calls = 0\n"
            "    def __fspath__(self):\n"
            "        Dest.calls += 1\n"
            f"        return {str(inside)!r} if Dest.calls == 1 else {str(outside)!r}\n"
            "class Sly(str):\n"
            "    def __fspath__(self):\n"
            f"        return {str(outside)!r}\n"
            "    def encode(self, *a):\n"
            f"        return {str(outside)!r}.encode()\n"
            "st.save_file({'x': numpy.zeros(2)}, Dest())\n"
            f"st.save_file({{'x': numpy.zeros(2)}}, filename=Sly({str(inside)!r}))")
    assert probe(config, code, tmp_path) == "OK"
    assert inside.exists() and not outside.exists()


def test_code_files_are_never_written_even_in_the_job_folder(config, tmp_path):
    run = Path(config.run_dir)
    for name in ("helper.py", "__pycache__/helper.cpython-311.pyc", "ext.so"):
        (run / name).parent.mkdir(exist_ok=True)
        out = probe(config, f"open({str(run / name)!r}, 'w').write('x')", tmp_path)
        assert out.startswith("DENIED") and "would import" in out and not (run / name).exists()
    out = probe(config, f"open({str(run / 'a.txt')!r}, 'w').write('x'); import os; "
                        f"os.rename({str(run / 'a.txt')!r}, {str(run / 'b.py')!r})", tmp_path)
    assert out.startswith("DENIED") and not (run / "b.py").exists()
    assert probe(config, f"open({str(run / 'cifar_net.pth')!r}, 'wb').write(b'x')", tmp_path) == "OK"


def test_the_streamed_job_logs_are_written_only_through_logging(config, tmp_path):
    log = Path(config.run_dir) / "log.txt"
    out = probe(config, f"open({str(log)!r}, 'a').write('rows')", tmp_path)
    assert out.startswith("DENIED") and "streams to the server" in out
    via_logging = (f"import logging; h = logging.FileHandler({str(log)!r}); "
                   "logging.getLogger('x').addHandler(h); logging.getLogger('x').error('round 1'); h.close()")
    assert probe(config, via_logging, tmp_path) == "OK" and "round 1" in log.read_text()


def test_torch_load_is_forced_to_weights_only_and_stays_so(config, tmp_path):
    assert probe(config, "import os; assert os.environ['TORCH_FORCE_WEIGHTS_ONLY_LOAD'] == '1'", tmp_path) == "OK"
    for change in ("os.environ['TORCH_FORCE_WEIGHTS_ONLY_LOAD'] = '0'", "del os.environ['TORCH_FORCE_WEIGHTS_ONLY_LOAD']"):
        out = probe(config, f"import os; {change}", tmp_path)
        assert out.startswith("DENIED") and "TORCH_FORCE_WEIGHTS_ONLY_LOAD" in out


def test_ctypes_may_load_only_installed_or_allowed_libraries(config, tmp_path):
    out = probe(config, "import ctypes; ctypes.CDLL('libc.so.6')", tmp_path)
    assert out.startswith("DENIED") and "guard.native_libraries" in out
    assert "own symbols" in probe(config, "import ctypes; ctypes.CDLL(None)", tmp_path)
    assert probe(replace(config, native_libraries=("libc.so.6",)), "import ctypes; ctypes.CDLL('libc.so.6')",
                 tmp_path) == "OK"


def test_audit_mode_records_and_denies_nothing(config, tmp_path, listener):
    cfg = replace(config, mode="audit")
    code = f"import socket; socket.create_connection(('127.0.0.1', {listener.port}), timeout=2).close()"
    assert probe(cfg, code, tmp_path) == "OK"
    assert listener.arrived == 1
    assert denials(cfg)[-1]["decision"] == "would-deny"


def test_python_option_parsing_finds_S_wherever_it_hides():
    for skips in (["-S", "x.py"], ["-uS"], ["-X", "dev", "-IS"]):
        assert "-S" in _start_up_option(skips), skips
    for runs in (["-u", "x.py", "-S"], ["-c", "-S"], ["-XS"]):
        assert _start_up_option(runs) is None, runs
    # what would run a module before the guard, unless the job process itself started with it (multiprocessing
    # repeats the site's -W and -X options in its children)
    for early in (["-W", "ignore::m.W", "-c", "x"], ["-Werror::a.b.C"], ["-X", "frozen_modules=off", "x.py"]):
        assert _start_up_option(early).startswith("starting Python with -"), early
        assert _start_up_option(early, frozenset({("W", "ignore::m.W"), ("W", "error::a.b.C"),
                                                   ("X", "frozen_modules=off")})) is None, early
    assert _start_up_option(["-W", "ignore::DeprecationWarning", "-S"]).endswith("(it would skip the process guard)")


@pytest.fixture
def venv_with_pth(tmp_path):
    """A throw-away venv whose site-packages holds jobgate_guard.pth, as `jobgate
    site install-guard` writes it (the shared venv stays untouched)."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    purelib = subprocess.run([str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()"
                              "['purelib'])"], capture_output=True, text=True, check=True).stdout.strip()
    (Path(purelib) / PTH_NAME).write_text(PTH_LINE)
    return venv / "bin" / "python"


def test_the_pth_installs_the_guard_before_any_code_of_the_child(config, tmp_path, venv_with_pth, listener):
    child = replace(config, process="trainer", python=str(venv_with_pth))
    env = dict(os.environ, JOBGATE_GUARD=child.to_env(), PYTHONPATH=os.pathsep.join([str(ROOT), SITE_PACKAGES]))
    code = f"import socket; socket.create_connection(('127.0.0.1', {listener.port}), timeout=2)"
    proc = subprocess.run([str(venv_with_pth), "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0 and "jobgate guard: connection to 127.0.0.1" in proc.stderr
    assert listener.arrived == 0 and denials(config)[-1]["process"] == "trainer"
    # Without jobgate importable, the child stops before running anything.
    broken = dict(env, PYTHONPATH=str(tmp_path))
    proc = subprocess.run([str(venv_with_pth), "-c", "print('ran')"], env=broken, capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 70 and "ran" not in proc.stdout
    # And a config that does not parse stops it too.
    proc = subprocess.run([str(venv_with_pth), "-c", "print('ran')"], env=dict(env, JOBGATE_GUARD="{"),
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 70 and "ran" not in proc.stdout


def test_the_child_settings_round_trip(config):
    assert GuardConfig.from_env(config.to_env()) == config
    assert json.loads(config.to_env())["run_dir"] == asdict(config)["run_dir"]


def test_the_audit_log_is_written_only_by_jobgates_appends(config, tmp_path):
    # red team 46: a job appending to the site's audit log (a path it computes at run time, which the
    # static gate leaves to the guard) wrote records jobgate never made.
    log = Path(config.audit_log)
    log.write_text("")
    forged = '{"layer": "guard", "event": "install", "decision": "forged"}\n'
    out = probe(config, f"open({str(log)!r}, 'a').write({forged!r})", tmp_path)
    assert out.startswith("DENIED") and "other than by jobgate's appending" in out and "forged" not in log.read_text()
    assert "other than by jobgate's appending" in probe(config, f"open({str(log)!r}, 'w')", tmp_path)
    assert "outside the job's folder" in probe(config, f"import os; os.remove({str(log)!r})", tmp_path)
    # jobgate's own appends (the update filter's, in a job process) still land
    assert probe(config, f"from pathlib import Path; from handler import audit; "
                         f"audit.append(Path({str(log)!r}), {{'layer': 'update_filter'}})", tmp_path) == "OK"
    assert [r["layer"] for r in audit.read(log)] == ["guard", "guard", "guard", "update_filter"]


def test_listening_is_loopback_only_except_for_nvflares_port_probe(config, tmp_path):
    assert probe(config, "import socket; socket.socket().bind(('127.0.0.1', 0))", tmp_path) == "OK"
    out = probe(config, "import socket; socket.socket().bind(('', 0))", tmp_path)
    assert out.startswith("DENIED") and "every interface" in out
    probe_code = ("from handler import guard; from nvflare.fuel.f3.drivers.net_utils import check_tcp_port\n"
                  "guard.installed().port_probes = frozenset({check_tcp_port.__code__})\n"
                  "assert check_tcp_port(0)")
    assert probe(config, probe_code, tmp_path) == "OK"


SPAWNING = '''\
import multiprocessing, sys
from handler import guard


def write(path):
    with open(path, "w") as fh:
        fh.write("rows")


if __name__ == "__main__":
    guard.install(guard.GuardConfig.from_env(sys.argv[1]))
    try:
        child = multiprocessing.get_context(sys.argv[3]).Process(target=write, args=(sys.argv[2],))
        child.start()
        child.join()
        print("EXIT", child.exitcode)
    except PermissionError as err:
        print("DENIED", err)
'''


def spawning(cfg: GuardConfig, method: str, dest: Path, tmp_path: Path, python: str = sys.executable,
             env: dict | None = None) -> str:
    script = tmp_path / "spawning.py"
    script.write_text(SPAWNING)
    env = dict(os.environ, PYTHONPATH=str(ROOT)) if env is None else env
    proc = subprocess.run([python, str(script), cfg.to_env(), str(dest), method], capture_output=True, text=True,
                          env=env, cwd=cfg.run_dir, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip().splitlines()[-1]


def test_multiprocessing_spawn_children_start_only_under_the_guard(config, tmp_path):
    # red team 46: multiprocessing starts spawn and forkserver children with _posixsubprocess.fork_exec,
    # which raises no audit event (multiprocessing/util.py spawnv_passfds). torch's
    # DataLoader(multiprocessing_context="spawn"), which the catalogue vouches, runs the job's dataset in
    # such a child: without jobgate_guard.pth it ran unguarded and wrote wherever it liked.
    outside = tmp_path / "share" / "rows.txt"
    outside.parent.mkdir()
    for method in ("spawn", "forkserver"):
        out = spawning(config, method, outside, tmp_path)
        assert out.startswith("DENIED") and "no jobgate_guard.pth" in out, (method, out)
        assert not outside.exists(), method
    assert any(r["event"] == "jobgate.spawn" for r in denials(config))
    # a forked child carries the hook: its write is denied there
    assert spawning(config, "fork", outside, tmp_path) == "EXIT 1" and not outside.exists()


def test_spawn_children_of_a_site_with_the_pth_run_under_the_guard(config, tmp_path, venv_with_pth):
    cfg = replace(config, python=str(venv_with_pth), children_guarded=True)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), SITE_PACKAGES]))
    outside = tmp_path / "share" / "rows.txt"
    outside.parent.mkdir()
    assert spawning(cfg, "spawn", outside, tmp_path, str(venv_with_pth), env) == "EXIT 1"
    assert not outside.exists()
    assert any(r["process"] == "trainer" and "outside the job's folder" in r["reason"] for r in denials(cfg))
    inside = Path(cfg.run_dir) / "rows.txt"
    assert spawning(cfg, "spawn", inside, tmp_path, str(venv_with_pth), env) == "EXIT 0"
    assert inside.read_text() == "rows"


def test_new_sqlite_files_are_writes(config, tmp_path):
    # red team 46: SQLite opens, creates and journals its file in C, so no `open` event; SQLAlchemy's
    # create_engine('sqlite:///x.db') (sqlalchemy.yaml) reaches sqlite3.connect, relative to the job
    # process's working folder, which is the site's workspace, not the job's run folder
    # (nvflare private/fed/app/client/client_train.py chdir; utils/process_utils.py spawn_process).
    outside = tmp_path / "share" / "cache.db"
    outside.parent.mkdir()
    create = "import sqlite3; sqlite3.connect({name!r}{uri}).execute('create table t (x)')"
    for name, uri in ((str(outside), ""), (f"file:{outside}?mode=rwc", ", uri=True")):
        out = probe(config, create.format(name=name, uri=uri), tmp_path)
        assert out.startswith("DENIED") and "outside the job's folder" in out and not outside.exists(), name
    assert denials(config)[-1]["event"] == "sqlite3.connect"
    # the vouched form, run where NVFlare runs a job process: in the workspace, the run folder's parent
    pytest.importorskip("sqlalchemy")
    engine = ("from sqlalchemy import create_engine, text\nengine = create_engine('sqlite:///site_cache.db')\n"
              "with engine.begin() as c:\n    c.execute(text('create table t (x)'))")
    workspace = Path(config.run_dir).parent
    out = probe(config, engine, tmp_path, cwd=workspace)
    assert out.startswith("DENIED") and "outside the job's folder" in out and not (workspace / "site_cache.db").exists()
    assert probe(config, create.format(name="site.db", uri=""), tmp_path) == "OK"
    assert probe(config, create.format(name=":memory:", uri=""), tmp_path) == "OK"
    assert (Path(config.run_dir) / "site.db").exists()
    # a database the site holds is read (what SQL writes into it, the static gate judges), unless it is a secret
    site_db = workspace / "data" / "site.db"
    site_db.parent.mkdir()
    sqlite3.connect(site_db).execute("create table person (age)").connection.commit()
    read = ("import sqlite3\n"
            "assert sqlite3.connect({name!r}{uri}).execute('select count(*) from person').fetchall() == [(0,)]")
    assert probe(config, read.format(name="data/site.db", uri=""), tmp_path, cwd=workspace) == "OK"
    assert probe(config, read.format(name=f"file:{site_db}?mode=ro", uri=", uri=True"), tmp_path) == "OK"
    shared = "import sqlite3; sqlite3.connect('file:x?mode=memory&cache=shared', uri=True)"
    assert probe(config, shared, tmp_path) == "OK"
    key = Path(config.credential_paths[0]) / "id_rsa"
    assert "credential path" in probe(config, f"import sqlite3; sqlite3.connect({str(key)!r})", tmp_path)


def test_reverse_look_ups_and_metadata_changes_outside_are_denied(config, tmp_path):
    # red team 46: a reverse look-up of an address literal is a DNS query of its own (the address spells
    # the name asked for under in-addr.arpa / ip6.arpa); os.utime and xattrs change a file outside.
    out = probe(config, "import socket; socket.getnameinfo(('192.0.2.1', 0), 0)", tmp_path)
    assert out.startswith("DENIED") and "reverse name look-up of '192.0.2.1'" in out
    by_addr = "import socket; socket.gethostbyaddr({!r})"
    assert "reverse name look-up of '2001:db8::1'" in probe(config, by_addr.format("2001:db8::1"), tmp_path)
    assert "name look-up of 'leak.example.org'" in probe(config, by_addr.format("leak.example.org"), tmp_path)
    assert probe(config, "import socket; socket.getnameinfo(('127.0.0.1', 0), socket.NI_NUMERICHOST)", tmp_path) == "OK"
    victim = tmp_path / "share.csv"
    victim.write_text("rows")
    os.utime(victim, (5, 5))
    out = probe(config, f"import os; os.utime({str(victim)!r}, (0, 0))", tmp_path)
    assert out.startswith("DENIED") and "outside the job's folder" in out and victim.stat().st_mtime == 5
    assert "outside the job's folder" in probe(config, f"import os; os.setxattr({str(victim)!r}, 'user.x', b'1')",
                                               tmp_path)
    inside = Path(config.run_dir) / "model.npy"
    inside.write_text("w")
    assert probe(config, f"import os; os.utime({str(inside)!r}, (0, 0))", tmp_path) == "OK"


def test_start_up_hooks_in_a_site_packages_folder_are_code_files(config, tmp_path):
    # red team 46: with `~` among the scratch folders, a .pth written to the user's site-packages runs its
    # `import` lines at every later start of that user's Python (site.py reads it before the installation's
    # own site-packages, where jobgate_guard.pth is); elsewhere .pth is a PyTorch checkpoint.
    home = tmp_path / "home"
    user_site = home / ".local" / "lib" / "python3.11" / "site-packages"
    user_site.mkdir(parents=True)
    cfg = replace(config, scratch=(str(home),))
    hook = user_site / "nvflare_patch.pth"
    out = probe(cfg, f"open({str(hook)!r}, 'w').write('import os\\n')", tmp_path)
    assert out.startswith("DENIED") and "would import or run" in out and not hook.exists()
    assert probe(cfg, f"open({str(home / 'cifar_net.pth')!r}, 'wb').write(b'w')", tmp_path) == "OK"


def test_a_str_subclass_cannot_make_the_guard_judge_another_path(config, tmp_path):
    # red team 46 (a job the static gate accepts): a str subclass whose startswith says False makes
    # expanduser and realpath, run in the hook, read an absolute path as relative to the working folder
    # (a Client API trainer's is the app folder, inside the run folder), while np.save's open writes the
    # absolute one. Methods of the job's classes run inside the hook, where nothing was judged either.
    share = tmp_path / "share"
    share.mkdir()
    out = probe(config, "import numpy as np\nclass OutPath(str):\n    def startswith(self, prefix, *args):\n"
                        f"        return False\nnp.save(OutPath({str(share / 'rows.npy')!r}), np.arange(5))", tmp_path)
    assert out.startswith("DENIED") and "outside the job's folder" in out and not (share / "rows.npy").exists()
    nested = (f"class Sly(str):\n    def startswith(self, *a):\n        open({str(share / 'nested.txt')!r}, 'w')\n"
              "        return str.startswith(self, *a)\n"
              f"    def __eq__(self, other):\n        open({str(share / 'eq.txt')!r}, 'w')\n        return True\n"
              "    __hash__ = str.__hash__\n"
              f"open(Sly({str(Path(config.run_dir) / 'ok.txt')!r}), 'w').write('x')\n"
              "import os\nos.mkdir(Sly('made'))")
    assert probe(config, nested, tmp_path) == "OK" and os.listdir(share) == []
    liar = ("import os\nclass Liar(str):\n    def partition(self, sep):\n"
            f"        return str.partition({str(Path(config.run_dir) / 'x')!r}, sep)\n"
            "    def startswith(self, *a):\n        return False\n"
            f"os.mkdir(Liar({str(share / 'made')!r}))")
    assert "outside the job's folder" in probe(config, liar, tmp_path) and os.listdir(share) == []
    # an object whose __fspath__ SQLite calls itself: not called in the hook, and not judged
    fspath = ("import sqlite3, pathlib\nclass Dest:\n    def __fspath__(self):\n"
              f"        open({str(share / 'n.txt')!r}, 'w')\n"
              "        return 'site.db'\nsqlite3.connect(pathlib.Path('ok.db'))\nsqlite3.connect(Dest())")
    out = probe(config, fspath, tmp_path)
    assert out.startswith("DENIED") and "could not be checked" in out and os.listdir(share) == []


def test_a_hard_link_to_a_file_outside_is_a_write_of_it(config, tmp_path):
    # red team 46: a hard link in the job's folder is another name of the outside file; realpath does not
    # tell them apart, so writing through it changed the site's file.
    victim = tmp_path / "site.csv"
    victim.write_text("rows")
    link = Path(config.run_dir) / "copy.csv"
    out = probe(config, f"import os; os.link({str(victim)!r}, {str(link)!r}); open({str(link)!r}, 'a').write('x')",
                tmp_path)
    assert out.startswith("DENIED") and "outside the job's folder" in out
    assert victim.read_text() == "rows" and not link.exists()
    inside = Path(config.run_dir) / "model.pt"
    inside.write_text("w")
    assert probe(config, f"import os; os.link({str(inside)!r}, {str(inside) + '.bak'!r})", tmp_path) == "OK"
