"""Session 52 (lead): a job's processes talking to each other under the process guard.

torch's DataLoader workers hand their tensors to the trainer through `multiprocessing`'s resource_sharer: the worker
listens on a unix socket in its temporary folder (the job's folder under Landlock) and the trainer connects to it.
The guard refused every unix socket not in `guard.network.unix_sockets`, so `DataLoader(num_workers=2)` failed in
every guarded trainer (found by runtime52). A socket bound where the job may write is now the job's own; a link
there to a socket elsewhere, and a socket elsewhere, stay refused."""

from __future__ import annotations

import socket

import pytest

from handler import landlock
from test_runtime48 import probe, setup  # noqa: F401  (the fixture)

pytestmark = pytest.mark.skipif(landlock.abi() < 4, reason="the kernel offers no Landlock ABI 4 (Linux 6.7)")

# a forked child hands the parent a pipe's read end the way a DataLoader worker hands a tensor's storage:
# multiprocessing.reduction.DupFd outside a spawn, which serves the fd from a resource_sharer listener
HAND_OVER = """
import multiprocessing as mp, os
from multiprocessing import reduction
ctx = mp.get_context("fork")
q, done = ctx.Queue(), ctx.Event()
def worker():
    r, w = os.pipe(); os.write(w, b"rows"); os.close(w)
    q.put(reduction.DupFd(r)); done.wait(60)
p = ctx.Process(target=worker); p.start()
try:
    print("got", os.read(q.get(timeout=60).detach(), 4))
finally:
    done.set(); p.join()
"""

CONNECT = "import socket; s = socket.socket(socket.AF_UNIX); s.connect({path!r}); print('connected')"


def test_a_worker_hands_the_trainer_a_file_through_its_own_listener(setup, tmp_path):  # noqa: F811
    cfg, _ = setup
    lines = probe(cfg, HAND_OVER, tmp_path)
    assert "got b'rows'" in lines and "RAN" in lines, lines


def _listener(path) -> socket.socket:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.listen(1)
    return server


def test_a_socket_outside_the_job_and_a_link_to_it_from_inside_stay_refused(setup, tmp_path):  # noqa: F811
    cfg, out = setup
    server = _listener(out / "daemon.sock")
    try:
        link = tmp_path / "ws" / "job1" / "d.sock"
        link.symlink_to(out / "daemon.sock")
        for path in (out / "daemon.sock", link):
            lines = probe(cfg, CONNECT.format(path=str(path)), tmp_path)
            assert "connected" not in lines and any("unix socket" in line for line in lines if "DENIED" in line), lines
        # the same socket in the job's folder is the job's own
        inside = _listener(tmp_path / "ws" / "job1" / "own.sock")
        try:
            assert "connected" in probe(cfg, CONNECT.format(path="own.sock"), tmp_path)
        finally:
            inside.close()
    finally:
        server.close()
