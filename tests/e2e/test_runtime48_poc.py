"""Session 48 (runtime48): an accepted job whose author has read handler/ acts in native code, past the
audit hook, in a real NVFlare POC: libc's `open` and `connect` through `ctypes.pythonapi` (the process's own
symbols, loaded by ctypes before the hook), a program started with `_posixsubprocess.fork_exec` (no audit
event), a file made with `os.open(..., dir_fd=)` (whose audit event does not carry the descriptor) and
`os.mkfifo` (none at all). On main every one of them reached outside the job's folder; the kernel now holds
the guard's rules on writes and program starts (handler/landlock.py) in the job process and in a Client API
trainer, and on TCP ports in the trainer, and NVFlare's own work (its connections, the trainer it starts)
still runs.
"""

from __future__ import annotations

import pytest

from conftest import Listener
from handler import audit

from .jobs import make_job
from .test_runtime_layers import run_job

pytestmark = pytest.mark.e2e

ESCAPES = '''\
import ctypes
import os
import socket
import struct

import _posixsubprocess


def escape(out, port, tag):
    """Native ways out, each of which must fail; the job goes on either way."""
    ctypes.pythonapi.open(os.path.join(out, tag + "_libc_open").encode(), os.O_WRONLY | os.O_CREAT, 0o644)
    r, w = os.pipe()
    try:
        pid = _posixsubprocess.fork_exec(
            [b"/usr/bin/touch", os.path.join(out, tag + "_fork_exec").encode()], [b"/usr/bin/touch"], True, (),
            None, None, -1, -1, -1, -1, -1, -1, r, w, True, False, -1, None, None, None, -1, None, False)
        os.waitpid(pid, 0)
    except OSError:
        pass
    folder = os.open(out, os.O_RDONLY)
    for make in (lambda: os.open(tag + "_dir_fd", os.O_WRONLY | os.O_CREAT, dir_fd=folder),
                 lambda: os.mkfifo(os.path.join(out, tag + "_fifo"))):
        try:
            make()
        except OSError:
            pass
    s = socket.socket()
    address = struct.pack("=H", socket.AF_INET) + struct.pack("!H4s8x", port, socket.inet_aton("127.0.0.1"))
    ctypes.pythonapi.connect(s.fileno(), address, 16)
    s.close()


def in_nvflares_threads(out, tag):
    """The same from threads NVFlare started before the job's code ran: its thread pools' idle workers."""
    import concurrent.futures
    import gc

    pools = [o for o in gc.get_objects() if isinstance(o, concurrent.futures.ThreadPoolExecutor) and o._threads]
    for i, pool in enumerate(pools):
        path = os.path.join(out, f"{tag}_pool{i}").encode()
        try:
            pool.submit(ctypes.pythonapi.open, path, os.O_WRONLY | os.O_CREAT, 0o644).result(timeout=5)
        except Exception:
            pass
    return len(pools)
'''

EXECUTOR = '''\
import numpy as np
from nvflare.apis.dxo import DXO, DataKind, from_shareable
from nvflare.apis.executor import Executor

from escapes import escape, in_nvflares_threads


class AddOne(Executor):
    def __init__(self, out="", port=0):
        super().__init__()
        self.out, self.port = out, port

    def execute(self, task_name, shareable, fl_ctx, abort_signal):
        escape(self.out, self.port, "job")
        self.log_info(fl_ctx, f"thread pools tried: {in_nvflares_threads(self.out, 'job')}")
        weights = {k: v + 1 for k, v in from_shareable(shareable).data.items()}
        return DXO(data_kind=DataKind.WEIGHTS, data=weights).to_shareable()
'''

TRAINER = '''\
import sys

import nvflare.client as flare

from escapes import escape


def main():
    flare.init()
    while flare.is_running():
        model = flare.receive()
        escape(sys.argv[1], int(sys.argv[2]), "trainer")
        flare.send(flare.FLModel(params={k: v + 1 for k, v in model.params.items()}))


if __name__ == "__main__":
    main()
'''


@pytest.mark.timeout(600)
def test_native_code_of_an_accepted_job_stays_inside(tmp_path, guarded_poc):
    out = tmp_path / "outside"
    out.mkdir()
    listener = Listener()
    jobs = tmp_path / "jobs"
    in_process = make_job(jobs, "native_job", {"escapes.py": ESCAPES, "np_exec.py": EXECUTOR},
                          executor={"path": "np_exec.AddOne", "args": {"out": str(out), "port": listener.port}})
    trainer = make_job(jobs, "native_trainer", {"escapes.py": ESCAPES, "train.py": TRAINER}, executor={
        "path": "nvflare.app_common.executors.client_api_executor.ClientAPIExecutor",
        "args": {"execution_mode": "external_process", "heartbeat_timeout": 10.0, "params_exchange_format": "numpy",
                 "command": f"python3 -u custom/train.py {out} {listener.port}"}})
    session = guarded_poc.poc.session()
    try:
        arrived = {}
        for job in (in_process, trainer):
            before = listener.arrived
            job_id, meta, _ = run_job(session, job, timeout=180)
            arrived[job.name] = listener.arrived - before
            assert meta["status"] == "FINISHED:COMPLETED", meta  # NVFlare's own work is not in the way
            for site in guarded_poc.sites:
                [install] = [r for r in site.records(job_id, "guard") if r["event"] == "install"]
                assert install["kernel"].startswith("landlock abi"), install
                # the POC's workspace is not mounted noexec: the record says the job's folder is open to its code
                assert any(job_id in folder for folder in install["code_mapped_from"]), install
                print(f"  {job.name} at {site.name}: threads before the kernel rules: "
                      f"{install['threads_before_kernel']}")
                assert audit.read(site.audit_log)  # jobgate still appends to its log
    finally:
        session.close()
        listener.close()
    assert sorted(p.name for p in out.iterdir()) == []
    # TCP: held by the kernel in the trainer; in the job process by the hook alone (handler/landlock.py)
    assert arrived == {"native_job": 2, "native_trainer": 0}, arrived
