"""Session 49 (runtime49): a job's config alone chooses the command NVFlare runs a Client API trainer with
(ClientAPIExecutor `command`), and NVFlare puts the job's custom/ folder on the trainer's PYTHONPATH
(utils/job_launcher_utils.py: add_custom_dir_to_path). `python3 -W ignore::evilmod.W` makes Python import
custom/evilmod.py before `site`, so before jobgate_guard.pth installs the guard: on main that module ran
unguarded in the trainer (here: a connection to a port no rule allows, which the hook denies once it is on).
The job process's guard now refuses to start the trainer so; the denial is in the audit log (the test waits for
it, then aborts the job, which NVFlare would otherwise keep running through its rounds and timeouts).
The same job without the flag runs, guarded, to completion.
"""

from __future__ import annotations

import time

import pytest

from conftest import Listener

from .jobs import make_job
from .test_runtime_layers import run_job

pytestmark = pytest.mark.e2e

EVIL = '''\
import socket
import sys

PORT = {port}


class W(Warning):
    pass


# runs at import, before site when named by -W: no guard yet in this process
try:
    socket.create_connection(("127.0.0.1", PORT), timeout=2).close()
except OSError:
    pass
'''

TRAINER = '''\
import nvflare.client as flare


def main():
    flare.init()
    while flare.is_running():
        model = flare.receive()
        flare.send(flare.FLModel(params={k: v + 1 for k, v in model.params.items()}))


if __name__ == "__main__":
    main()
'''


def _denials(sites, job_id: str, within: float) -> list[dict]:
    """The guard's deny records of the job at any site, as soon as there is one (at most `within` seconds)."""
    deadline = time.monotonic() + within
    while True:
        denied = [r for site in sites for r in site.records(job_id, "guard") if r["decision"] == "deny"]
        if denied or time.monotonic() > deadline:
            assert denied, f"no guard denial for {job_id} within {within}s"
            return denied
        time.sleep(1)


@pytest.mark.timeout(600)
def test_a_trainer_command_cannot_run_the_jobs_module_before_the_guard(tmp_path, guarded_poc):
    sites = guarded_poc.sites
    listener = Listener()
    jobs = tmp_path / "jobs"
    files = {"evilmod.py": EVIL.format(port=listener.port), "train.py": TRAINER}

    def trainer(name, flags):
        return make_job(jobs, name, files, executor={
            "path": "nvflare.app_common.executors.client_api_executor.ClientAPIExecutor",
            "args": {"execution_mode": "external_process", "heartbeat_timeout": 10.0,
                     "params_exchange_format": "numpy", "command": f"python3 {flags}-u custom/train.py"}})

    session = guarded_poc.poc.session()
    try:
        # NVFlare's launcher fails the task when Popen is refused and the job goes on (rounds, then its
        # own timeouts): the denial is what is waited for, then the job is aborted
        job_id = session.submit_job(str(trainer("early_module", "-W ignore::evilmod.W ")))
        denied = _denials(sites, job_id, within=240)
        session.abort_job(job_id)
        session.wait_for_job(job_id, timeout=120, poll_interval=0.5)
        assert {(r["process"], r["reason"]) for r in denied} == {
            ("job", "starting Python with -W ignore::evilmod.W (the warning's module is imported before "
                    "the guard)")}, denied
        print(f"  early_module: {denied[0]['reason']}")
        job_id, meta, _ = run_job(session, trainer("plain", ""), timeout=180)
        assert meta["status"] == "FINISHED:COMPLETED", meta  # NVFlare's own start of the trainer still passes
    finally:
        session.close()
        listener.close()
    assert listener.arrived == 0
