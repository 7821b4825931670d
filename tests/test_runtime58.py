"""Session 58 (runtime58): /dev/shm between jobs; an XGBoost booster's floats under `update_filter.mantissa_bits`.

Landlock lets a guarded job write /dev/shm (torch's shared tensors and multiprocessing's semaphores are files
there), and `multiprocessing.shared_memory`'s `_posixshmem.shm_open` makes one from Python past the audit hook
(it raises no audit event): a job left rows there and another job, at once or later, read them. Now the site's
jobgate_guard.pth gives each NVFlare job process a tmpfs of its own on /dev/shm (handler/shared_memory.py), which
its trainer and DataLoader workers share. Shown with real processes: a throw-away venv holding the .pth as
`jobgate site install-guard` writes it, started as NVFlare's client parent starts a job process
(`python -m nvflare.private.fed.app.client.worker_process ...`), each under the real guard in enforce mode.

A booster's floats (leaf values, split thresholds: float32s the job chooses, 32 bits each) left unrounded under
the site's `update_filter.mantissa_bits` (session 57); now they are rounded as a model's weights are, and written
as XGBoost writes them, so that the bytes stay the booster's own JSON (handler/update_rules.py: check_booster).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from nvflare.fuel.utils import fobs

import redteam_kit as kit
from analyzer.runtime_policy import load_runtime_policy
from handler import guard_boot, shared_memory
from handler.update_rules import check_booster
from test_guard import SITE_PACKAGES, venv_with_pth  # noqa: F401  (the fixture)
from test_runtime48 import PROBE, ROOT, setup  # noqa: F401  (the fixture)
from test_runtime56 import BOOSTERS, MULTIPROCESSING, TORCH, _incoming, _result
from test_site_check import all_layers, workspace  # noqa: F401  (the fixture)
from test_update_filter import site  # noqa: F401  (the fixture)

pytestmark = pytest.mark.serial  # the DataLoader's workers bind unix sockets under tmp_path

NAME = f"jobgate58-{os.getpid()}"
ROWS = b"patient-0001,1970-01-01,HIV+;" * 100
# multiprocessing.shared_memory's own call (its SharedMemory would start Python's resource tracker, a program)
WRITE = f"""\
import _posixshmem, os
fd = _posixshmem.shm_open({"/" + NAME!r}, os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o600)
os.write(fd, {ROWS!r})
print("LEFT", flush=True)
sys.stdin.readline()
_posixshmem.shm_unlink({"/" + NAME!r})
"""
READ = f"""\
import _posixshmem, os
try:
    print("READ", os.read(_posixshmem.shm_open({"/" + NAME!r}, os.O_RDONLY, 0), 29).decode())
except FileNotFoundError:
    print("NOTHING")
"""


def _job(python: Path, module_dir: Path, as_nvflare_starts_it: bool, cfg, code: str, **kw) -> subprocess.Popen:
    worker = module_dir / "nvflare" / "private" / "fed" / "app" / "client" / "worker_process.py"
    worker.parent.mkdir(parents=True, exist_ok=True)
    worker.write_text(PROBE)  # standing for nvflare's worker_process: the guard in enforce mode, then the job's code
    for package in worker.parents[:5]:  # packages of their own, found before an installed nvflare
        (package / "__init__.py").touch()
    start = ["-m", "nvflare.private.fed.app.client.worker_process"] if as_nvflare_starts_it else [str(worker)]
    paths = [str(module_dir), str(ROOT), *kw.pop("paths", [SITE_PACKAGES])]  # the audit log's filelock
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(paths))
    return subprocess.Popen([str(python), *start, cfg.to_env(), code], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=cfg.run_dir, **kw)


def _two_jobs(python: Path, tmp_path: Path, cfg, as_nvflare_starts_it: bool) -> tuple[list[str], list[str], bool]:
    """Job 1 leaves rows in /dev/shm and waits; job 2, of the same user, reads them by name. Returns both jobs'
    lines and whether the host's /dev/shm held the rows meanwhile."""
    cfg2 = replace(cfg, job_id="job2", run_dir=str(tmp_path / "ws" / "job2"))
    Path(cfg2.run_dir).mkdir(parents=True, exist_ok=True)
    first = _job(python, tmp_path / "m", as_nvflare_starts_it, cfg, WRITE)
    try:
        lines = [first.stdout.readline().strip(), first.stdout.readline().strip()]
        assert lines[-1] == "LEFT", (lines, first.stderr.read()[-2000:])
        on_host = Path("/dev/shm", NAME).exists()
        second = _job(python, tmp_path / "m", as_nvflare_starts_it, cfg2, READ)
        out, err = second.communicate(timeout=60)
        assert second.returncode == 0, err[-2000:]
    finally:
        first.communicate("\n", timeout=60)
    return lines, out.splitlines(), on_host


def test_two_jobs_pass_rows_through_dev_shm_only_where_they_share_it(setup, tmp_path, venv_with_pth):  # noqa: F811
    cfg, _ = setup
    # the channel: two guarded processes that share the host's /dev/shm (a job process as on main, where the .pth
    # did nothing in it)
    first, second, on_host = _two_jobs(venv_with_pth, tmp_path, cfg, as_nvflare_starts_it=False)
    assert "/dev/shm: the host's" in first[0] and second[-2:] == ["READ patient-0001,1970-01-01,HIV+;", "RAN"]
    assert on_host
    # job processes as NVFlare starts them, with the site's .pth: each has its own /dev/shm
    first, second, on_host = _two_jobs(venv_with_pth, tmp_path, cfg, as_nvflare_starts_it=True)
    assert shared_memory.SHM_PRIVATE in first[0] and shared_memory.SHM_PRIVATE in second[0], (first, second)
    assert second[-2:] == ["NOTHING", "RAN"] and not on_host


@pytest.mark.parametrize("code, data", [(TORCH, "DATA 2016.0"), (MULTIPROCESSING, "DATA 235")],
                         ids=["torch DataLoader with 2 workers", "multiprocessing"])
def test_what_a_job_shares_with_its_own_workers_through_its_dev_shm_still_works(setup, tmp_path, code,  # noqa: F811
                                                                               data):
    if not kit.FL_PYTHON.exists():
        pytest.skip("needs a Python with torch")
    cfg, _ = setup
    # a venv of the torch Python's base with the site's .pth; torch's own folder on its path
    prefix, base, purelib = subprocess.run(
        [kit.FL_PYTHON, "-c", "import sys, sysconfig; print(sys.prefix, sys.base_prefix, "
                              "sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True).stdout.split()
    venv = tmp_path / "venv"
    subprocess.run([Path(base) / "bin" / "python3", "-m", "venv", "--without-pip", venv], check=True, timeout=120)
    python = venv / "bin" / "python"
    own = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                         capture_output=True, text=True, check=True).stdout.strip()
    from handler.guard_boot import PTH_LINE, PTH_NAME

    (Path(own) / PTH_NAME).write_text(PTH_LINE)
    cfg = replace(cfg, python=str(python), install_dirs=tuple(os.path.realpath(p) for p in (prefix, base, venv)))
    job = _job(python, tmp_path / "m", True, cfg, code, paths=[purelib])
    out, err = job.communicate(timeout=300)
    lines = out.splitlines()
    assert lines and shared_memory.SHM_PRIVATE in lines[0], (lines, err[-2000:])
    assert lines[-2:] == [data, "RAN"], (lines, err[-2000:])


def test_site_check_says_whether_job_processes_have_their_own_dev_shm(jobgate, workspace, venv_with_pth):  # noqa: F811
    all_layers(workspace)
    # the shared venv without jobgate_guard.pth (as the tests run it: tests/e2e's fixture removes its own):
    # job processes see the host's /dev/shm
    if not guard_boot.pth_installed():
        out = jobgate("site", "check", str(workspace)).stdout
        assert "still shared: /dev/shm (no jobgate_guard.pth to make job processes their own), the scratch" in out, out
    # the site's Python with the .pth (here the throw-away venv, with the shared venv's packages on its path)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), SITE_PACKAGES]))
    out = subprocess.run([str(venv_with_pth), "-m", "analyzer.commands.cli", "site", "check", str(workspace)],
                         capture_output=True, text=True, env=env, cwd=ROOT, timeout=300).stdout
    assert f", {shared_memory.SHM_PRIVATE}; still shared: the scratch folders" in out, out


def _floats(model: bytes) -> np.ndarray:
    """Every float of a booster's trees (and dart's weights), as float32s."""
    learner = json.loads(model)["learner"]["gradient_booster"]
    gb = learner.get("gbtree", learner)
    values = [v for tree in gb["model"]["trees"] for k in ("split_conditions", "loss_changes", "sum_hessian",
                                                           "base_weights") for v in tree[k]]
    return np.asarray(values + learner.get("weight_drop", []), dtype=np.float32)


@pytest.mark.parametrize("name", list(BOOSTERS))
def test_a_boosters_floats_leave_rounded_where_the_site_rounds_weights(site, name):  # noqa: F811
    sent = bytes(_result(BOOSTERS[name]).data["model_data"])
    for policy, bits in ((None, None), ("update_filter: {mantissa_bits: 7}\n", 7)):
        out = site(policy).task(_incoming(name, False), _result(BOOSTERS[name]))
        arrived = bytes(fobs.loads(fobs.dumps(out))["DXO"]["data"]["model_data"])  # as the server reads it
        if bits is None:  # the site did not opt in: every bit leaves, as before
            assert arrived == sent
            continue
        # still XGBoost's own JSON, each float its float32's shortest decimal; only the top 7 mantissa bits left
        assert check_booster(arrived, "model_data", load_runtime_policy(None).update_filter) == []
        before, after = _floats(sent), _floats(arrived)
        assert not (after.view(np.uint32) & np.uint32((1 << 16) - 1)).any() and (before != after).any()
        assert np.allclose(after, before, rtol=2.0 ** -8, atol=0)


def _installed_nvflare(path: str) -> str:
    import nvflare

    return (Path(nvflare.__file__).parent / "app_opt" / "xgboost" / "histogram_based_v2" / path).read_text()


@pytest.mark.parametrize("policy, mode, refused", [
    (None, "enforce", False), ("guard: {xgboost_histograms: refuse}\n", "enforce", True),
    ("guard: {xgboost_histograms: refuse}\n", "audit", False)])
def test_a_site_may_refuse_xgboosts_histogram_protocol(tmp_path, policy, mode, refused):
    from nvflare.apis.fl_context import FLContext

    from handler import audit, process_guard

    # what the installed NVFlare's histogram executor fires, and reads back before it starts anything
    defs, executor = _installed_nvflare("defs.py"), _installed_nvflare("executor.py")
    assert f'EVENT_XGB_JOB_CONFIGURED = "{process_guard.XGB_JOB_CONFIGURED}"' in defs
    assert f'PARAM_KEY_CONFIG_ERROR = "{process_guard.XGB_CONFIG_ERROR}"' in defs
    fired = executor.index("self.fire_event(Constant.EVENT_XGB_JOB_CONFIGURED, fl_ctx)")
    assert executor.index("fl_ctx.get_prop(Constant.PARAM_KEY_CONFIG_ERROR, None)") > fired
    path = None
    if policy:
        path = tmp_path / "runtime.yaml"
        path.write_text(policy)
    log = tmp_path / "audit.jsonl"
    component = process_guard.ProcessGuard(policy=path and str(path), audit_log=str(log), mode=mode)
    ctx = FLContext()
    component.handle_event(process_guard.XGB_JOB_CONFIGURED, ctx)
    error = ctx.get_prop(process_guard.XGB_CONFIG_ERROR)
    assert bool(error) == refused and (not refused or "guard.xgboost_histograms: refuse" in error)
    records = audit.read(log) if log.exists() else []
    assert [r["decision"] for r in records] == ([] if policy is None else ["deny" if refused else "would-deny"])


def test_site_check_names_the_histogram_protocols_choice(jobgate, workspace):  # noqa: F811
    all_layers(workspace)
    out = jobgate("site", "check", str(workspace)).stdout
    assert "XGBoost's histogram protocol: allowed, and its gradients and histograms leave as aux messages" in out
    (workspace / "local" / "jobgate" / "runtime.yaml").write_text("guard: {xgboost_histograms: refuse}\n")
    assert "XGBoost's histogram protocol: refused" in jobgate("site", "check", str(workspace)).stdout


def test_a_machine_whose_capset_number_is_unknown_gets_no_namespace_and_an_oserror(monkeypatch):
    """On a machine the table does not know (ppc64le, s390x), make_private refuses before it unshares: the
    `.pth` line catches only OSError (the job then runs with the host's /dev/shm, as where user namespaces are
    off), and a namespace entered before a KeyError would have been left with its capabilities."""
    before = os.readlink("/proc/self/ns/user")
    monkeypatch.setattr(os, "uname", lambda: os.uname_result(("Linux", "h", "6", "1", "s390x")))
    with pytest.raises(OSError, match="s390x"):
        shared_memory.make_private()
    assert os.readlink("/proc/self/ns/user") == before
