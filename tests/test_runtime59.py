"""Session 59 (runtime59): an earlier job's run folder; floats `update_filter.mantissa_bits` left whole.

1. A guarded job may write its own run folder (workspace/<job id>), and reads are held nowhere but at the site's
   credential paths: a job left rows there and a later job of the site's user read them. Now the namespace that
   gives each NVFlare job process its own /dev/shm (handler/shared_memory.py) also hides the run folders of the
   jobs started before it. Shown with real processes: a throw-away venv holding the .pth as `jobgate site
   install-guard` writes it, started as NVFlare's client parent starts a job process (`python -m
   nvflare.private.fed.app.client.worker_process ... -m WORKSPACE -n JOB_ID`), under the real guard in enforce mode.
2. Under `update_filter.mantissa_bits` a big-endian array (its low mantissa bits are its last bytes) and a complex
   array (two floats an element) went out with every bit, where the job's server side had sent the model so; a
   longdouble raised past the filter (NVFlare then sent an error, and the site's audit log had no record).
3. NVFlare 2.9 passes a job process its credentials in its environment; it was dumpable, /proc/<pid>/environ
   readable by the site's user, until its guard installed. The .pth now makes it not dumpable at its start.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from nvflare.apis.dxo import DXO, DataKind
from nvflare.app_common.decomposers import common_decomposers
from nvflare.fuel.utils import fobs

from handler import shared_memory
from test_guard import SITE_PACKAGES, venv_with_pth  # noqa: F401  (the fixture)
from test_runtime48 import PROBE, ROOT, setup  # noqa: F401  (the fixture)
from test_update_filter import refused, site  # noqa: F401  (the fixture)

ROWS = "patient-0001,1970-01-01,HIV+;"
WRITE = f"open('rows.csv', 'w').write({ROWS!r})"  # in its own run folder, its working folder
READ = """\
import os
try:
    print("READ", open(os.path.join("..", {earlier!r}, "rows.csv")).read())
except OSError as err:
    print("NOTHING", type(err).__name__)
open("own.csv", "w").write("x")
print("OWN", open("own.csv").read(), sorted(os.listdir(os.path.join("..", "local"))))
"""


def _job(python: Path, module_dir: Path, as_nvflare_starts_it: bool, cfg, code: str, worker_code=PROBE) -> list[str]:
    """A job process under the guard, with NVFlare's workspace (-m) and job id (-n) arguments; its lines."""
    worker = module_dir / "nvflare" / "private" / "fed" / "app" / "client" / "worker_process.py"
    worker.parent.mkdir(parents=True, exist_ok=True)
    worker.write_text(worker_code)  # standing for nvflare's worker_process: the guard in enforce mode, then the job's
    for package in worker.parents[:5]:
        (package / "__init__.py").touch()
    start = ["-m", "nvflare.private.fed.app.client.worker_process"] if as_nvflare_starts_it else [str(worker)]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(module_dir), str(ROOT), SITE_PACKAGES]))
    done = subprocess.run([str(python), *start, cfg.to_env(), code, "-m", str(Path(cfg.run_dir).parent),
                           "-n", cfg.job_id], capture_output=True, text=True, env=env, cwd=cfg.run_dir, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.splitlines()


@pytest.mark.parametrize("as_nvflare_starts_it", [False, True], ids=["a script (no namespace)", "a job process"])
def test_a_later_job_reads_an_earlier_jobs_run_folder_only_where_it_is_not_a_job_process(
        setup, tmp_path, venv_with_pth, as_nvflare_starts_it):  # noqa: F811
    cfg, _ = setup
    first, second = (replace(cfg, job_id=str(uuid.uuid4())) for _ in range(2))
    first, second = (replace(c, run_dir=str(tmp_path / "ws" / c.job_id)) for c in (first, second))
    for c in (first, second):
        Path(c.run_dir).mkdir()
    assert _job(venv_with_pth, tmp_path / "m", as_nvflare_starts_it, first, WRITE)[-1] == "RAN"
    lines = _job(venv_with_pth, tmp_path / "m", as_nvflare_starts_it, second, READ.format(earlier=first.job_id))
    # the job's own folder and the site's folders stay as they were
    assert lines[-2:] == ["OWN x ['a.jsonl', 'a.jsonl.lock']", "RAN"], lines
    if not as_nvflare_starts_it:  # the channel, as on main for a job process
        assert lines[1] == f"READ {ROWS}" and "/dev/shm: the host's" in lines[0], lines
        return
    assert lines[1] == "NOTHING FileNotFoundError", lines
    assert f"{shared_memory.SHM_PRIVATE}; earlier jobs' run folders hidden: 1" in lines[0], lines  # its record
    assert (Path(first.run_dir) / "rows.csv").read_text() == ROWS  # hidden in the job's view only


@pytest.mark.parametrize("as_nvflare_starts_it", [False, True], ids=["a script", "a job process"])
def test_a_job_process_is_not_dumpable_from_its_start(setup, tmp_path, venv_with_pth,  # noqa: F811
                                                     as_nvflare_starts_it):
    """Before its guard installs (NVFlare's start-up, seconds), another process of the site's user read the job
    process's /proc/<pid>/environ, where NVFlare 2.9 passes the job's auth token, its signature and the SSID."""
    cfg, _ = setup
    worker = "import ctypes; print('DUMPABLE', ctypes.CDLL(None).prctl(3, 0, 0, 0, 0))"  # PR_GET_DUMPABLE
    lines = _job(venv_with_pth, tmp_path / "m", as_nvflare_starts_it, cfg, "", worker)
    assert lines == [f"DUMPABLE {0 if as_nvflare_starts_it else 1}"], lines


def test_a_job_sees_its_own_run_folder_and_no_other_earlier_one(tmp_path):
    """make_private as the .pth calls it, in a child: which folders of the workspace it hides."""
    ws = tmp_path / "ws"
    own, other = str(uuid.uuid4()), str(uuid.uuid4())
    for name in (own, other, "local", "data", "not-a-" + other):  # the site's folders keep their contents
        (ws / name).mkdir(parents=True)
        (ws / name / "f").write_text(name)
    code = ("import os, sys; from handler import shared_memory as s; s.make_private(sys.argv[1:]); "
            "print(sorted(n for n in os.listdir(sys.argv[2]) if os.listdir(os.path.join(sys.argv[2], n))))")
    done = subprocess.run([sys.executable, "-c", code, "-m", str(ws), "-w", "startup", "-n", own],
                          capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[0] == str(sorted([own, "local", "data", "not-a-" + other])), done.stdout


def _low_bits(arr: np.ndarray, keep: int) -> int:
    """How many of the array's floats have a mantissa bit below the top `keep` set."""
    floats = arr.astype(arr.dtype.newbyteorder("=")).reshape(-1)
    if floats.dtype.kind == "c":
        floats = floats.view(f"f{floats.dtype.itemsize // 2}")
    width = {4: 23, 8: 52}[floats.dtype.itemsize]
    u = floats.view(f"u{floats.dtype.itemsize}")
    return int((u & np.array((1 << (width - keep)) - 1, u.dtype)).astype(bool).sum())


@pytest.mark.parametrize("dtype", [">f4", ">f8", "complex64", ">c16"])
def test_big_endian_and_complex_floats_leave_rounded(site, dtype):  # noqa: F811
    common_decomposers.register()  # NVFlare's numpy decomposer, as a site registers it
    rng = np.random.default_rng(59)
    model = {"w": np.zeros((8, 8), dtype)}  # the job's server side sent its model so
    sent = (rng.standard_normal((8, 8)) + (1j * rng.standard_normal((8, 8)) if "c" in dtype else 0)).astype(dtype)
    assert _low_bits(sent, 7) > 0
    out = site("update_filter: {mantissa_bits: 7}\n").task(DXO(DataKind.WEIGHTS, model),
                                                           DXO(DataKind.WEIGHTS, {"w": sent.copy()}))
    arrived = fobs.loads(fobs.dumps(out))["DXO"]["data"]["w"]  # as the server reads it
    assert arrived.dtype == np.dtype(dtype) and arrived.shape == (8, 8)
    assert _low_bits(arrived, 7) == 0  # on main: all 64 (or 128) floats still carried their low bits
    assert np.allclose(arrived, sent, rtol=2.0 ** -7, atol=0)  # on main, big-endian: off by up to 2.3


def test_a_float_the_filter_cannot_round_is_refused_with_a_record(site):  # noqa: F811
    model = {"w": np.zeros((4, 4), np.longdouble)}
    scope = site("update_filter: {mantissa_bits: 7}\n")
    out = scope.task(DXO(DataKind.WEIGHTS, model), DXO(DataKind.WEIGHTS, {"w": np.ones((4, 4), np.longdouble)}))
    reason = f"floats of {np.dtype(np.longdouble).itemsize} bytes, which update_filter.mantissa_bits cannot round"
    assert reason in refused(out)  # on main: KeyError raised past the filter, no audit record
    assert scope.last()["decision"] == "refuse" and reason in scope.last()["problems"][0]
    # unrounded, a longdouble model passes as before
    out = site(None).task(DXO(DataKind.WEIGHTS, model), DXO(DataKind.WEIGHTS, {"w": np.ones((4, 4), np.longdouble)}))
    assert "DXO" in out


def test_flmodel_metrics_and_header_floats_leave_rounded(site):  # noqa: F811
    """A Client API trainer's FLModel (params_type DIFF) as NVFlare's FLModelUtils makes it a result: its metrics
    travel in the DXO's meta (`initial_metrics`), where, like a float in a header, they carried 52 bits each."""
    from nvflare.app_common.abstract.fl_model import FLModel, ParamsType
    from nvflare.app_common.utils.fl_model_utils import FLModelUtils

    common_decomposers.register()
    model = {"w": np.zeros((4, 4), np.float32)}
    metrics = {"acc": 0.9123456789012345, "loss": 1.2345678901234567, "steps": 10}
    for policy, bits in ((None, None), ("update_filter: {mantissa_bits: 7}\n", 7)):
        update = FLModel(params_type=ParamsType.DIFF, params={"w": np.full((4, 4), 0.1234567, np.float32)},
                         metrics=dict(metrics))
        result = FLModelUtils.to_shareable(update)
        result.set_header("__workflow__", {"t": 3.141592653589793, "name": "x", "n": [2.718281828459045, 7]})
        out = fobs.loads(fobs.dumps(site(policy).task(DXO(DataKind.WEIGHTS, model), result)))
        sent, header = out["DXO"]["meta"]["initial_metrics"], out["__headers__"]["__workflow__"]
        if bits is None:  # the site did not opt in: every bit leaves, as before
            assert sent == metrics and header["t"] == 3.141592653589793
            continue
        assert out["DXO"]["kind"] == DataKind.WEIGHT_DIFF and _low_bits(out["DXO"]["data"]["w"], 7) == 0
        assert sent == {"acc": 0.9140625, "loss": 1.234375, "steps": 10}  # on main: as sent
        assert header == {"t": 3.140625, "name": "x", "n": [2.71875, 7]}
