"""Session 50 (runtime50): an accepted job sends UDP datagrams in native code (libc's `socket` and `sendto`
through `ctypes.pythonapi`, as a DNS tunnel would), in a real NVFlare POC, from an in-process executor (the
job process) and a Client API trainer. On main both arrived: Landlock knows no UDP and the hook sees no native
call. The kernel now refuses the socket (handler/seccomp.py, applied where NVFlare's endpoints need no DNS:
the POC's are on localhost), and NVFlare's own work under the same rule (its connections, the trainer it
starts, the job's results) still runs to completion.

The waits follow the job's own record: each attempt ends in a write the hook denies, whose audit record
carries what the native calls answered; the job's status is read only after those records are in.
"""

from __future__ import annotations

import os
import socket
import time

import pytest

from .jobs import make_job
from .test_runtime_layers import Site

pytestmark = pytest.mark.e2e

SEND = '''\
import ctypes
import os
import socket
import struct


def send(out, port, tag):
    """Native UDP to the test's port, then a write outside the job's folder that the hook denies and records:
    its name says what the native calls answered (and that the job's code ran)."""
    s = ctypes.pythonapi.socket(socket.AF_INET, socket.SOCK_DGRAM, 0)
    address = struct.pack("=H", socket.AF_INET) + struct.pack("!H4s8x", port, socket.inet_aton("127.0.0.1"))
    sent = ctypes.pythonapi.sendto(s, b"rows", 4, 0, address, 16) if s >= 0 else "none"
    try:
        open(os.path.join(out, f"{tag}_socket{s}_sent{sent}"), "w").close()
    except OSError:
        pass
'''

EXECUTOR = '''\
from nvflare.apis.dxo import DXO, DataKind, from_shareable
from nvflare.apis.executor import Executor

from udp import send


class AddOne(Executor):
    def __init__(self, out="", port=0):
        super().__init__()
        self.out, self.port = out, port

    def execute(self, task_name, shareable, fl_ctx, abort_signal):
        send(self.out, self.port, "job")
        weights = {k: v + 1 for k, v in from_shareable(shareable).data.items()}
        return DXO(data_kind=DataKind.WEIGHTS, data=weights).to_shareable()
'''

TRAINER = '''\
import sys

import nvflare.client as flare

from udp import send


def main():
    flare.init()
    while flare.is_running():
        model = flare.receive()
        send(sys.argv[1], int(sys.argv[2]), "trainer")
        flare.send(flare.FLModel(params={k: v + 1 for k, v in model.params.items()}))


if __name__ == "__main__":
    main()
'''

RECORD_WAIT = 420.0  # seconds for a job's records to come in: generous, a slow CI machine starts jobs slowly


def attempts(sites: list[Site], job_id: str, tag: str) -> dict[str, str]:
    """Each site's record of the job's denied write, waited for: site -> the file name it tried."""
    deadline, found = time.monotonic() + RECORD_WAIT, {}
    while time.monotonic() < deadline and len(found) < len(sites):
        for site in sites:
            for r in site.records(job_id, "guard"):
                name = os.path.basename(r.get("reason", "").split(",")[0].removeprefix("writing "))
                if name.startswith(tag + "_"):
                    found[site.name] = name
        time.sleep(1)
    return found


@pytest.mark.timeout(1800)
def test_native_udp_of_an_accepted_job_is_refused_and_nvflare_still_runs(tmp_path, guarded_poc):
    sites = guarded_poc.sites
    out = tmp_path / "outside"
    out.mkdir()
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("127.0.0.1", 0))
    udp.setblocking(False)
    port = udp.getsockname()[1]
    jobs = tmp_path / "jobs"
    in_process = make_job(jobs, "udp_job", {"udp.py": SEND, "np_exec.py": EXECUTOR},
                          executor={"path": "np_exec.AddOne", "args": {"out": str(out), "port": port}})
    trainer = make_job(jobs, "udp_trainer", {"udp.py": SEND, "train.py": TRAINER}, executor={
        "path": "nvflare.app_common.executors.client_api_executor.ClientAPIExecutor",
        "args": {"execution_mode": "external_process", "heartbeat_timeout": 30.0, "params_exchange_format": "numpy",
                 "command": f"python3 -u custom/train.py {out} {port}"}})
    session = guarded_poc.poc.session()
    try:
        for job, tag in ((in_process, "job"), (trainer, "trainer")):
            job_id = session.submit_job(str(job))
            tried = attempts(sites, job_id, tag)
            print(f"  {job.name}: {tried}")
            assert tried == {site.name: f"{tag}_socket-1_sentnone" for site in sites}, tried
            for site in sites:
                [install] = [r for r in site.records(job_id, "guard") if r["event"] == "install"]
                assert "; seccomp: " in install["kernel"], install
            # nothing of NVFlare's own was refused: the only denials are the job's attempts
            meta = session.wait_for_job(job_id, timeout=RECORD_WAIT, poll_interval=0.5)
            denied = [r["reason"] for site in sites for r in site.records(job_id, "guard")
                      if r["event"] != "install"]
            assert len(denied) == len(sites) and all(f"/{tag}_socket-1_" in d for d in denied), denied
            # NVFlare's own work under the socket rule: the job completes (its records were in already)
            assert meta["status"] == "FINISHED:COMPLETED", meta
    finally:
        session.close()
    try:
        arrived = udp.recv(64)
    except BlockingIOError:
        arrived = None
    finally:
        udp.close()
    assert arrived is None
    assert sorted(p.name for p in out.iterdir()) == []
