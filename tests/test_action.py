"""The composite GitHub Action (action.yml): its shape, and its scan step's
shell run for real against a repository of jobs, as a runner would run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from jobrepo import add_exfiltration, commit, git, make_repo

ACTION = yaml.safe_load((ROOT / "action.yml").read_text())
STEPS = {s.get("name") or s.get("uses"): s for s in ACTION["runs"]["steps"]}


def test_the_action_installs_a_pinned_jobgate_and_uploads_sarif() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert "==" in ACTION["inputs"]["package"]["default"]
    upload = STEPS["Upload SARIF to code scanning"]
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert upload["with"]["sarif_file"] == "${{ inputs.sarif }}" and "always()" in upload["if"]


def run_scan_step(repo: Path, tmp_path: Path, since: str) -> tuple[int, dict, str, str]:
    shim = tmp_path / "bin"
    shim.mkdir(exist_ok=True)
    (shim / "jobgate").write_text(f'#!/bin/sh\nPYTHONPATH="{ROOT}" exec "{sys.executable}" -m analyzer.commands.cli "$@"\n')
    (shim / "jobgate").chmod(0o755)
    outputs, summary = tmp_path / "outputs", tmp_path / "summary.md"
    outputs.write_text(""), summary.write_text("")
    env = dict(os.environ, PATH=f"{shim}:{os.environ['PATH']}", SINCE=since, ROOT="jobs", POLICY="",
               FAIL_ON="escalate", SARIF="jobgate.sarif", GITHUB_OUTPUT=str(outputs),
               GITHUB_STEP_SUMMARY=str(summary))
    step = subprocess.run(["bash", "-e", "-c", STEPS["Scan changed jobs"]["run"]], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=300)
    assert step.returncode == 0, step.stderr  # the scan step records the status, the last step fails
    status = int(dict(line.split("=", 1) for line in outputs.read_text().splitlines())["exit-code"])
    final = subprocess.run(["bash", "-e", "-c", STEPS["Fail on the chosen decisions"]["run"]],
                           env=dict(os.environ, STATUS=str(status)))
    assert final.returncode == status
    return status, json.loads((repo / "jobgate.sarif").read_text()), summary.read_text(), step.stderr


def test_the_scan_step_scans_the_changed_job(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    base = git(repo, "rev-parse", "HEAD").strip()
    add_exfiltration(repo, "beta")
    commit(repo, "beta")
    status, sarif, summary, _ = run_scan_step(repo, tmp_path, base)
    assert status == 1
    assert [j["target"] for j in sarif["runs"][0]["properties"]["jobgate"]["jobs"]] == ["jobs/beta"]
    assert "jobs/beta" in summary and "reject" in summary


@pytest.mark.parametrize("since", ["", "0" * 40])
def test_a_first_push_scans_every_job(tmp_path: Path, since: str) -> None:
    repo = make_repo(tmp_path)
    status, sarif, _, _ = run_scan_step(repo, tmp_path, since)
    assert status == 0
    assert [j["target"] for j in sarif["runs"][0]["properties"]["jobgate"]["jobs"]] == \
        ["jobs/alpha", "jobs/beta", "jobs/gamma"]
