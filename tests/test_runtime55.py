"""Session 55 (runtime55): the run-time layers against an author whose job the static gate accepted.

1. The update filter read a value by what it is an instance of (a float, a str, a dict); NVFlare's serialiser
   (fobs) sends an object by its exact class: a subclass of float, int, str, list or dict, a numpy scalar's
   subclass, a class registered as a `numbers.Number`, goes by fobs's DataClassDecomposer, which sends the
   object's `__dict__`, and an Enum member by its name alone (EnumTypeDecomposer) while the filter read its
   value. Rows of a patient table left the site as an attribute of a metric, of a metric's name, of the current
   round header, of the dict of weights, or as the name of an Enum member given as the DXO's kind. Measured
   through NVFlare's own filter chain and its own serialiser (`fobs.dumps` of what the filter let out).
2. What the guard holds of the other processes of the site's user (the client parent, other jobs), measured in
   a real child that installs the guard as the site does (handler.guard.install): Landlock refuses what needs
   ptrace's attach right (`/proc/<pid>/mem`, `process_vm_readv`, `pidfd_getfd`, `ptrace`), not what needs its
   read right (`/proc/<pid>/environ`, `maps`), nor System V shared memory (docs/site-admin.md, session 55).
3. What a job needs still passes: float16 and bfloat16 torch models as a Client API trainer sends them (an
   OrderedDict of tensors), LoRA adapters, sklearn's parameters with numpy scalars, NVFlare's own Enums.
"""

from __future__ import annotations

import enum
import json
import numbers
import os
import subprocess
import sys
import textwrap
from collections import OrderedDict
from pathlib import Path

import numpy as np
import pytest

from nvflare.apis.dxo import DXO, DataKind
from nvflare.apis.fl_constant import ReturnCode
from nvflare.app_common.app_constant import AppConstants
from nvflare.app_common.decomposers import common_decomposers
from nvflare.fuel.utils import fobs

import redteam_kit as kit
from handler import audit
from test_runtime48 import PROBE as PROBE_SOURCE
from test_runtime48 import ROOT, probe, setup  # noqa: F401  (the fixture)
from test_site_check import all_layers, workspace  # noqa: F401  (the fixture)
from test_update_filter import MODEL, refused, site  # noqa: F401  (the fixture)

ROWS = "patient-0001,1970-01-01,HIV+;" * 400
common_decomposers.register()  # numpy's decomposers, as NVFlare's job process registers them


def _rows(obj):
    obj.rows = ROWS  # the attribute fobs's DataClassDecomposer sends with the object
    return obj


class _Float(float):
    pass


class _Int(int):
    pass


class _Str(str):
    pass


class _List(list):
    pass


class _Dict(dict):
    pass


class _Float32(np.float32):
    pass


class _Number:
    """Not a number at all: registered as one, and `complex()` of it says 0."""

    def __init__(self):
        self.rows = ROWS

    def __complex__(self):
        return 0j


numbers.Number.register(_Number)
# An Enum member is sent by its name; its value is what `==` and `str` methods see.
_Kind = enum.Enum("_Kind", {ROWS[:5000]: "WEIGHTS"}, type=str)
_Round = enum.IntEnum("_Round", {ROWS[:5000]: 3})


def _update(**extra) -> dict:
    return {**{k: v + 1 for k, v in MODEL.items()}, **extra}


def _with_header(key, value):
    def make():
        out = DXO(DataKind.WEIGHTS, _update()).to_shareable()
        out.set_header(key, value)
        return out
    return make


# attempt -> (the result, what the refusal names)
ATTEMPTS = {
    "a float metric's attribute": (lambda: DXO(DataKind.METRICS, {"acc": _rows(_Float(0.9))}), "is a _Float"),
    "an int metric's attribute": (lambda: DXO(DataKind.METRICS, {"n": _rows(_Int(10))}), "is a _Int"),
    "a numpy float32 metric's attribute": (lambda: DXO(DataKind.METRICS, {"acc": _rows(_Float32(0.9))}),
                                           "is a _Float32"),
    "a class registered as numbers.Number": (lambda: DXO(DataKind.METRICS, {"acc": _Number()}), "is a _Number"),
    "a metric name's attribute": (lambda: DXO(DataKind.METRICS, {_rows(_Str("acc")): 0.9}), "metric name '<_Str>'"),
    "a meta string's attribute": (lambda: DXO(DataKind.WEIGHTS, _update(), meta={"k": _rows(_Str("x"))}),
                                  "is a _Str"),
    "a meta list's attribute": (lambda: DXO(DataKind.WEIGHTS, _update(), meta={"k": _rows(_List([1]))}),
                                "is a _List"),
    "the meta dict's attribute": (lambda: DXO(DataKind.WEIGHTS, _update(), meta=_rows(_Dict(a=1))), "is a _Dict"),
    "the weights dict's attribute": (lambda: DXO(DataKind.WEIGHTS, _rows(_Dict(_update()))),
                                     "weights are a _Dict"),
    "a weight key's attribute": (lambda: DXO(DataKind.WEIGHTS, {_rows(_Str("w")): MODEL["w"] + 1, "b": MODEL["b"]}),
                                 "keys not in the model"),
    "the kind's attribute": (lambda: DXO(_rows(_Str("WEIGHTS")), _update()), "its kind is a _Str"),
    "the current round header's attribute": (_with_header(AppConstants.CURRENT_ROUND, _rows(_Float(1.0))),
                                             "header 'current_round' is a _Float"),
    "the current round header's key": (_with_header(_rows(_Str(AppConstants.CURRENT_ROUND)), 1),
                                       "headers '<_Str>' not in update_filter.allowed_headers"),
    "a meta key's attribute": (lambda: DXO(DataKind.WEIGHTS, _update(), meta={_rows(_Str("k")): 1}),
                               "has a _Str key"),
    "a kind that is an Enum member named with the rows, of value WEIGHTS": (
        lambda: DXO(list(_Kind)[0], _update()), "update_filter.allowed_kinds"),
    "a meta value that is such a str Enum member": (
        lambda: DXO(DataKind.WEIGHTS, _update(), meta={"k": list(_Kind)[0]}), "update_filter.max_string"),
    "the current round as an IntEnum member named with the rows": (
        _with_header(AppConstants.CURRENT_ROUND, list(_Round)[0]), "update_filter.max_string"),
}


def _sent(result) -> bytes:
    return fobs.dumps(result.to_shareable() if isinstance(result, DXO) else result)


@pytest.mark.parametrize("attempt", list(ATTEMPTS))
def test_rows_in_what_the_serialiser_sends_of_a_plain_values_subclass_are_refused(site, attempt):  # noqa: F811
    make, reason = ATTEMPTS[attempt]
    assert ROWS[:200].encode() in _sent(make())  # the channel is real: NVFlare's serialiser sends the rows
    s = site()
    reply = s.task(DXO(DataKind.WEIGHTS, MODEL), make())
    refused(reply)
    assert any(reason in p for p in s.last()["problems"]), s.last()["problems"]
    # what leaves: the refusal's one line (which may quote 40 characters of a name the job chose: left open)
    assert ROWS[:200].encode() not in fobs.dumps(reply) and len(fobs.dumps(reply)) < 1000


def test_what_plain_values_a_job_sends_still_pass(site):  # noqa: F811
    s = site()
    meta = {"NUM_STEPS_CURRENT_ROUND": np.int64(120), "PROCESSED_ALGORITHM": None, "tags": ["a", 1, (2.0,)]}
    back = DXO(DataKind.WEIGHT_DIFF, OrderedDict(_update()), meta=meta).to_shareable()
    back.set_header(AppConstants.CURRENT_ROUND, 3)
    assert s.task(DXO(DataKind.WEIGHTS, MODEL), back).get_return_code() == ReturnCode.OK
    metrics = DXO(DataKind.METRICS, {"accuracy": np.float32(0.9), "loss": 0.1, "n": 7, "ok": True})
    assert s.task(None, metrics).get_return_code() == ReturnCode.OK
    sklearn = {"coef": np.zeros((1, 30)), "intercept": np.zeros(1), "n_iter": np.int32(12)}
    out = {"coef": np.ones((1, 30)), "intercept": np.ones(1), "n_iter": np.int32(15)}
    assert s.task(DXO(DataKind.WEIGHTS, sklearn), DXO(DataKind.WEIGHTS, out)).get_return_code() == ReturnCode.OK


# torch lives in the Python a Client API trainer runs (kit.FL_PYTHON), not in jobgate's own
TORCH = '''
import sys
from collections import OrderedDict
from pathlib import Path
import torch
from nvflare.apis.dxo import DXO, DataKind
from analyzer.runtime_policy import load_runtime_policy
from handler.update_filter import incoming_record, judge
policy = load_runtime_policy(None).update_filter
torch.manual_seed(0)
net = torch.nn.Sequential(torch.nn.Linear(8, 4), torch.nn.BatchNorm1d(4), torch.nn.Linear(4, 2))
lora = {"base_model.model.q_proj.lora_A.weight": torch.zeros(4, 16), "base_model.model.q_proj.lora_B.weight":
        torch.zeros(16, 4)}
for name, model in [("bfloat16", net.to(torch.bfloat16).state_dict()), ("float16", net.to(torch.float16).state_dict()),
                    ("lora", lora)]:
    incoming = incoming_record(DXO(DataKind.WEIGHTS, dict(model)).to_shareable())
    update = OrderedDict((k, v + 1 if v.is_floating_point() else v) for k, v in model.items())
    print(name, judge(DXO(DataKind.WEIGHTS, update).to_shareable(), incoming, policy))
class Sub(torch.Tensor):
    pass
w = {"w": torch.zeros(2, 2)}
incoming = incoming_record(DXO(DataKind.WEIGHTS, w).to_shareable())
for name, value in [("Parameter", torch.nn.Parameter(torch.ones(2, 2))), ("subclass", torch.ones(2, 2).as_subclass(Sub))]:
    print(name, judge(DXO(DataKind.WEIGHTS, {"w": value}).to_shareable(), incoming, policy))
'''


@pytest.mark.skipif(not kit.FL_PYTHON.exists(), reason="needs a Python with torch")
def test_half_precision_and_lora_torch_models_pass_and_tensor_subclasses_do_not():
    done = subprocess.run([str(kit.FL_PYTHON), "-c", TORCH], capture_output=True, text=True, timeout=300,
                          cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert done.returncode == 0, done.stderr
    lines = dict(line.split(" ", 1) for line in done.stdout.splitlines())
    assert lines["bfloat16"] == lines["float16"] == lines["lora"] == "[]", lines
    # torch's Parameter has no decomposer of NVFlare's: fobs would send its __dict__, not its values
    assert "'w' is a Parameter, not an array or a number" in lines["Parameter"], lines
    assert "'w' is a Sub, not an array or a number" in lines["subclass"], lines


# -- the other processes of the site's user -----------------------------------------------------------------------

_LIBC = textwrap.dedent("""\
    import ctypes, os
    libc = ctypes.pythonapi
    libc.__errno_location.restype = ctypes.POINTER(ctypes.c_int)
    def native_open(path):
        fd = libc.open(path.encode(), 0)
        return os.read(fd, 64) if fd >= 0 else f"errno {libc.__errno_location()[0]}"
    """)


def _parent_attempts(parent: int, fd: int, at: int) -> dict:
    """attempt -> code printing what it got of the parent (the test's process stands for the client parent: a
    process of the site's user outside the job's Landlock domain)."""
    return {
        "/proc/<parent>/mem": f"print('GOT', native_open('/proc/{parent}/mem'))",
        "/proc/<parent>/fd/N (a file the parent holds open)": f"print('GOT', native_open('/proc/{parent}/fd/{fd}'))",
        "pidfd_getfd of the parent's descriptor":
            f"pidfd = libc.syscall(434, {parent}, 0)\nprint('GOT', libc.syscall(438, pidfd, {fd}, 0))",
        "process_vm_readv of the parent's memory": textwrap.dedent(f"""\
            class Iov(ctypes.Structure):
                _fields_ = [("base", ctypes.c_void_p), ("len", ctypes.c_size_t)]
            dst = ctypes.create_string_buffer(64)
            mine, theirs = Iov(ctypes.cast(dst, ctypes.c_void_p), 64), Iov({at}, 64)
            libc.process_vm_readv.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_ulong, ctypes.c_void_p,
                                              ctypes.c_ulong, ctypes.c_ulong]
            print('GOT', libc.process_vm_readv({parent}, ctypes.byref(mine), 1, ctypes.byref(theirs), 1, 0))
            """),
        "ptrace(PTRACE_ATTACH) of the parent": f"print('GOT', libc.ptrace(16, {parent}, 0, 0))",
        "/proc/<parent>/environ": f"print('GOT', native_open('/proc/{parent}/environ'))",
        "/proc/<parent>/cmdline": f"print('GOT', open('/proc/{parent}/cmdline', 'rb').read(64))",
    }


# what needs ptrace's attach right is refused; what needs its read right, or no right, is not
REFUSED = ("/proc/<parent>/mem", "/proc/<parent>/fd/N (a file the parent holds open)",
           "pidfd_getfd of the parent's descriptor", "process_vm_readv of the parent's memory",
           "ptrace(PTRACE_ATTACH) of the parent")


def test_the_guard_holds_the_parents_memory_and_descriptors_not_its_environment(setup, tmp_path):  # noqa: F811
    import ctypes

    cfg, _ = setup
    secret = tmp_path / "key.pem"
    secret.write_bytes(b"SITE-KEY-" * 8)
    fd = os.open(secret, os.O_RDONLY)
    held = ctypes.create_string_buffer(b"SITE-KEY-" * 8)
    try:
        attempts = _parent_attempts(os.getpid(), fd, ctypes.addressof(held))
        got = {a: probe(cfg, _LIBC + code, tmp_path) for a, code in attempts.items()}
    finally:
        os.close(fd)
    for attempt, lines in got.items():
        assert lines[0].startswith("KERNEL landlock abi"), lines
        shown = next(line for line in lines if line.startswith(("GOT", "DENIED")))
        if attempt in REFUSED:
            assert shown in ("GOT -1", "GOT errno 13", "GOT errno 1") or shown.startswith("DENIED"), (attempt, lines)
        else:
            assert shown.startswith("GOT b'"), (attempt, lines)  # read, not refused


# -- what an admin reads at the site ------------------------------------------------------------------------------

AUTHZ = {"format_version": "1.0", "permissions": {  # NVFlare's provisioned default (lighter/templates), in short
    "project_admin": "any", "org_admin": {"shell_commands": "o:site", "submit_job": "none"},
    "lead": {"submit_job": "any", "shell_commands": "o:site"}, "member": {"view": "any"}}}


def test_site_check_names_who_may_read_a_jobs_files_with_shell_commands(jobgate, workspace):  # noqa: F811
    all_layers(workspace)
    (workspace / "local" / "authorization.json.default").write_text(json.dumps(AUTHZ))
    out = jobgate("site", "check", str(workspace)).stdout
    assert "admin shell commands (ls, cat, grep) in this workspace: lead (o:site), org_admin (o:site), " \
           "project_admin (any) (local/authorization.json.default)" in out, out
    closed = {**AUTHZ["permissions"], "project_admin": {"shell_commands": "none"},
              "org_admin": {"shell_commands": "none"}, "lead": {"submit_job": "any"}}
    (workspace / "local" / "authorization.json").write_text(json.dumps({"permissions": closed}))
    assert "admin shell commands: none (local/authorization.json)" in jobgate("site", "check", str(workspace)).stdout


# -- what the layers' own lines carry to the server ---------------------------------------------------------------

# 100 writes refused, each to a path made of 100 characters of the rows: the guard logged each at ERROR, and
# the job process's error_log.txt streams to the server (NVFlare's job log streamer; ERRORLOG_<site>)
DENIED_WRITES = ("rows = " + repr(ROWS) + "\nfor i in range(100):\n    try:\n"
                 "        open('{out}/' + str(i) + rows[i * 100:(i + 1) * 100].replace('/', '_'), 'w')\n"
                 "    except PermissionError:\n        pass\n")


def test_the_guards_log_lines_carry_a_bounded_part_of_what_the_job_chose(setup, tmp_path):  # noqa: F811
    cfg, out = setup
    script = tmp_path / "probe.py"
    script.write_text("import logging, sys\nlogging.basicConfig(level=logging.INFO)\n" +
                      PROBE_SOURCE.split("\n", 1)[1])
    done = subprocess.run([sys.executable, str(script), cfg.to_env(), DENIED_WRITES.format(out=out)],
                          capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)),
                          cwd=cfg.run_dir, timeout=60)
    assert done.returncode == 0 and "RAN" in done.stdout, done.stderr
    logged = [line for line in done.stderr.splitlines() if "jobgate guard (enforce)" in line]
    assert sum(map(len, logged)) < 4000, (len(logged), sum(map(len, logged)))  # was 100 lines, 13 KB
    assert "more denials in this process" in logged[-1], logged[-1]
    records = [r for r in audit.read(Path(cfg.audit_log)) if r.get("layer") == "guard"]
    assert len(records) == 100  # the site's own record keeps every one, whole


def test_a_refusals_line_quotes_what_the_job_chose_only_in_its_first_refusals(site):  # noqa: F811
    # one round a refusal: a key named with the next 40 characters of the rows each time (the author's server
    # side asks for as many rounds as it likes); the line leaves in the reply's __error__ header and error_log.txt
    s = site()
    chunks = [f"{i:03d}{ROWS[i * 37:(i + 1) * 37]}" for i in range(10)]
    told = [refused(s.task(DXO(DataKind.WEIGHTS, MODEL), DXO(DataKind.WEIGHTS, _update(**{c: np.zeros(1)}))))
            for c in chunks]
    assert [c in line for c, line in zip(chunks, told)] == [True] * 3 + [False] * 7, told  # on main: all 10
    assert told[3] == "jobgate: update refused at site-1: refusal 4 of this job; the site's audit log says why"
    assert chunks[9] in s.last()["problems"][0]  # the site's record names it
