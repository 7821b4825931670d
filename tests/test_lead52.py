"""Session 52 (lead): a job's processes talking to each other under the process guard, and a walk's folder.

torch's DataLoader workers hand their tensors to the trainer through `multiprocessing`'s resource_sharer: the worker
listens on a unix socket in its temporary folder (the job's folder under Landlock) and the trainer connects to it.
The guard refused every unix socket not in `guard.network.unix_sockets`, so `DataLoader(num_workers=2)` failed in
every guarded trainer (found by runtime52). A socket bound where the job may write is now the job's own; a link
there to a socket elsewhere, and a socket elsewhere, stay refused.

A wiper's loop (`for root, _, files in os.walk("/data"): os.remove(os.path.join(root, f))`) was accepted: the
resolver binds a loop's tuple target to nothing, so `root` folded to a path known only at run time, which a guarded
site leaves to the process guard (found by malware52). `root` may now also be the walked folder or one under it.

`any(s.append(row) for s in (stats,))` was accepted (red team 52a's open item): what a comprehension stored through
its element into an object a name outside holds was dropped with the comprehension's own state."""

from __future__ import annotations

import socket

import pytest

import redteam_kit as kit
from analyzer.policy import load_policy
from handler import landlock
from test_runtime48 import probe, setup  # noqa: F401  (the fixture)

needs_landlock = pytest.mark.skipif(landlock.abi() < 4, reason="the kernel offers no Landlock ABI 4 (Linux 6.7)")

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


# serial: the listener's unix socket lies in the job's folder under tmp_path, and pytest-xdist's `popen-gwN`
# folder took that path past AF_UNIX's 108 bytes (the child then waited for a socket it could not bind)
@pytest.mark.serial
@needs_landlock
def test_a_worker_hands_the_trainer_a_file_through_its_own_listener(setup, tmp_path):  # noqa: F811
    cfg, _ = setup
    lines = probe(cfg, HAND_OVER, tmp_path)
    assert "got b'rows'" in lines and "RAN" in lines, lines


def _listener(path) -> socket.socket:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.listen(1)
    return server


@needs_landlock
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


WALK = "import os, shutil\nfor root, dirs, files in os.walk({top}):\n    for f in files:\n        {body}\n"
WIPES = {
    "removes": "os.remove(os.path.join(root, f))",
    "overwrites": "open(os.path.join(root, f), 'r+b').write(b'0' * 64)",
    "removes folders": "shutil.rmtree(root)",
    "renames": "os.rename(os.path.join(root, f), os.path.join(root, f + '.x'))",
}


@pytest.mark.parametrize("top", ["'/data'", "os.path.expanduser('~')", "'/'"])
@pytest.mark.parametrize("wipe", list(WIPES))
def test_a_loop_over_a_walk_of_the_sites_folders_wiping_each_file_is_held(top, wipe):
    kit.assert_held(kit.scan_text(WALK.format(top=top, body=WIPES[wipe])))


@pytest.mark.parametrize("wipe", list(WIPES))
def test_the_same_loop_over_the_jobs_own_folder_is_accepted(wipe):
    kit.assert_accepted(kit.scan_text(WALK.format(top="'outputs'", body=WIPES[wipe])))


# a comprehension run for what it stores (red team 52a's open item): the element is the list the update carries
STORE = """
import pandas as pd
import nvflare.client as flare

flare.init()
site = pd.read_csv("/data/site.csv")
stats = []
while flare.is_running():
    model = flare.receive()
    row = {value}
    {store}
    flare.send(flare.FLModel(params=model.params, metrics={{"stats": stats}}))
"""
STORES = {
    "a generator any() runs": "any(s.append(row) for s in (stats,))",
    "a list comprehension": "[s.append(row) for s in (stats,)]",
    "a set comprehension over two loops": "{s.append(v) for s in [stats] for v in [row]}",
    "a dict comprehension": "{0: s.extend([row]) for s in (stats,)}",
}


@pytest.mark.parametrize("store", list(STORES))
def test_a_comprehension_storing_a_site_row_into_the_updates_list_is_held(store):
    report = kit.scan_text(STORE.format(value="site.iloc[0].tolist()", store=STORES[store]))
    kit.assert_held(report, "update-channel-leak.")


@pytest.mark.parametrize("store", list(STORES))
def test_the_same_comprehension_storing_a_constant_is_accepted(store):
    kit.assert_accepted(kit.scan_text(STORE.format(value="0.5", store=STORES[store])))


def test_a_walks_root_name_bound_again_by_another_loop_stays_unknown_too(tmp_path):
    """The walk's folder is added to what `root` may be, never put in its place: another loop of the scope binding
    the same name to anything keeps it a path known only at run time, which a site without the guard reviews."""
    source = ("import os\ndef f(a, b):\n    for root, _, _ in os.walk('outputs'):\n        pass\n"
              "    for root, x in zip(a, b):\n        open(os.path.join(root, 'x'), 'w').write('1')\n")
    policy_file = tmp_path / "policy.yaml"
    policy_file.write_text("runtime_guard: false\n")
    kit.assert_held(kit.scan_text(source, policy=load_policy(policy_file)), "unvouched.api")


def test_a_walk_wrapped_in_sorted_is_the_same_walk():
    kit.assert_held(kit.scan_text("import os\nfor r, _, fs in sorted(os.walk('/data')):\n    for f in fs:\n"
                                  "        os.remove(os.path.join(r, f))\n"))
