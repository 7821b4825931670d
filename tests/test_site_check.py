"""`jobgate site check WORKSPACE` on a client workspace laid out as NVFlare's provisioning lays it out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analyzer.trust import keys


def gate_args(ws: Path, mode: str = "enforce") -> dict:
    return {"policy": "local/jobgate/policy.yaml", "allowlist": "local/jobgate/allowlist.jsonl",
            "review_queue": "local/jobgate/queue", "audit_log": "local/jobgate/audit.jsonl",
            "gate_key": "local/jobgate/gate.key", "mode": mode}


# enforce: the built-in gate policy (runtime_guard: true) blocks every job it accepts where the guard only audits
RUNTIME = {"policy": "local/jobgate/runtime.yaml", "audit_log": "local/jobgate/audit.jsonl", "mode": "enforce"}


@pytest.fixture
def workspace(tmp_path) -> Path:
    ws = tmp_path / "site-1"
    (ws / "startup").mkdir(parents=True)
    (ws / "local" / "jobgate").mkdir(parents=True)
    (ws / "startup" / "fed_client.json").write_text(json.dumps({"format_version": 2, "servers": []}))
    (ws / "local" / "resources.json.default").write_text(json.dumps({"format_version": 2, "components": []}))
    keys.generate(str(ws / "local" / "jobgate" / "gate"))
    (ws / "local" / "jobgate" / "policy.yaml").write_text("trust:\n  gate: gate.pub\n")
    (ws / "local" / "jobgate" / "runtime.yaml").write_text("guard:\n  programs: [nvidia-smi]\n")
    return ws


def write(ws: Path, name: str, doc: dict) -> None:
    (ws / "local" / name).write_text(json.dumps(doc))


def all_layers(ws: Path) -> None:
    write(ws, "jobgate__p_resources.json", {"format_version": 2, "app_validator": {
        "path": "handler.validator.JobGateValidator", "args": gate_args(ws, "audit")}})
    write(ws, "jobgate__j_resources.json", {"format_version": 2, "components": [
        {"id": "jobgate", "path": "handler.component.JobGate", "args": gate_args(ws)},
        {"id": "jobgate_guard", "path": "handler.process_guard.ProcessGuard", "args": RUNTIME}]})
    entry = {"path": "handler.update_filter.UpdateFilter", "args": RUNTIME}
    write(ws, "privacy.json", {"scopes": [{"name": "public", "task_data_filters": [entry],
                                           "task_result_filters": [entry]}], "default_scope": "public"})


def test_nothing_configured_reports_every_layer_off(jobgate, workspace):
    proc = jobgate("site", "check", str(workspace))
    assert proc.returncode == 0, proc.stderr
    for name in ("deploy-time validator", "job-process gate", "update filter", "process guard"):
        assert f"{name:<22} off" in proc.stdout


def test_every_layer_on_with_its_mode_and_files(jobgate, workspace):
    all_layers(workspace)
    proc = jobgate("site", "check", str(workspace))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout
    assert "deploy-time validator  on (local/jobgate__p_resources.json)" in out
    assert "job-process gate       on (local/jobgate__j_resources.json)" in out
    assert "update filter          on (local/privacy.json)" in out and "scopes: public" in out
    assert "process guard          on (local/jobgate__j_resources.json)" in out
    assert "mode: audit" in out and "mode: enforce" in out
    assert "policy: loads" in out and "1 signature(s) required" in out and "allowlist: no file yet" in out
    assert "Client API trainer processes:" in out and out.rstrip().endswith("sound")


def test_broken_files_and_a_scope_without_the_filter_are_problems(jobgate, workspace):
    all_layers(workspace)
    (workspace / "local" / "jobgate" / "runtime.yaml").write_text("guard:\n  program: [sh]\n")
    (workspace / "local" / "jobgate" / "gate.key").write_text("not a key")
    doc = json.loads((workspace / "local" / "privacy.json").read_text())
    doc["scopes"].append({"name": "open", "task_result_filters": []})
    (workspace / "local" / "privacy.json").write_text(json.dumps(doc))
    proc = jobgate("site", "check", str(workspace))
    assert proc.returncode == 1
    assert "PROBLEM: policy" in proc.stdout and "invalid run-time policy" in proc.stdout
    assert "PROBLEM: gate_key" in proc.stdout
    assert "scope 'open' has no handler.update_filter.UpdateFilter in task_result_filters" in proc.stdout


def test_not_a_client_workspace_is_a_usage_error(jobgate, tmp_path):
    proc = jobgate("site", "check", str(tmp_path))
    assert proc.returncode == 2 and "no startup/fed_client.json" in proc.stderr


def test_the_classic_places_are_found_too(jobgate, workspace):
    fed_client = workspace / "startup" / "fed_client.json"
    doc = json.loads(fed_client.read_text())
    doc["app_validator"] = {"path": "handler.validator.JobGateValidator", "args": gate_args(workspace)}
    fed_client.write_text(json.dumps(doc))
    write(workspace, "resources.json", {"format_version": 2, "components": [
        {"id": "jobgate", "path": "handler.component.JobGate", "args": {**gate_args(workspace), "mode": "audits"}}]})
    proc = jobgate("site", "check", str(workspace))
    assert proc.returncode == 1
    # enforce, under a policy that counts on the process guard, at a site without one (session 47)
    assert "deploy-time validator  BROKEN (startup/fed_client.json)" in proc.stdout
    assert "but the process guard is not configured" in proc.stdout
    assert "job-process gate       BROKEN (local/resources.json)" in proc.stdout
    assert "mode 'audits' is not one of ('enforce', 'audit')" in proc.stdout


def test_a_scratch_folder_over_the_sites_set_up_is_a_problem(jobgate, workspace):
    # red team 46: guard.scratch of "{workspace}" let a running job rewrite local/ (jobgate's policy,
    # NVFlare's resources and privacy scopes) and so what judges every later job; the guard refuses to
    # start under it (handler/process_guard.py build_config), and the site check says so.
    from analyzer.runtime_policy import load_runtime_policy
    from handler import process_guard

    all_layers(workspace)
    runtime = workspace / "local" / "jobgate" / "runtime.yaml"
    for scratch, bad in (("{workspace}", True), ("{workspace}/local/jobgate", True), ("{workspace}/scratch", False)):
        runtime.write_text(f"guard:\n  scratch: ['{scratch}']\n")
        proc = jobgate("site", "check", str(workspace))
        assert (proc.returncode == 1 and "the site's set-up: a job could change what judges later jobs"
                in proc.stdout) is bad, (scratch, proc.stdout)
        build = lambda: process_guard.build_config(  # noqa: E731
            load_runtime_policy(runtime).guard, "enforce", str(workspace / "local" / "jobgate" / "audit.jsonl"),
            str(workspace), "site-1", "job1", str(workspace / "job1"), [])
        if bad:
            with pytest.raises(ValueError, match="holds or lies in"):
                build()
        else:
            assert build().scratch == (str(workspace.resolve() / "scratch"),)
