"""The process guard in processes that a guarded job process starts.

NVFlare 2.9.0 starts a Client API trainer (`ScriptRunner(launch_external_process=True)`,
`ClientAPIExecutor` in `external_process` mode) with `subprocess.Popen` from
the job process, with a copy of the job process's environment
(app_common/executors/client_api/external_process_backend.py: `_launch_trainer`:
`env = os.environ.copy()`). The command comes from the job's config, so the
job chooses it; what the site controls is:
- the site's Python: a `jobgate_guard.pth` in its site-packages (written by
  `jobgate site install-guard`) runs this module at interpreter start-up,
  before `sitecustomize`, before the script and before anything the job ships
  (Python processes .pth files in `site.main()`);
- the environment: the guarded job process puts the guard's settings in
  `JOBGATE_GUARD`, which this module reads.
The job cannot switch either off: the job process's guard lets a program start
only when it is an allowed program, or the site's own Python with
`JOBGATE_GUARD` unchanged, no -S (which would skip .pth files) and no
LD_PRELOAD/LD_AUDIT/LD_LIBRARY_PATH/PYTHONHOME change; it denies changing
those variables in its own environment (os.putenv/os.unsetenv). Any other
interpreter, shell or launcher is a program the policy does not name.

If the guard cannot be installed here, the process stops before any job code
runs (a .pth line that fails would otherwise only print a warning).

The same line gives each NVFlare job process a /dev/shm of its own before its first thread starts, hides
the run folders of the site's other jobs from it, starts it in a PID namespace with a /proc of its own
(handler/shared_memory.py), and makes it not dumpable.
"""

from __future__ import annotations

import ipaddress
import json
import os
import sys
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

PTH_NAME = "jobgate_guard.pth"
# How the client parent starts a job process (private/fed/client/client_executor.py: EXE_MODULE).
JOB_PROCESS = ["-m", "nvflare.private.fed.app.client.worker_process"]
# One line: Python executes .pth lines that start with "import". Fails closed:
# if jobgate cannot be imported, the process stops instead of running unguarded.
PTH_LINE = (r"""import os, sys; exec(compile('try:\n import handler.guard_boot\nexcept BaseException as e:\n """
            r"""sys.stderr.write("jobgate guard: not installed (%r); stopping\\n" % (e,)); """
            r"""os._exit(70)', 'jobgate_guard.pth', 'exec')) if os.environ.get('JOBGATE_GUARD') or """
            f"sys.orig_argv[1:3] == {JOB_PROCESS!r} else None\n")
# NVFlare's trainer bootstrap file (client/cell/bootstrap.py: BOOTSTRAP_FILE_ENV_VAR, BootstrapKey.CONNECT_URL).
BOOTSTRAP_ENV = "NVFLARE_CLIENT_API_BOOTSTRAP"


def site_packages() -> Path:
    import sysconfig

    return Path(sysconfig.get_paths()["purelib"])


def pth_path() -> Path:
    return site_packages() / PTH_NAME


def pth_installed() -> bool:
    try:
        return pth_path().read_text() == PTH_LINE
    except OSError:
        return False


def write_pth() -> Path:
    path = pth_path()
    path.write_text(PTH_LINE)
    return path


def trainer_endpoint() -> tuple[str, int] | None:
    """The loopback address NVFlare tells a Client API trainer to connect to.
    Only a loopback address counts: the file lies in the job's app folder."""
    path = os.environ.get(BOOTSTRAP_ENV)
    if not path:
        return None
    with open(path) as fh:
        url = urlsplit(str(json.load(fh).get("connect_url") or ""))
    if not url.hostname or url.port is None:
        return None
    host = url.hostname
    loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    return (host, url.port) if loopback else None


def boot() -> None:
    from handler import guard

    config = guard.GuardConfig.from_env(os.environ[guard.ENV])
    here = str(Path(__file__).resolve().parent.parent)
    if config.jobgate_root and here != config.jobgate_root:
        raise RuntimeError(f"jobgate loaded from {here}, not from {config.jobgate_root}")
    endpoint = trainer_endpoint()
    if endpoint is not None:
        config = replace(config, endpoints=(*config.endpoints, endpoint))
    guard.install(config)


if os.environ.get("JOBGATE_GUARD"):
    try:
        boot()
    except BaseException as err:  # noqa: BLE001 - no guard, no job code
        sys.stderr.write(f"jobgate guard: cannot install the process guard ({err!r}); stopping\n")
        os._exit(70)
elif sys.orig_argv[1:3] == JOB_PROCESS:
    from handler import guard, shared_memory

    try:
        shared_memory.make_private(sys.orig_argv[3:])
    except OSError as err:  # its guard's install record says what the job shares: the host's /dev/shm, or runs
        sys.stderr.write(f"jobgate guard: no /dev/shm or hidden run folders of the job's own ({err})\n")
    # NVFlare 2.9 hands a job process its credentials in its environment (apis/job_launcher_spec.py: JobProcessEnv),
    # which /proc/<pid>/environ shows for the process's life: not dumpable from its start, not from its guard's
    # (after NVFlare's start-up; not dumpable before unshare, /proc/self/uid_map would be root's to write)
    guard.not_dumpable()
