"""One NVFlare POC shared by the run-time layer tests (test_runtime47_poc.py ... test_runtime50_poc.py,
test_runtime_layers.py).

Each of them used to provision, start and stop a POC of its own (18-23 s of set-up each, measured on a loaded
machine) for the same site: both clients set up by docs/site-admin.md, the gate auditing
on both routes (it lets the job run, as a gate the author fooled would), the update filter and the process
guard enforcing, `jobgate_guard.pth` in the site's Python. A test still submits its own jobs and reads only
their records (every record carries its job id); one that needs more of the site (test_runtime47_poc.py:
the job-process gate enforcing) changes what NVFlare reads per job and puts it back.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass

import pytest

from handler import guard_boot

from .poc import CLIENTS, Poc
from .test_runtime_layers import JOBGATE_PATH, REPO, Site


@pytest.fixture(scope="package")
def pth_in_site_python():
    """`jobgate site install-guard` into the Python NVFlare runs (this venv);
    removed after the last end-to-end test if they put it there: the tests after them read `site check` of a
    venv without it (tests/test_runtime58.py), and a job process of this venv makes its own /dev/shm with it."""
    had = guard_boot.pth_path().exists()
    env = dict(os.environ, PYTHONPATH=JOBGATE_PATH)
    out = subprocess.run([sys.executable, "-m", "analyzer.commands.cli", "site", "install-guard"], env=env,
                         capture_output=True, text=True, timeout=60, cwd=REPO)
    assert out.returncode == 0, out.stderr
    yield
    if not had:
        guard_boot.pth_path().unlink(missing_ok=True)


@dataclass
class GuardedPoc:
    poc: Poc
    sites: list[Site]


@pytest.fixture(scope="package")
def guarded_poc(tmp_path_factory, pth_in_site_python):
    root = tmp_path_factory.mktemp("guarded_poc")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in (JOBGATE_PATH, os.environ.get("PYTHONPATH")) if p))
    env["HOME"] = str(root / "home")
    # the site's python3 first, as its start.sh finds it (docs/site-admin.md, "Install")
    env["PATH"] = os.pathsep.join((os.path.dirname(sys.executable), env.get("PATH", "")))
    env.pop(guard_boot.BOOTSTRAP_ENV, None)
    poc = Poc(root / "poc", env)
    poc.prepare()
    sites = [Site(poc.site(name)) for name in CLIENTS]
    for site in sites:
        site.install()
    try:
        poc.start()
        yield GuardedPoc(poc, sites)
    finally:
        poc.stop()
    assert not poc.leftover()
