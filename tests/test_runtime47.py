"""Session 47, the site's set-up as docs/site-admin.md lays it out, checked in a real POC (runtime47).

- `jobgate site check` said "sound" for a site whose gate enforces under the built-in policy
  (`runtime_guard: true`) while the process guard was off or in audit mode: there the gate blocks every job
  its analysis accepts ("... but the process guard runs in audit mode, not enforce"), measured in the POC.
- An allowlist the client cannot append to (read-only, `chattr +i`) with `gate_key` set blocked every
  automatically accepted job ("cannot write allowlist"), and site check said "chain intact".
- A Client API trainer's guard denials reached the job's log only as INFO lines (NVFlare relays what a
  trainer prints at INFO), so error_log.txt, which the submitter gets as ERRORLOG_<site>, said only that
  the trainer stopped answering. The job process's guard now repeats them at ERROR as it shuts down
  (tests/e2e/test_runtime47_poc.py proves it end to end).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from analyzer.commands import site_check
from handler import audit, process_guard
from handler.site_gate import SiteGate
from analyzer.runtime_policy import load_runtime_policy

from test_site_check import all_layers, workspace  # noqa: F401  (the fixture)

from e2e.jobs import CLEAN_EXECUTOR
from e2e.test_site_gate import deployed


def _guard_mode(ws: Path, mode: str | None) -> None:
    path = ws / "local" / "jobgate__j_resources.json"
    doc = json.loads(path.read_text())
    doc["components"] = [c for c in doc["components"] if c["id"] != "jobgate_guard" or mode is not None]
    for c in doc["components"]:
        if c["id"] == "jobgate_guard":
            c["args"]["mode"] = mode
    path.write_text(json.dumps(doc))


@pytest.mark.parametrize("mode", [None, "audit"])
def test_site_check_names_the_gate_that_blocks_every_accept_for_want_of_the_guard(jobgate, workspace, mode):  # noqa: F811
    all_layers(workspace)
    _guard_mode(workspace, mode)
    proc = jobgate("site", "check", str(workspace))
    assert proc.returncode == 1, proc.stdout
    want = "not configured" if mode is None else "runs in audit mode, not enforce"
    # the job-process gate enforces (the deploy route of all_layers audits: it lets the job run)
    assert proc.stdout.count("every job the analysis accepts is blocked") == 1 and want in proc.stdout
    assert "job-process gate       BROKEN (local/jobgate__j_resources.json)" in proc.stdout


def test_site_check_and_the_gate_agree_on_a_site_without_the_guard(tmp_path):
    # the same site, judged by the gate at deploy time and by site check
    app = deployed(tmp_path, guard="audit", extra={"custom/np_exec.py": CLEAN_EXECUTOR})
    ws = tmp_path / "ws"
    verdict = SiteGate(policy=None, allowlist=None, review_queue=tmp_path / "queue",
                       audit_log=tmp_path / "a.jsonl").check_deployed_app(app, {"name": "clean"})
    assert not verdict.allow and "runtime_guard: true" in verdict.message
    (ws / "startup" / "fed_client.json").write_text(json.dumps({"format_version": 2, "servers": []}))
    (ws / "local" / "jobgate__p_resources.json").write_text(json.dumps({"app_validator": {
        "path": site_check.VALIDATOR, "args": {"review_queue": str(tmp_path / "queue"),
                                               "audit_log": str(tmp_path / "a.jsonl")}}}))
    report = site_check.check_site(ws)
    [problem] = report.layers[0].problems
    assert "runs in audit mode, not enforce" in problem and not report.sound


def test_a_policy_that_does_not_count_on_the_guard_is_sound_without_it(jobgate, workspace):  # noqa: F811
    all_layers(workspace)
    _guard_mode(workspace, None)
    (workspace / "local" / "jobgate" / "policy.yaml").write_text("trust:\n  gate: gate.pub\nruntime_guard: false\n")
    proc = jobgate("site", "check", str(workspace))
    assert proc.returncode == 0, proc.stdout
    assert "process guard          off" in proc.stdout


def _immutable(path: Path) -> bool:
    if shutil.which("chattr") is None:
        return False
    return subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode == 0


def test_an_allowlist_the_gate_cannot_append_to_is_a_problem_when_it_signs_accepts(jobgate, workspace):  # noqa: F811
    all_layers(workspace)
    allowlist = workspace / "local" / "jobgate" / "allowlist.jsonl"
    allowlist.write_bytes(b"")
    allowlist.chmod(0o444)
    if not _immutable(allowlist) and os.access(allowlist, os.W_OK):
        pytest.skip("cannot make a file unwritable for this user here (root without chattr)")
    try:
        proc = jobgate("site", "check", str(workspace))
        assert proc.returncode == 1, proc.stdout
        assert f"PROBLEM: allowlist {allowlist}: {allowlist} is not writable by this user" in proc.stdout
        # without a gate key the client never writes it: a read-only allowlist is then a site's choice
        for name in ("jobgate__p_resources.json", "jobgate__j_resources.json"):
            path = workspace / "local" / name
            path.write_text(path.read_text().replace('"gate_key": "local/jobgate/gate.key", ', ""))
        proc = jobgate("site", "check", str(workspace))
        assert proc.returncode == 0 and "not writable" not in proc.stdout, proc.stdout
    finally:
        subprocess.run(["chattr", "-i", str(allowlist)], capture_output=True)


def test_a_trainers_denials_are_repeated_at_error_in_the_job_process(tmp_path, caplog):
    ws = tmp_path / "site-1"
    (ws / "local" / "jobgate").mkdir(parents=True)
    log_path = ws / "local" / "jobgate" / "audit.jsonl"

    def deny(job: str, process: str, reason: str, decision: str = "deny") -> None:
        audit.append(log_path, {"layer": "guard", "job_id": job, "process": process, "pid": 7, "mode": "enforce",
                                "event": "open", "reason": reason, "decision": decision})

    deny("job1", "trainer", "before this job process's guard")  # an earlier run of the same job id
    config = process_guard.build_config(load_runtime_policy().guard, "enforce", str(log_path), str(ws), "site-1",
                                        "job1", str(ws / "job1"), [])
    relay = process_guard.TrainerRelay(config)
    deny("job1", "trainer", "writing /data/out, outside the job's folder")
    deny("job2", "trainer", "another job's trainer")
    deny("job1", "job", "the job process's own denial, logged at ERROR already")
    with open(log_path, "ab") as fh:  # a line still being written: left for the next look
        fh.write(b'{"layer": "guard", "job_id": "job1", "process": "trainer", "decision": "deny"')
    with caplog.at_level(logging.INFO, logger="jobgate"):
        relay.poll()
        relay.poll()  # nothing new: nothing twice
        with open(log_path, "ab") as fh:
            fh.write(b', "mode": "enforce", "pid": 8, "event": "socket.connect", "reason": "connection to x:1"}\n')
        deny("job1", "trainer", "a would-be write", decision="would-deny")
        relay.stop()
    relayed = [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "jobgate"]
    assert relayed == [
        ("ERROR", "jobgate guard (enforce) in the job's Client API trainer (pid 7): open: writing /data/out, "
                  "outside the job's folder"),
        ("ERROR", "jobgate guard (enforce) in the job's Client API trainer (pid 8): socket.connect: connection to x:1"),
        ("WARNING", "jobgate guard (enforce) in the job's Client API trainer (pid 7): open: a would-be write")]
