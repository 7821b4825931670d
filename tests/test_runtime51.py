"""Session 51 (runtime51): a job's own native code, loaded where the audit hook sees nothing, in real child
processes that install the process guard as the site does (handler.guard.install; an audit hook cannot be
removed, so never here).

Three ways left open by session 50, each loading a library or program the job ships (here: copies of zlib and
of `touch`, which any job could carry as bytes):
- cffi's `dlopen` (no audit event; `_cffi_backend` is in NVFlare's job process already, through cryptography);
- the loader's `dlopen` called at an address the job computes from a symbol ctypes may look up (building a
  function pointer from an integer and calling it raise no audit event);
- the dynamic loader run as a program by native code (`ld.so custom/prog`): Landlock must let every dynamic
  program's loader execute, and its execute right is checked at execve only, never when a file is mapped
  as code (tested: a `.so` in a folder without the right still loads).
Each runs (what stays open); what the code does is still held by the kernel's rules (here: a write outside
the job's folder). A noexec mount of the folders a job writes refuses all three: the site's setting, which
the install record (`code_mapped_from`) and `jobgate site check` now report."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from handler import guard, landlock
from test_runtime48 import FORK_EXEC, PROBE, ROOT, probe, setup  # noqa: F401  (the fixture)
from test_site_check import all_layers, workspace  # noqa: F401  (the fixture)

pytestmark = pytest.mark.skipif(landlock.abi() < 1 or not ctypes.util.find_library("z"),
                                reason="needs Landlock and zlib")

LOADER = landlock.interpreter(sys.executable)
# the job writes its library (a copy of zlib) as custom/z.bin: the hook refuses writing a `.so` by its name, dlopen
# reads any name; gzopen(path, "wb") makes the file at path
SHIP = "import os, shutil; os.makedirs('custom', exist_ok=True); shutil.copy({lib!r}, 'custom/z.bin'); "
LOADS = {
    "cffi's dlopen (no audit event)":
        SHIP + "import cffi; ffi = cffi.FFI(); ffi.cdef('void *gzopen(const char *, const char *); "
        "int gzclose(void *);'); z = ffi.dlopen(os.path.abspath('custom/z.bin'))\n"
        "def made(path):\n    f = z.gzopen(path.encode(), b'wb'); return f != ffi.NULL and z.gzclose(f) == 0\n",
    "the loader's dlopen at an address computed from printf's":
        SHIP + "import ctypes; at = ctypes.cast(ctypes.pythonapi.printf, ctypes.c_void_p).value + {delta}\n"
        "h = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int)(at)("
        "os.path.abspath('custom/z.bin').encode(), 2)\n"
        "if not h: raise OSError('dlopen: nothing loaded')\n"
        "z = ctypes.CDLL('z.so', handle=h); z.gzopen.restype = ctypes.c_void_p\n"
        "def made(path):\n"
        "    f = z.gzopen(path.encode(), b'wb'); return bool(f) and z.gzclose(ctypes.c_void_p(f)) == 0\n",
    "ld.so PROGRAM started by native code (fork_exec)":
        "import os, shutil, sys; os.makedirs('custom', exist_ok=True); shutil.copy('/usr/bin/touch', 'custom/prog')\n"
        "def made(path):\n    " + FORK_EXEC.format(
            argv=f"[{LOADER!r}.encode(), b'custom/prog', path.encode()]", env="None").replace(
            "os.waitpid(pid, 0)", "return os.waitpid(pid, 0)[1] == 0") + "\n",
}
TRY = "print('inside', made({inside!r})); print('outside', made({outside!r}))"


def _dlopen_from_printf() -> int:
    """dlopen's distance from printf in libc: the same in every process of this machine (the job would read
    it from libc's symbol table)."""
    libc = ctypes.CDLL(None)
    return ctypes.cast(libc.dlopen, ctypes.c_void_p).value - ctypes.cast(libc.printf, ctypes.c_void_p).value


def attempt(name: str, cfg, out: Path) -> str:
    code = LOADS[name].format(lib=_zlib(), delta=_dlopen_from_printf())
    return code + TRY.format(inside=str(Path(cfg.run_dir) / "inside"), outside=str(out / "x"))


def _zlib() -> str:
    """The file of the zlib this process loaded (zlib's extension module links it)."""
    import zlib

    found = subprocess.run(["ldd", zlib.__file__], capture_output=True, text=True).stdout
    return next(line.split("=>")[1].split()[0] for line in found.splitlines() if "libz.so" in line)


@pytest.mark.parametrize("name", list(LOADS))
def test_a_jobs_own_native_code_runs_past_the_hook_and_stays_held_by_the_kernel(setup, tmp_path, name):  # noqa: F811
    cfg, out = setup
    lines = probe(cfg, attempt(name, cfg, out), tmp_path)
    assert lines[0].startswith("KERNEL landlock abi"), lines
    # what stays open: the job's library or program is loaded and runs (no audit event, no exec) ...
    assert lines[1:] == ["inside True", "outside False", "RAN"], lines
    # ... and what holds: the kernel refuses its write outside the job's folder
    assert not (out / "x").exists()
    assert (Path(cfg.run_dir) / "inside").exists()


def test_the_loader_started_from_python_is_refused_by_the_hook(setup, tmp_path):  # noqa: F811
    cfg, _ = setup
    code = (f"import shutil, subprocess; shutil.copy('/usr/bin/touch', 'prog'); "
            f"subprocess.run([{LOADER!r}, 'prog', 'made'])")
    assert probe(cfg, code, tmp_path)[-1] == (f"DENIED jobgate guard: starting {os.path.basename(LOADER)!r} "
                                              f"({LOADER}), not in guard.programs")
    assert not (Path(cfg.run_dir) / "made").exists()


def test_execute_rights_do_not_cover_mapping_a_library(tmp_path):
    """Landlock's execute right on the job's files (which the guard never grants there) is checked at
    execve: the program is refused, the same file's library loads (no LANDLOCK_ACCESS_FS_MAP in Linux)."""
    shutil.copy("/usr/bin/touch", tmp_path / "prog")
    shutil.copy(_zlib(), tmp_path / "z.so")
    code = (f"import ctypes, subprocess, sys; from handler import landlock\n"
            f"landlock.restrict([{str(tmp_path)!r}], [], [sys.executable])\n"
            f"try:\n    subprocess.run([{str(tmp_path / 'prog')!r}, 'x'])\nexcept PermissionError:\n"
            f"    print('exec refused')\n"
            f"print('loaded', ctypes.CDLL({str(tmp_path / 'z.so')!r})._handle != 0)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=60)
    assert proc.stdout.split("\n")[:2] == ["exec refused", "loaded True"], proc


# as root of a user namespace of its own, a process may mount: the job's folder on a noexec tmpfs
NOEXEC = ("mount -t tmpfs -o noexec none \"$1\" && mkdir -p \"$2\" && shift 2 && cd \"$PWD\" && exec \"$@\"")


def _user_namespaces() -> bool:
    return shutil.which("unshare") is not None and subprocess.run(
        ["unshare", "-rm", "true"], capture_output=True).returncode == 0


@pytest.mark.skipif(not _user_namespaces(), reason="no user namespaces here (unshare -rm)")
@pytest.mark.parametrize("name", list(LOADS))
def test_a_noexec_mount_refuses_the_jobs_own_code(setup, tmp_path, name):  # noqa: F811
    cfg, out = setup
    ws = Path(cfg.run_dir).parent
    script = tmp_path / "probe.py"
    script.write_text(PROBE)
    proc = subprocess.run(["unshare", "-rm", "sh", "-c", NOEXEC, "sh", str(ws), cfg.run_dir, sys.executable,
                           str(script), cfg.to_env(), attempt(name, cfg, out)],
                          capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)), cwd=cfg.run_dir,
                          timeout=60)
    lines = proc.stdout.strip().splitlines()
    assert lines[0].startswith("KERNEL landlock abi"), proc
    # nothing of the job's own is mapped: the library does not load, the loader cannot map the program
    refused = dict(zip(LOADS, ("failed to map segment from shared object", "DENIED dlopen: nothing loaded",
                               "inside False")))
    assert refused[name] in lines[1], lines
    assert "inside True" not in lines and not (Path(cfg.run_dir) / "inside").exists()
    assert not (out / "x").exists()


@pytest.mark.skipif(not _user_namespaces(), reason="no user namespaces here (unshare -rm)")
def test_code_made_in_memory_stays_open_on_a_noexec_mount(setup, tmp_path):  # noqa: F811
    """What stays open: a library written to a memfd (no file system, no noexec) and loaded by cffi."""
    cfg, out = setup
    script = tmp_path / "probe.py"
    script.write_text(PROBE)
    code = LOADS[next(iter(LOADS))].replace("ffi.dlopen(os.path.abspath('custom/z.bin'))", (
        "ffi.dlopen(f'/proc/self/fd/{{m}}')")).replace("import cffi;", (
            "import cffi; m = os.memfd_create('w'); os.write(m, open('custom/z.bin', 'rb').read());"))
    code = code.format(lib=_zlib()) + TRY.format(inside=str(Path(cfg.run_dir) / "inside"), outside=str(out / "x"))
    proc = subprocess.run(["unshare", "-rm", "sh", "-c", NOEXEC, "sh", str(Path(cfg.run_dir).parent), cfg.run_dir,
                           sys.executable, str(script), cfg.to_env(), code], capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)), cwd=cfg.run_dir, timeout=60)
    assert proc.stdout.strip().splitlines()[1:] == ["inside True", "outside False", "RAN"], proc


def test_site_check_says_where_a_jobs_code_can_be_mapped_from(jobgate, workspace, tmp_path):  # noqa: F811
    assert guard.mapped_as_code((str(tmp_path), str(tmp_path), str(tmp_path / "gone"))) == [str(tmp_path)]
    all_layers(workspace)
    out = jobgate("site", "check", str(workspace)).stdout
    assert f"job's own native code: can be mapped from {workspace.resolve()}" in out, out
    if _user_namespaces():  # the same on a noexec mount of the workspace and /dev/shm
        code = f"from handler import guard; print(guard.mapped_as_code(({str(workspace)!r}, '/dev/shm')))"
        proc = subprocess.run(["unshare", "-rm", "sh", "-c", "mount -t tmpfs -o noexec none \"$1\" && "
                               "mount -t tmpfs -o noexec none /dev/shm && shift && exec \"$@\"", "sh",
                               str(workspace), sys.executable, "-c", code], capture_output=True, text=True,
                              env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=60)
        assert proc.stdout.strip() == "[]", proc
