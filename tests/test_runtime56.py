"""Session 56 (runtime56): XGBoost's models through the update filter; the job boundary in the process guard.

The boosters are real: tests/data/xgboost_boosters.json holds the bytes NVFlare's tree-based executor sends
(tests/data/xgboost_boosters.py wrote them with xgboost), each judged through NVFlare's own filter chain and, for
what it lets out, NVFlare's own serialiser (fobs).
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from nvflare.apis.dxo import DXO, DataKind
from nvflare.fuel.utils import fobs

import redteam_kit as kit
from handler import guard, seccomp
from test_runtime48 import PROBE, ROOT, probe, setup  # noqa: F401  (the fixture)
from test_runtime55 import _LIBC
from test_site_check import all_layers, workspace  # noqa: F401  (the fixture)
from test_update_filter import refused, site  # noqa: F401  (the fixture)

BOOSTERS = {k: v for k, v in json.loads((Path(__file__).parent / "data" / "xgboost_boosters.json").read_text()).items()
            if k != "xgboost"}
# the DataLoader's workers bind a unix socket under tmp_path (the job's run folder), and wait in seconds
pytestmark = pytest.mark.serial

ROWS = "".join(f"patient-{i},1961-03-{i % 28 + 1:02d},E11.9,{70 + i % 40};" for i in range(1500))


def _sent(model: dict | str) -> bytearray:
    """What FedXGBTreeExecutor puts in its result (app_opt/xgboost/tree_based/executor.py)."""
    return bytearray(model if isinstance(model, str) else json.dumps(model, sort_keys=True), "utf-8")


def _result(model) -> DXO:
    return DXO(DataKind.WEIGHTS, {"model_data": _sent(model)})


def _incoming(name: str, first: bool) -> DXO | None:
    """What the task brought in: nothing in the first round; else the global model (cyclic) or the rounds
    each site added (bagging: app_opt/xgboost/tree_based/bagging_aggregator.py)."""
    if first:
        return None
    model = _sent(BOOSTERS[name])
    return DXO(DataKind.WEIGHTS, {"model_data": [model, model] if name == "bagging" else model})


@pytest.mark.parametrize("first", [True, False], ids=["first round", "later round"])
@pytest.mark.parametrize("name", list(BOOSTERS))
def test_xgboosts_models_leave_the_site_as_nvflare_sends_them(site, name, first):  # noqa: F811
    s = site()
    out = s.task(_incoming(name, first), _result(BOOSTERS[name]))
    assert "DXO" in out and s.last()["decision"] == "pass", s.last()["problems"]
    assert fobs.dumps(out)  # NVFlare's serialiser sends it


def _edit(change) -> dict:
    model = json.loads(BOOSTERS["cyclic"])
    change(model, model["learner"]["gradient_booster"]["model"]["trees"][0])
    return model


def _many_nodes(model, tree):
    n = 5001
    tree["tree_param"]["num_nodes"] = str(n)
    for k in ("left_children", "right_children", "split_indices", "split_type", "default_left"):
        tree[k] = [-1 if "children" in k else 0] * n
    tree["parents"] = [2147483647] + [0] * (n - 1)
    for k in ("split_conditions", "loss_changes", "sum_hessian", "base_weights"):
        tree[k] = [float(np.float32(ord(c) / 1000)) for c in ROWS[:n]]


ROWS_IN_BYTES = {
    "the rows as CSV": ROWS.encode(),
    "the rows pickled": pickle.dumps(ROWS.split(";")),
    "a booster with the rows in a learner attribute":
        _edit(lambda m, t: m["learner"]["attributes"].update(rows=ROWS)),
    "a booster with the rows as a feature name": _edit(lambda m, t: m["learner"]["feature_names"].__setitem__(0, ROWS)),
    "a booster with a key of its own in a tree": _edit(lambda m, t: t.update(notes=[ord(c) for c in ROWS])),
    "a booster with a tree of 5,001 nodes of rows": _edit(_many_nodes),
    "a booster with the rows as digits in a tree's parameters": _edit(lambda m, t: t["tree_param"].update(
        {f"p{i}": str(ord(c)) for i, c in enumerate(ROWS[:8])})),
    "a booster with the rows as digits in its number of trees": _edit(lambda m, t: m["learner"][
        "gradient_booster"]["model"]["gbtree_model_param"].update(num_trees=",".join(str(ord(c)) for c in ROWS))),
    "a booster with the rows as digits in its base score": _edit(lambda m, t: m["learner"][
        "learner_model_param"].update(base_score="[" + ",".join(str(ord(c)) for c in ROWS[:99]) + "]")),
    "a booster of 200 features named with 40,000 characters of rows": _edit(lambda m, t: m["learner"].update(
        feature_names=[ROWS[i * 200:(i + 1) * 200] for i in range(200)],
        learner_model_param=dict(m["learner"]["learner_model_param"], num_feature="200"))),
    "a booster whose split condition carries 17 digits": _edit(
        lambda m, t: t["split_conditions"].__setitem__(0, 0.33668691961031234)),
    "a booster with 40 spaces after 300 of its commas": json.dumps(json.loads(BOOSTERS["cyclic"])).replace(
        ", ", "," + " " * 40, 300),
    "a booster with a key written twice": BOOSTERS["cyclic"].replace('{"learner": ', '{"learner": "' + ROWS + '", '
                                                                     '"learner": ', 1),
    "a booster of another order of keys (json.dumps's own)": json.dumps(
        dict(reversed(list(json.loads(BOOSTERS["cyclic"]).items())))),
}


@pytest.mark.parametrize("attempt", list(ROWS_IN_BYTES))
def test_rows_in_bytes_are_refused(site, attempt):  # noqa: F811
    value = ROWS_IN_BYTES[attempt]
    s = site()
    reply = s.task(_incoming("cyclic", False), DXO(DataKind.WEIGHTS, {
        "model_data": value if isinstance(value, bytes) else _sent(value)}))
    assert "not an XGBoost model" in refused(reply), s.last()["problems"]
    assert ROWS[:100].encode() not in fobs.dumps(reply)


def test_only_one_booster_and_only_where_the_site_allows_them(site):  # noqa: F811
    two = DXO(DataKind.WEIGHTS, {"model_data": _sent(BOOSTERS["cyclic"]), "more": _sent(BOOSTERS["dart"])})
    refused(site().task(_incoming("cyclic", False), two))
    s = site("update_filter:\n  booster: {allow: false}\n")
    assert "update_filter.booster.allow" in refused(s.task(None, _result(BOOSTERS["cyclic"])))
    s = site("update_filter:\n  booster: {max_trees: 2}\n")
    assert "max_trees" in refused(s.task(None, _result(BOOSTERS["cyclic"])))


# -- the job boundary in the process guard ------------------------------------------------------------------------

EACCES = 13


@pytest.mark.parametrize("attempt, call", [
    ("System V shared memory, made", "libc.shmget({key}, 4096, 0o1600)"),
    ("System V shared memory, attached by id", "libc.shmat({sid}, None, 0)"),
    ("System V semaphores", "libc.semget({key}, 1, 0o1600)"),
    ("System V message queues", "libc.msgget({key}, 0o1600)"),
    ("a POSIX message queue, by its system call", "libc.syscall({mq_open}, b'jobgate56', 0o102, 0o600, None)"),
])
def test_ipc_objects_any_job_of_the_site_reaches_are_refused(setup, tmp_path, attempt, call):  # noqa: F811
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    key = 0x4A4736 + os.getpid() % 1000  # a key a later job could name too
    sid = libc.shmget(key + 1, 4096, 0o1600)  # a segment another job made: its id is a small number
    try:
        cfg, _ = setup
        mq_open = {"x86_64": 240, "aarch64": 180}[os.uname().machine]
        code = _LIBC + f"got = {call.format(key=key, sid=sid, mq_open=mq_open)}; errno = libc.__errno_location()[0]\n" \
                       "print('GOT', got, errno)"
        for mode, refused_ in (("enforce", True), ("audit", False)):  # audit mode: the kernel holds nothing
            got, errno = map(int, probe(replace(cfg, mode=mode), code, tmp_path)[1].split()[1:])
            assert (got == -1 and errno == EACCES) == refused_ and (got != -1) == (not refused_), (mode, got, errno)
    finally:
        libc.shmctl(sid, 0, None)  # IPC_RMID
        libc.shmctl(libc.shmget(key, 0, 0), 0, None)
        libc.msgctl(libc.msgget(key, 0), 0, None)
        libc.semctl(libc.semget(key, 0, 0), 0, 0)
        libc.syscall(241 if os.uname().machine == "x86_64" else 181, b"jobgate56")  # mq_unlink


# Processes of a site whose user is not root (root reads any process): each without root's rights.
SITE_USER = ["setpriv", "--bounding-set=-all", "--inh-caps=-all", "--"] if os.geteuid() == 0 else []
# another job's reads (mem: its opening, where the kernel checks; reading it needs an address)
READ = """\
import sys
for f in ('environ', 'maps', 'mem'):
    try:
        with open(f'/proc/{sys.argv[1]}/{f}', 'rb') as fh:
            fh.read(1) if f != 'mem' else None
        print(f, 'read')
    except OSError as err:
        print(f, 'refused', err.errno)
"""
WAIT = "import sys\nprint('PID', __import__('os').getpid(), flush=True)\nsys.stdin.readline()"


def _read_by_another_job(argv: list[str], env: dict) -> list[str]:
    target = subprocess.Popen([*SITE_USER, *argv], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                              env=env)
    try:
        pid = next(line.split()[1] for line in target.stdout if line.startswith("PID"))
        return subprocess.run([*SITE_USER, sys.executable, "-c", READ, pid], capture_output=True, text=True,
                              timeout=60, check=True).stdout.splitlines()
    finally:
        target.communicate("\n", timeout=60)


@pytest.mark.skipif(SITE_USER and not shutil.which("setpriv"), reason="needs util-linux's setpriv as root")
def test_a_guarded_process_is_not_readable_by_the_sites_other_processes(setup, tmp_path):  # noqa: F811
    cfg, _ = setup
    env = dict(os.environ, SITE_SECRET="s3cr3t")
    # an unguarded process of the site's user: another job reads its environment, memory map and memory
    assert _read_by_another_job([sys.executable, "-c", WAIT], env) == ["environ read", "maps read", "mem read"]
    (tmp_path / "probe.py").write_text(PROBE)
    guarded = [sys.executable, str(tmp_path / "probe.py"), cfg.to_env(), WAIT]
    env["PYTHONPATH"] = str(ROOT)
    assert _read_by_another_job(guarded, env) == ["environ refused 13", "maps refused 13", "mem refused 13"]


TORCH = """\
import torch
from torch.utils.data import DataLoader, TensorDataset
data = TensorDataset(torch.arange(64, dtype=torch.float32).reshape(32, 2))
print('DATA', sum(float(batch[0].sum()) for batch in DataLoader(data, batch_size=4, num_workers=2, timeout=120)))
"""
MULTIPROCESSING = """\
import multiprocessing
with multiprocessing.get_context('fork').Pool(2) as pool:  # its locks: POSIX semaphores, files in /dev/shm
    print('DATA', sum(pool.map(sum, [range(10), range(20)])))
"""


@pytest.mark.parametrize("python, code, data", [
    (kit.FL_PYTHON, TORCH, "DATA 2016.0"),
    (Path(sys.executable), MULTIPROCESSING, "DATA 235")], ids=["torch DataLoader with 2 workers", "multiprocessing"])
def test_what_torch_and_multiprocessing_share_through_dev_shm_still_works(setup, tmp_path, python, code,  # noqa: F811
                                                                          data):
    if not python.exists():
        pytest.skip("needs a Python with torch")
    cfg, _ = setup
    prefixes = subprocess.run([python, "-c", "import sys; print(sys.prefix, sys.base_prefix)"], capture_output=True,
                              text=True, check=True).stdout.split()
    cfg = replace(cfg, python=str(python), install_dirs=tuple(os.path.realpath(p) for p in prefixes))
    (tmp_path / "probe.py").write_text(PROBE)
    done = subprocess.run([python, str(tmp_path / "probe.py"), cfg.to_env(), code], capture_output=True, text=True,
                          timeout=300, cwd=cfg.run_dir, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    lines = done.stdout.splitlines()
    assert seccomp.HOLDS_IPC in lines[0] and guard.NOT_DUMPABLE in lines[0], (lines, done.stderr[-2000:])
    assert lines[-2:] == [data, "RAN"], (lines, done.stderr[-2000:])


KERNEL_FIRST = """\
import sys, tempfile
from handler import guard
config = guard.GuardConfig.from_env(sys.argv[1])
kernel = guard.kernel_rules(config)  # as the site's component does: the kernel's rules first, then the hook
tempfile.tempdir = None  # nothing in this process has asked for the temporary folder yet
guard.install(config, kernel=kernel)
print("TMP", tempfile.gettempdir())
"""


def test_the_guard_installs_where_the_process_starts_outside_the_job_and_temporary_files_go_to_its_run_folder(
        setup, tmp_path):  # noqa: F811
    # NVFlare starts a job process in the site's folder: probing /tmp, /var/tmp and the working folder with a
    # write (tempfile.gettempdir) failed everywhere under the kernel's rules, and no guarded job started (CI's POC)
    cfg, _ = setup
    (tmp_path / "probe.py").write_text(KERNEL_FIRST)
    done = subprocess.run([sys.executable, str(tmp_path / "probe.py"), cfg.to_env()], capture_output=True,
                          text=True, timeout=60, cwd=tmp_path, env=dict(os.environ, PYTHONPATH=str(ROOT), TMPDIR="/tmp"))
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines() == [f"TMP {cfg.run_dir}"], done.stdout


def test_site_check_reports_the_boosters_rule_and_what_jobs_share(jobgate, workspace):  # noqa: F811
    all_layers(workspace)
    out = jobgate("site", "check", str(workspace)).stdout
    assert "XGBoost models: judged as XGBoost's trees of numbers, at most 1000 trees of 4096 nodes" in out, out
    # what /dev/shm is between jobs depends on the venv's jobgate_guard.pth: tests/test_runtime58.py
    assert f"between jobs: {seccomp.HOLDS_IPC} (seccomp), job processes {guard.NOT_DUMPABLE}" in out, out
    assert "still shared: " in out and "the scratch folders and every process's command line" in out, out
    (workspace / "local" / "jobgate" / "runtime.yaml").write_text("update_filter:\n  booster: {allow: false}\n")
    assert "XGBoost models: refused (update_filter.booster.allow: false)" in \
        jobgate("site", "check", str(workspace)).stdout
