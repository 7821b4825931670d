"""Session 47: jobs the static gate accepts, stopped at run time, at a site set up by docs/site-admin.md.

The job-process gate enforces (the built-in policy, `runtime_guard: true`), the update filter and the
process guard enforce, and `jobgate_guard.pth` is in the site's Python (the POC of tests/e2e/conftest.py,
whose deploy-time validator audits: it lets an accepted job through as enforcing would). Two jobs that the
analysis accepts write a checkpoint to a folder their config names, outside the job's folder: one from an
in-process executor, one from a Client API script that NVFlare runs as its own process. The guard stops
both writes; nothing is written; the submitter's ERRORLOG_<site> (the site's error_log.txt, uploaded by
NVFlare's SiteLogStreamer) names the denial. Until session 47 the trainer's denial reached the job's log
only at INFO (NVFlare relays a trainer's output at INFO), and ERRORLOG said at most that the trainer
stopped answering.
"""

from __future__ import annotations

import time

import pytest

from handler import audit

from .jobs import make_job
from .test_runtime_layers import error_log, run_job

pytestmark = pytest.mark.e2e

EXECUTOR = '''\
"""Adds one to the global weights and keeps a checkpoint of each round."""
import os

import numpy as np
from nvflare.apis.dxo import DXO, DataKind, from_shareable
from nvflare.apis.executor import Executor


class AddOne(Executor):
    def __init__(self, delta=1, ckpt_dir="checkpoints"):
        super().__init__()
        self.delta = delta
        self.ckpt_dir = ckpt_dir

    def execute(self, task_name, shareable, fl_ctx, abort_signal):
        weights = {k: v + self.delta for k, v in from_shareable(shareable).data.items()}
        os.makedirs(self.ckpt_dir, exist_ok=True)
        np.save(os.path.join(self.ckpt_dir, "weights.npy"), weights["numpy_key"])
        return DXO(data_kind=DataKind.WEIGHTS, data=weights).to_shareable()
'''

TRAINER = '''\
"""Client API trainer: adds one to the global weights, checkpoints each round."""
import argparse
import os

import numpy as np
import nvflare.client as flare


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ckpt_dir", default="checkpoints")
    args = parser.parse_args()
    flare.init()
    while flare.is_running():
        model = flare.receive()
        params = {k: v + 1 for k, v in model.params.items()}
        os.makedirs(args.ckpt_dir, exist_ok=True)
        np.save(os.path.join(args.ckpt_dir, "weights.npy"), params["numpy_key"])
        flare.send(flare.FLModel(params=params))


if __name__ == "__main__":
    main()
'''


@pytest.mark.timeout(600)
def test_accepted_jobs_writing_outside_are_stopped_and_the_submitter_is_told(tmp_path, guarded_poc):
    sites = guarded_poc.sites
    jobs = tmp_path / "jobs"
    in_process = make_job(jobs, "ckpt", {"np_exec.py": EXECUTOR},
                          executor={"path": "np_exec.AddOne",
                                    "args": {"delta": 1, "ckpt_dir": str(tmp_path / "outside_a")}})
    trainer = make_job(jobs, "ckpt_trainer", {"train.py": TRAINER}, executor={
        "path": "nvflare.app_common.executors.client_api_executor.ClientAPIExecutor",
        "args": {"execution_mode": "external_process", "heartbeat_timeout": 10.0, "params_exchange_format": "numpy",
                 "command": f"python3 -u custom/train.py --ckpt_dir {tmp_path / 'outside_b'}"}})
    # the job-process gate enforces the built-in policy (runtime_guard: true: an accepted job runs only
    # guarded); NVFlare reads local/jobgate__j_resources.json anew for every job
    for site in sites:
        site.job_components(gate_mode="enforce", guard=True)
    session = guarded_poc.poc.session()
    try:
        for job, process, where in ((in_process, "job", tmp_path / "outside_a"),
                                     (trainer, "trainer", tmp_path / "outside_b")):
            job_id, meta, took = run_job(session, job, timeout=180)
            assert meta["status"] == "FINISHED:EXECUTION_EXCEPTION", meta
            told = []
            for site in sites:
                gate = [r for r in audit.read(site.audit_log) if r.get("job_id") == job_id and r.get("route")]
                # the deploy-time validator audits at this shared site (an accept is let through either way)
                assert {(r["route"], r["mode"], r["decision"]) for r in gate} == {
                    ("deploy", "audit", "accept"), ("job", "enforce", "accept")}
                denied = [r for r in site.records(job_id, "guard") if r["decision"] == "deny"]
                if not denied:  # the server ended the job when the other site's task failed
                    continue
                assert [(r["process"], r["event"], r["reason"]) for r in denied] == [
                    (process, "os.mkdir", f"writing {where}, outside the job's folder (guard.scratch)")]
                deadline = time.monotonic() + 30  # ERRORLOG arrives when the site's job has ended
                while f"writing {where}" not in (text := error_log(session, job_id, site.name, tmp_path)):
                    assert time.monotonic() < deadline, text
                    time.sleep(1)
                assert "jobgate guard (enforce)" in text
                told.append(site.name)
                print(f"  {job.name} at {site.name}: {denied[0]['reason']}")
            assert told
            assert not where.exists()
    finally:
        session.close()
        for site in sites:
            site.job_components(gate_mode="audit", guard=True)
