"""jobgate's run-time layers in a real NVFlare deployment: server + two clients on localhost.

The static gate runs at both sites in audit mode (both routes): it judges and
records every job and blocks none, so that only the run-time layers stand:
  - the update filter, in each site's local/privacy.json (default scope,
    task data filter + task result filter), enforce mode;
  - the process guard, a component in each site's local/jobgate__j_resources.json,
    enforce mode, plus jobgate_guard.pth in the site's Python (`jobgate site
    install-guard`) for Client API trainer processes.
Jobs whose misbehaviour is built from run-time strings (read from a file
when they run) are stopped by these layers and by nothing else.

The forbidden connection goes to a listener this test starts on a loopback
port that is not NVFlare's; it records whether anything arrived. Nothing here
is aimed at any other address.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from handler import audit

from conftest import Listener

from .jobs import CLEAN_EXECUTOR, make_job, payload_executor
from .poc import Poc

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
JOBGATE_PATH = os.environ.get("JOBGATE_E2E_PYTHONPATH", str(REPO))
DONE = "FINISHED:COMPLETED"
ROUNDS = 4

# Adds an extra key holding raw data (a stand-in for the site's training rows) to the update.
LEAKY_EXECUTOR = '''\
import numpy as np
from nvflare.apis.dxo import DXO, DataKind, from_shareable
from nvflare.apis.executor import Executor


class AddOne(Executor):
    def __init__(self, delta=1):
        super().__init__()

    def execute(self, task_name, shareable, fl_ctx, abort_signal):
        weights = {k: v + 1 for k, v in from_shareable(shareable).data.items()}
        weights["rows"] = np.random.default_rng(0).standard_normal((100, 784))
        return DXO(data_kind=DataKind.WEIGHTS, data=weights).to_shareable()
'''

# Overwrites a weight tensor with data of the same shape but another dtype.
RETYPED_EXECUTOR = '''\
import numpy as np
from nvflare.apis.dxo import DXO, DataKind, from_shareable
from nvflare.apis.executor import Executor


class AddOne(Executor):
    def __init__(self, delta=1):
        super().__init__()

    def execute(self, task_name, shareable, fl_ctx, abort_signal):
        weights = dict(from_shareable(shareable).data)
        key = sorted(weights)[0]
        weights[key] = np.arange(weights[key].size, dtype=np.float64).reshape(weights[key].shape)
        return DXO(data_kind=DataKind.WEIGHTS, data=weights).to_shareable()
'''

# Every target comes from a file read when the job runs: no static tool can resolve them.
SNEAKY_EXECUTOR = '''\
import json, socket, subprocess
from nvflare.apis.dxo import DXO, DataKind, from_shareable
from nvflare.apis.executor import Executor


class AddOne(Executor):
    def __init__(self, plan=""):
        super().__init__()
        self.plan = plan

    def execute(self, task_name, shareable, fl_ctx, abort_signal):
        with open(self.plan) as fh:
            plan = json.load(fh)
        for what, act in (("connect", lambda: socket.create_connection((plan["host"], plan["port"]), timeout=3)),
                          ("program", lambda: subprocess.run([plan["program"], plan["touch"]], timeout=10)),
                          ("write", lambda: open(plan["write"], "w").write("site data"))):
            try:
                act()
                self.log_info(fl_ctx, f"sneaky: {what} went through")
            except PermissionError as err:
                self.log_info(fl_ctx, f"sneaky: {what} stopped: {err}")
        weights = {k: v + 1 for k, v in from_shareable(shareable).data.items()}
        return DXO(data_kind=DataKind.WEIGHTS, data=weights).to_shareable()
'''

# A Client API script that NVFlare runs as a separate process.
TRAINER = '''\
import json, socket, sys
import numpy as np
import nvflare.client as flare

plan = json.load(open(sys.argv[1]))
flare.init()
try:
    socket.create_connection((plan["host"], plan["port"]), timeout=3)
    print("trainer: connection went through")
except PermissionError as err:
    print(f"trainer: connection stopped: {err}")
while flare.is_running():
    model = flare.receive()
    params = {k: v + 1 for k, v in model.params.items()}
    if plan["leak"]:
        params["rows"] = np.random.default_rng(0).standard_normal((50, 20))
    flare.send(flare.FLModel(params=params))
'''


class Site:
    """One client's jobgate files, all under its local/ folder."""

    def __init__(self, kit: Path):
        from analyzer.trust import keys

        self.name, self.kit = kit.name, kit
        self.dir = kit / "local" / "jobgate"
        self.dir.mkdir(parents=True)
        keys.generate(str(self.dir / "gate"))
        (self.dir / "policy.yaml").write_text("trust:\n  gate: gate.pub\n")
        (self.dir / "runtime.yaml").write_text("# the built-in rules\n")
        self.audit_log = self.dir / "audit.jsonl"

    def gate_args(self, mode: str) -> dict:
        return {"policy": "local/jobgate/policy.yaml", "allowlist": "local/jobgate/allowlist.jsonl",
                "review_queue": "local/jobgate/queue", "audit_log": "local/jobgate/audit.jsonl",
                "gate_key": "local/jobgate/gate.key", "mode": mode}

    RUNTIME = {"policy": "local/jobgate/runtime.yaml", "audit_log": "local/jobgate/audit.jsonl", "mode": "enforce"}

    def install(self) -> None:
        local = self.kit / "local"
        (local / "jobgate__p_resources.json").write_text(json.dumps({"format_version": 2, "app_validator": {
            "path": "handler.validator.JobGateValidator", "args": self.gate_args("audit")}}, indent=2))
        self.job_components(gate_mode="audit", guard=True)
        entry = {"path": "handler.update_filter.UpdateFilter", "args": self.RUNTIME}
        (local / "privacy.json").write_text(json.dumps({
            "scopes": [{"name": "public", "task_data_filters": [entry], "task_result_filters": [entry]}],
            "default_scope": "public"}, indent=2))

    def job_components(self, gate_mode: str, guard: bool) -> None:
        comps = [{"id": "jobgate", "path": "handler.component.JobGate", "args": self.gate_args(gate_mode)}]
        if guard:
            comps.append({"id": "jobgate_guard", "path": "handler.process_guard.ProcessGuard", "args": self.RUNTIME})
        (self.kit / "local" / "jobgate__j_resources.json").write_text(
            json.dumps({"format_version": 2, "components": comps}, indent=2))

    def runtime_layers(self, on: bool) -> None:
        """Both run-time layers on or off; NVFlare re-reads these files for every job."""
        privacy, off = self.kit / "local" / "privacy.json", self.kit / "local" / "privacy.json.off"
        if on and off.exists():
            off.rename(privacy)
        if not on and privacy.exists():
            privacy.rename(off)
        self.job_components(gate_mode="audit", guard=on)

    def records(self, job_id: str, layer: str) -> list[dict]:
        return [r for r in audit.read(self.audit_log) if r.get("job_id") == job_id and r.get("layer") == layer]


def run_job(session, folder: Path, timeout: float = 120) -> tuple[str, dict, float]:
    t0 = time.monotonic()
    job_id = session.submit_job(str(folder))
    meta = session.wait_for_job(job_id, timeout=timeout, poll_interval=0.25)
    took = time.monotonic() - t0
    print(f"  {folder.name}: {meta['status']} in {took:.1f}s")
    return job_id, meta, took


_STAMP = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) .*Round (\d+) (started|finished)\.")


def round_times(session, job_id: str) -> list[float]:
    """Seconds from each round's start to its end, from the server's job log (ScatterAndGather's lines)."""
    starts, ends = {}, {}
    for line in (session.get_job_logs(job_id, target="server").get("logs", {}).get("server") or "").splitlines():
        m = _STAMP.match(line)
        if m:
            at = datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S,%f").timestamp()
            (starts if m.group(3) == "started" else ends)[int(m.group(2))] = at
    return [ends[r] - starts[r] for r in sorted(starts) if r in ends]


def refusals(sites: list[Site], job_id: str) -> dict[str, dict]:
    """The update filter's record of each site that judged a result of this job: all
    refusals, at least one. (Once one site's result is refused, the server may end
    the job before the other site's result comes in.)"""
    found = {}
    for site in sites:
        records = site.records(job_id, "update_filter")
        assert all(r["decision"] == "refuse" and not r["allowed"] for r in records), records
        if records:
            found[site.name] = records[0]
    assert found, f"no site judged a result of {job_id}"
    return found


def error_log(session, job_id: str, site: str, tmp: Path) -> str:
    """What the submitter can fetch: the site's error_log.txt, which NVFlare's
    SiteLogStreamer uploads after the job and the server keeps as job component
    ERRORLOG_<site> (Session.download_job_components)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if f"ERRORLOG_{site}" in session.list_job_components(job_id):
            break
        time.sleep(0.5)
    location = Path(session.download_job_components(job_id))
    found = list(location.rglob(f"ERRORLOG_{site}*"))
    return "\n".join(p.read_text(errors="replace") for p in found if p.is_file())


@pytest.mark.timeout(900)
def test_runtime_layers_in_a_real_nvflare_deployment(tmp_path, guarded_poc):
    t_start = time.monotonic()
    poc, sites = guarded_poc.poc, guarded_poc.sites
    for site in sites:
        check = subprocess.run([sys.executable, "-m", "analyzer.commands.cli", "site", "check", str(site.kit)],
                               env=poc.env, capture_output=True, text=True, timeout=120, cwd=tmp_path)
        print(check.stdout)
        assert check.returncode == 0, check.stdout + check.stderr
        for layer in ("deploy-time validator", "job-process gate", "update filter", "process guard"):
            assert re.search(rf"{layer}\s+on ", check.stdout), layer
        assert "Client API trainer processes: guarded" in check.stdout
    listener = Listener()
    session = poc.session()
    try:
        _steps(session, poc, sites, tmp_path, listener)
    finally:
        session.close()
        listener.close()
        for site in sites:  # the shared site as it was (tests/e2e/conftest.py)
            site.runtime_layers(True)
    print(f"e2e total: {time.monotonic() - t_start:.1f}s")


def _steps(session, poc: Poc, sites: list[Site], tmp: Path, listener: Listener) -> None:
    jobs = tmp / "jobs"
    jobs.mkdir()

    # 1. A clean custom-code job completes with both layers on; then the same job with both off.
    print(f"1. clean job, {ROUNDS} rounds, layers on and off")
    timings = {}
    for on in (True, False, True, False):
        for site in sites:
            site.runtime_layers(on)
        job = make_job(jobs, f"clean-{'on' if on else 'off'}-{len(timings)}", {"np_exec.py": CLEAN_EXECUTOR},
                       num_rounds=ROUNDS)
        job_id, meta, took = run_job(session, job)
        assert meta["status"] == DONE
        rounds = round_times(session, job_id)
        assert len(rounds) == ROUNDS
        # Round 0 includes the clients' job processes starting; later rounds are steady state.
        timings.setdefault(on, []).append((took, rounds[0], statistics.mean(rounds[1:])))
        for site in sites:
            filtered, guarded = site.records(job_id, "update_filter"), site.records(job_id, "guard")
            if not on:
                assert not filtered and not guarded
                continue
            assert len(filtered) == ROUNDS and all(r["decision"] == "pass" for r in filtered), filtered
            # One line per layer as it loads: the validator on the client's console at start
            # (and in its log with the first deployment), the rest in the job's log.
            assert "jobgate: deploy-time validator loaded (audit mode" in (site.kit / "process_stdout.txt").read_text()
            assert "jobgate: deploy-time validator loaded (audit mode" in (site.kit / "log.txt").read_text()
            job_log = (site.kit / job_id / "log.txt").read_text()
            for line in ("jobgate: job-process gate loaded (audit mode", "jobgate: update filter loaded (enforce mode",
                         "jobgate: process guard loaded (enforce mode", "jobgate: process guard on in job"):
                assert line in job_log, line
            install = [r for r in guarded if r["event"] == "install"]
            assert len(install) == 1 and not [r for r in guarded if r["event"] != "install"], guarded
            print(f"   {site.name}: guard load {install[0]['setup_ms']:.0f} ms + install "
                  f"{install[0]['elapsed_ms']:.1f} ms; filter load {filtered[0]['setup_ms']:.0f} ms; "
                  f"per round: record {statistics.mean(r['record_ms'] for r in filtered):.2f} ms + judge "
                  f"{statistics.mean(r['elapsed_ms'] for r in filtered):.2f} ms")
    for on in (True, False):
        job_s, first_s, later_s = (statistics.mean(t[i] for t in timings[on]) for i in range(3))
        print(f"   layers {'on ' if on else 'off'}: job {job_s:.2f} s from submit to finish; round 0 (with the job "
              f"processes' start) {first_s * 1000:.0f} ms, later rounds {later_s * 1000:.0f} ms each "
              f"(mean of {len(timings[on])} jobs)")
    for site in sites:
        site.runtime_layers(True)

    # 2. An extra key with raw data, and a tensor of the same shape in another dtype: refused.
    print("2. update filter: extra key, changed dtype")
    for name, code, expect in (("leaky", LEAKY_EXECUTOR, "keys not in the model sent for this task: 'rows': "
                                "numpy.ndarray [100, 784] float64"),
                               ("retyped", RETYPED_EXECUTOR, "is numpy.ndarray [3, 3] float64, the model sent "
                                "numpy.ndarray [3, 3] float32")):
        job_id, meta, _ = run_job(session, make_job(jobs, name, {"np_exec.py": code}))
        assert meta["status"] != DONE
        refused = refusals(sites, job_id)
        assert all(expect in r["problems"][0] for r in refused.values()), refused
        site, record = next(iter(refused.items()))
        print(f"   {site} audit: {record['problems'][0]}")
        logged = error_log(session, job_id, site, tmp)
        assert f"jobgate: update refused at {site}" in logged, logged[-2000:]
        print(f"   the submitter's copy of {site}'s error log:",
              next(line for line in logged.splitlines() if "update refused" in line)[-160:])

    # 3. Network call, program start and write outside the workspace, all from run-time strings.
    print("3. process guard: connect, start a program, write outside the job's folder")
    touched, written = tmp / "touched", tmp / "outside.txt"
    plan = tmp / "plan.json"
    plan.write_text(json.dumps({"host": "127.0.0.1", "port": listener.port, "program": "touch",
                                "touch": str(touched), "write": str(written)}))
    sneaky = make_job(jobs, "sneaky", {"np_exec.py": SNEAKY_EXECUTOR},
                      executor={"path": "np_exec.AddOne", "args": {"plan": str(plan)}})
    job_id, meta, _ = run_job(session, sneaky)
    assert meta["status"] == DONE  # the honest update still goes out
    assert listener.arrived == 0 and not touched.exists() and not written.exists()
    for site in sites:
        denied = {r["event"]: r for r in site.records(job_id, "guard") if r["decision"] == "deny"}
        assert {"socket.connect", "subprocess.Popen", "open"} <= set(denied), denied
        assert f"127.0.0.1:{listener.port}" in denied["socket.connect"]["reason"]
        assert str(written) in denied["open"]["reason"]
    for event in ("socket.connect", "subprocess.Popen", "open"):
        print(f"   {sites[0].name} audit: {event}: {denied[event]['reason']}")

    # 4. A Client API script run as a separate process: guarded there too, and its
    #    result reaches the site's result filter with its real contents.
    print("4. Client API trainer in a separate process: honest, then with an extra key")
    for leak in (False, True):
        trainer_plan = tmp / f"trainer-{leak}.json"
        trainer_plan.write_text(json.dumps({"host": "127.0.0.1", "port": listener.port, "leak": leak}))
        trainer = make_job(jobs, f"trainer-{'leaky' if leak else 'honest'}", {"train.py": TRAINER}, executor={
            "path": "nvflare.app_common.executors.client_api_executor.ClientAPIExecutor",
            "args": {"execution_mode": "external_process",
                     "command": f"{sys.executable} -u custom/train.py {trainer_plan}",
                     "params_exchange_format": "numpy"}})
        job_id, meta, _ = run_job(session, trainer, timeout=180)
        assert listener.arrived == 0
        for site in sites:
            denied = [r for r in site.records(job_id, "guard") if r["decision"] == "deny"]
            assert denied and all(r["process"] == "trainer" and r["event"] == "socket.connect" for r in denied), denied
        print(f"   {sites[0].name} audit: trainer {denied[0]['event']}: {denied[0]['reason']}")
        if not leak:
            assert meta["status"] == DONE
            for site in sites:
                judged = site.records(job_id, "update_filter")
                assert len(judged) == 1 and judged[0]["decision"] == "pass", judged
            continue
        assert meta["status"] != DONE
        refused = refusals(sites, job_id)
        problems = {site: r["problems"] for site, r in refused.items()}
        assert all(found == ["keys not in the model sent for this task: 'rows': numpy.ndarray [50, 20] float64"]
                   for found in problems.values()), problems
        print(f"   {next(iter(refused))} audit: {next(iter(problems.values()))[0]}")

    # 5. The job-process gate blocks a job: its one line reaches the submitter.
    print("5. job-process gate in enforce mode: the reason reaches the submitter")
    sites[0].job_components(gate_mode="enforce", guard=True)
    markers = tmp / "markers"
    markers.mkdir()
    payload = make_job(jobs, "payload", {"np_exec.py": payload_executor(markers / "imp", markers / "init")},
                       clients=("site-1",))
    job_id, meta, _ = run_job(session, payload)
    assert meta["status"] != DONE
    logged = error_log(session, job_id, "site-1", tmp)
    line = next((x for x in logged.splitlines() if "jobgate: rejected" in x), "")
    assert line, logged[-2000:]
    print("   the submitter's copy of site-1's error log:", line[line.index("jobgate: rejected"):][:200])
