"""Session 52 (runtime52): native code a job makes in memory, and the update filter read by an author who
read it.

1. Code made in memory runs past the audit hook, Landlock and the noexec mounts of session 51: a library
   written to a `memfd_create` file and loaded from `/proc/self/fd/N`, machine code copied into anonymous
   memory that is mapped (or `mprotect`ed) executable and called through a ctypes function pointer. The
   site's option `guard.in_memory_code: refuse` adds a seccomp filter (handler/seccomp.py) that refuses them;
   measured here in real child processes that install the guard as the site does (handler.guard.install),
   with what it costs: torch's oneDNN kernels (conv, LSTM) make their code that way and stop.
2. Results that passed the update filter on main while carrying raw rows to the server: entries of the DXO's
   dict beside kind/data/meta (NVFlare's from_dict reads three, the serialiser sends all), a DXO dict or a
   Shareable of a subclass whose methods lie, arrays of text or raw bytes where the author's server side sent
   such a "model", a collection key of any length, a collection of hundreds of metrics DXOs, a string where
   NVFlare's peer context goes."""

from __future__ import annotations

import os
import subprocess
from dataclasses import replace

import numpy as np
import pytest

from nvflare.apis.dxo import DXO, DataKind
from nvflare.apis.fl_constant import ReturnCode
from nvflare.apis.shareable import ReservedHeaderKey, Shareable
from nvflare.fuel.utils import fobs

from analyzer.model import GateError
from analyzer.runtime_policy import load_runtime_policy
from handler import landlock, process_guard, seccomp
from redteam_kit import FL_PYTHON
from test_runtime48 import PROBE, ROOT, probe, setup  # noqa: F401  (the fixture)
from test_site_check import all_layers, workspace  # noqa: F401  (the fixture)
from test_update_filter import MODEL, refused, site  # noqa: F401  (the fixture)

needs_seccomp = pytest.mark.skipif(landlock.abi() < 1 or not seccomp.supported() or
                                   os.uname().machine != "x86_64", reason="needs Landlock and seccomp on x86_64")

# machine code (x86_64: mov eax, 42; ret) in anonymous memory, called only where the kernel made it executable
# (a call into memory that is not would end the child with SIGSEGV)
_LIBC = ("import ctypes; libc = ctypes.pythonapi; libc.mmap.restype = ctypes.c_void_p\n"
         "libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, "
         "ctypes.c_long]\nFAILED = ctypes.c_void_p(-1).value\n")
_RUN = "print('ran', ctypes.CFUNCTYPE(ctypes.c_int)(at)())\n"
IN_MEMORY = {
    "anonymous memory mapped executable":
        _LIBC + "at = libc.mmap(None, 4096, 7, 0x22, -1, 0)\n"
        "if at == FAILED: print('refused')\nelse:\n    ctypes.memmove(at, b'\\xb8\\x2a\\0\\0\\0\\xc3', 6); " + _RUN,
    "a buffer made executable with mprotect":
        _LIBC + "at = libc.mmap(None, 4096, 3, 0x22, -1, 0); ctypes.memmove(at, b'\\xb8\\x2a\\0\\0\\0\\xc3', 6)\n"
        "if libc.mprotect(ctypes.c_void_p(at), 4096, 5) != 0: print('refused')\nelse: " + _RUN,
    "personality(READ_IMPLIES_EXEC), then a readable mapping (the kernel adds PROT_EXEC)":
        _LIBC + "print('refused' if libc.personality(0x0400000) == -1 else 'ran')\n",
    "Python's mmap with PROT_EXEC":
        "import mmap\ntry:\n    mmap.mmap(-1, 4096, prot=7); print('ran')\nexcept PermissionError: print('refused')\n",
    "memfd_create, a library written to it, cffi's dlopen of /proc/self/fd/N":
        "import os, cffi, _ctypes\n"
        "try:\n    fd = os.memfd_create('x')\nexcept PermissionError: print('refused')\nelse:\n"
        "    os.write(fd, open(_ctypes.__file__, 'rb').read()); ffi = cffi.FFI(); ffi.cdef('int PyInit__ctypes;')\n"
        "    ffi.dlopen(f'/proc/self/fd/{fd}'); print('ran')\n",
    "memfd_create by its system call number":
        _LIBC + "print('refused' if libc.syscall(319, b'x', 0) == -1 else 'ran')\n",
    # shmat with SHM_EXEC: every System V call is refused since session 56 (tests/test_runtime56.py)
    "ptrace (a parent rewriting its child's code)":  # PTRACE_TRACEME
        _LIBC + "print('refused' if libc.ptrace(0, 0, 0, 0) == -1 else 'ran')\n",
}


@needs_seccomp
@pytest.mark.parametrize("attempt", list(IN_MEMORY))
def test_code_made_in_memory_runs_unless_the_site_refuses_it(setup, tmp_path, attempt):  # noqa: F811
    cfg, _ = setup
    allowed = probe(cfg, IN_MEMORY[attempt], tmp_path)
    assert "refused" not in allowed[1:] and allowed[1].startswith("ran"), allowed  # open by default
    assert seccomp.HOLDS_CODE not in allowed[0]
    lines = probe(replace(cfg, in_memory_code="refuse"), IN_MEMORY[attempt], tmp_path)
    assert lines[0].startswith("KERNEL landlock abi") and lines[0].endswith(f"seccomp: {seccomp.HOLDS_CODE}"), lines
    assert lines[1:] == ["refused", "RAN"], lines


NEEDED = ("import ctypes, numpy as np\n"
          "CMP = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_int))\n"
          "arr = (ctypes.c_int * 4)(3, 1, 4, 2)\n"  # a ctypes callback: libffi's static trampolines, file-backed
          "ctypes.pythonapi.qsort(arr, 4, ctypes.sizeof(ctypes.c_int), CMP(lambda a, b: a[0] - b[0]))\n"
          "assert list(arr) == [1, 2, 3, 4] and len([CMP(lambda a, b: 0) for _ in range(1000)]) == 1000\n"
          "a = np.random.rand(64, 64); np.linalg.eigh(a @ a.T); np.fft.fft(a)\n"
          "import nvflare.client, multiprocessing; lock = multiprocessing.Lock(); lock.acquire(); lock.release()\n"
          "import grpc, ssl; from nvflare.private.fed.app.client import worker_process\n"  # NVFlare's job process
          "from cryptography.hazmat.primitives.asymmetric import rsa; rsa.generate_private_key(65537, 2048)\n")


@needs_seccomp
def test_what_a_job_needs_still_runs_under_the_rule(setup, tmp_path):  # noqa: F811
    cfg, _ = setup
    lines = probe(replace(cfg, in_memory_code="refuse"), NEEDED, tmp_path)
    assert lines[-1] == "RAN" and seccomp.HOLDS_CODE in lines[0], lines


TORCH = ("import torch, torch.nn as nn\ntorch.backends.mkldnn.enabled = {mkldnn}\ntorch.manual_seed(0)\n"
         "net = nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.Flatten(), nn.Linear(4 * 26 * 26, 10))\n"
         "opt = torch.optim.SGD(net.parameters(), lr=0.1)\n"
         "x, y = torch.randn(32, 1, 28, 28), torch.randint(0, 10, (32,))\n"
         "for _ in range(3):\n    opt.zero_grad(); nn.functional.cross_entropy(net(x), y).backward(); opt.step()\n"
         "nn.LSTM(8, 8)(torch.randn(5, 2, 8))\n")


@needs_seccomp
@pytest.mark.skipif(not FL_PYTHON.exists(), reason="needs a Python with torch")
def test_torch_cpu_training_costs_the_onednn_kernels(setup, tmp_path):  # noqa: F811
    """oneDNN (torch's CPU convolutions and LSTMs on x86) writes its kernels into anonymous memory and makes it
    executable: under the rule they fail ("could not create a primitive"); torch's own kernels (oneDNN off)
    train. What a site that chooses the rule tells its data scientists."""
    cfg, _ = setup
    prefix = subprocess.run([str(FL_PYTHON), "-c", "import sys; print(sys.prefix); print(sys.base_prefix)"],
                            capture_output=True, text=True, check=True).stdout.split()
    cfg = replace(cfg, python=str(FL_PYTHON), install_dirs=tuple(os.path.realpath(p) for p in prefix),
                  in_memory_code="refuse")

    def train(mkldnn: bool) -> list[str]:
        script = tmp_path / "probe.py"
        script.write_text(PROBE)
        proc = subprocess.run([str(FL_PYTHON), str(script), cfg.to_env(), TORCH.format(mkldnn=mkldnn)],
                              capture_output=True, text=True, cwd=cfg.run_dir, timeout=300,
                              env=dict(os.environ, PYTHONPATH=str(ROOT)))
        return proc.stdout.strip().splitlines() + proc.stderr.strip().splitlines()[-1:]

    assert "RAN" in train(False)
    failed = train(True)
    assert "RAN" not in failed and "could not create a primitive" in failed[-1], failed


def test_the_sites_option_is_read_and_handed_to_the_guard(tmp_path):
    assert load_runtime_policy().guard.in_memory_code == "allow"  # off by default: it costs oneDNN
    path = tmp_path / "runtime.yaml"
    path.write_text("guard:\n  in_memory_code: refuse\n")
    policy = load_runtime_policy(path).guard
    cfg = process_guard.build_config(policy, "enforce", str(tmp_path / "a.jsonl"), str(tmp_path), "site-1", "j",
                                      str(tmp_path), [])
    assert cfg.in_memory_code == "refuse" and type(cfg).from_env(cfg.to_env()).in_memory_code == "refuse"
    path.write_text("guard:\n  in_memory_code: deny\n")
    with pytest.raises(GateError, match="guard.in_memory_code"):
        load_runtime_policy(path)


@pytest.mark.parametrize("machine", ["x86_64", "aarch64"])
def test_the_filter_assembles_for_both_machines(machine):
    code = seccomp.code_program(machine)
    assert len(code) % 8 == 0 and len(code) // 8 < 64


@pytest.mark.parametrize("choice, note", [
    ("allow", "code made in memory: allowed"), ("refuse", "code made in memory: refused, seccomp")])
def test_site_check_says_what_the_site_chose(jobgate, workspace, choice, note):  # noqa: F811
    all_layers(workspace)
    (workspace / "local" / "jobgate" / "runtime.yaml").write_text(f"guard:\n  in_memory_code: {choice}\n")
    assert note in jobgate("site", "check", str(workspace)).stdout


# -- the update filter ------------------------------------------------------------------------------------------

ROWS = "patient-0001,1970-01-01,HIV+;" * 400


def _update(**extra) -> dict:
    return {**{k: v + 1 for k, v in MODEL.items()}, **extra}


def _dxo_entry_beside() -> Shareable:
    out = DXO(DataKind.WEIGHTS, _update()).to_shareable()
    out["DXO"]["rows"] = ROWS
    return out


class _LyingDict(dict):
    def get(self, key, default=None):
        return {"kind": DataKind.WEIGHTS, "data": _update(), "meta": {}}.get(key, default)


def _lying_dxo_dict() -> Shareable:
    out = Shareable()
    out.set_header(ReservedHeaderKey.CONTENT_TYPE, "DXO")
    out["DXO"] = _LyingDict(kind=DataKind.WEIGHTS, data=_update(rows=np.frombuffer(ROWS.encode(), np.uint8)), meta={})
    return out


class _HidingShareable(Shareable):
    def __iter__(self):
        return iter([k for k in dict.__iter__(self) if k != "rows"])


def _hiding_shareable() -> Shareable:
    out = DXO(DataKind.WEIGHTS, _update()).update_shareable(_HidingShareable())
    dict.__setitem__(out, "rows", ROWS)
    return out


def _peer_ctx_text() -> Shareable:
    out = DXO(DataKind.WEIGHTS, _update()).to_shareable()
    out.set_header(ReservedHeaderKey.PEER_CTX, ROWS)
    return out


class _SubDXO(DXO):
    pass


TEXT_MODEL = dict(MODEL, note=np.array([""], dtype="<U20000"))
VOID_MODEL = dict(MODEL, note=np.zeros(1, dtype="V12000"))
# attempt -> (the model the task brought in (the author's server side chose it), the result, the reason)
ATTEMPTS = {
    "an entry of the DXO's dict beside kind, data and meta": (MODEL, _dxo_entry_beside, "DXO entries 'rows'"),
    "a DXO dict whose get() shows another DXO": (MODEL, _lying_dxo_dict, "DXO cannot be read (a _LyingDict)"),
    "a Shareable whose iteration hides an entry": (MODEL, _hiding_shareable, "not NVFlare's Shareable"),
    "text in NVFlare's peer-context header": (MODEL, _peer_ctx_text, "header '__peer_ctx__' is a string"),
    "an array of text where the server sent one": (
        TEXT_MODEL, lambda: DXO(DataKind.WEIGHTS, _update(note=np.array([ROWS], dtype="<U20000"))), "<U20000"),
    "an array of raw bytes (void) where the server sent one": (
        VOID_MODEL, lambda: DXO(DataKind.WEIGHTS, _update(note=np.frombuffer(ROWS.encode().ljust(12000), "V12000"))),
        "not numbers"),
    "a collection key of rows": (MODEL, lambda: DXO(DataKind.COLLECTION, {ROWS: DXO(DataKind.WEIGHTS, {})}),
                                 "collection key"),
    "500 metrics DXOs in a collection": (None, lambda: DXO(DataKind.COLLECTION, {
        f"m{i}": DXO(DataKind.METRICS, {ROWS[j * 200:(j + 1) * 200] + str(i): 1.0 for j in range(30)})
        for i in range(500)}), "update_filter.max_collection"),
    "metas of a collection's DXOs, each under max_meta_items": (None, lambda: DXO(DataKind.COLLECTION, {
        f"m{i}": DXO(DataKind.METRICS, {"x": 1.0}, meta={f"k{j}": ROWS[:250] for j in range(40)})
        for i in range(10)}), "update_filter.max_meta_items"),
    "metrics of a collection's DXOs, each under max_metrics": (None, lambda: DXO(DataKind.COLLECTION, {
        f"m{i}": DXO(DataKind.METRICS, {f"{ROWS[:240]}{j}": 1.0 for j in range(30)}) for i in range(10)}),
        "update_filter.max_metrics"),
    "a DXO subclass in a collection": (MODEL, lambda: DXO(DataKind.COLLECTION, {
        "a": _SubDXO(DataKind.METRICS, {"x": 1.0})}), "not NVFlare's DXO"),
    "collections nested deeper than max_depth": (None, lambda: DXO(DataKind.COLLECTION, {"a": DXO(
        DataKind.COLLECTION, {"b": DXO(DataKind.COLLECTION, {"c": DXO(DataKind.COLLECTION, {
            "d": DXO(DataKind.METRICS, {"x": 1.0})})})})}), "update_filter.max_depth"),
}


@pytest.mark.parametrize("attempt", list(ATTEMPTS))
def test_rows_the_update_filter_let_through_are_refused(site, attempt):  # noqa: F811
    sent, result, reason = ATTEMPTS[attempt]
    s = site()
    reply = s.task(DXO(DataKind.WEIGHTS, sent) if sent is not None else None, result())
    refused(reply)
    assert any(reason in p for p in s.last()["problems"]), s.last()["problems"]
    assert len(fobs.dumps(reply)) < 1000  # what leaves: the refusal's one line


def test_honest_collections_and_float16_models_still_pass(site):  # noqa: F811
    s = site()
    sent = DXO(DataKind.COLLECTION, {"model": DXO(DataKind.WEIGHTS, MODEL), "c": DXO(DataKind.WEIGHTS, MODEL)})
    back = DXO(DataKind.COLLECTION, {"model": DXO(DataKind.WEIGHT_DIFF, _update()),
                                     "c": DXO(DataKind.WEIGHT_DIFF, _update()),
                                     "val": DXO(DataKind.METRICS, {"accuracy": 0.9})})
    assert s.task(sent, back).get_return_code() == ReturnCode.OK  # SCAFFOLD's shape, and its metrics
    half = {"w": np.zeros(64, dtype=np.float16)}
    assert s.task(DXO(DataKind.WEIGHTS, half), DXO(DataKind.WEIGHTS, {"w": half["w"] + 1})).get_return_code() == \
        ReturnCode.OK
