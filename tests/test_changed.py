"""Changed-job discovery in a real git repository, and `scan --changed-since` around it."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from analyzer.commands import changed
from analyzer.model import GateError
from jobrepo import TRAINER, add_exfiltration, commit, git, jobgate_in, make_repo


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path)


@pytest.fixture
def in_repo(repo: Path):
    old = Path.cwd()
    os.chdir(repo)
    try:
        yield repo
    finally:
        os.chdir(old)


def test_a_changed_file_maps_to_the_nearest_folder_with_meta_json(repo: Path) -> None:
    add_exfiltration(repo, "beta")
    commit(repo, "beta")
    found = changed.since("HEAD~1", repo)
    assert found.units == [repo / "jobs/beta"] and found.deleted == []
    assert found.top == repo.resolve()


def test_uncommitted_and_untracked_changes_count(repo: Path) -> None:
    (repo / "jobs/alpha/app_client/custom/helper.py").write_text("x = 1\n")  # untracked
    add_exfiltration(repo, "gamma")  # modified, not committed
    assert changed.since("HEAD", repo).units == [repo / "jobs/alpha", repo / "jobs/gamma"]


def test_a_file_outside_any_job_makes_its_own_folder_the_unit(repo: Path) -> None:
    (repo / "tools").mkdir()
    (repo / "tools" / "prep.py").write_text("print('prep')\n")
    (repo / "README.md").write_text("changed\n")
    commit(repo, "tools")
    # the README at the top is scanned alone: the top, with .git in it, is no job's folder
    assert changed.since("HEAD~1", repo).units == [repo / "README.md", repo / "tools"]


def test_root_limits_the_scan_and_names_units_from_it(in_repo: Path) -> None:
    (in_repo / "README.md").write_text("changed\n")
    add_exfiltration(in_repo, "alpha")
    commit(in_repo, "two")
    found = changed.since("HEAD~1", Path("jobs"))
    assert found.units == [Path("jobs/alpha")]  # README.md is outside ROOT


def test_a_deleted_job_is_reported_not_scanned(repo: Path) -> None:
    shutil.rmtree(repo / "jobs/gamma")
    (repo / "jobs/beta/app_client/custom/np_update_trainer.py").unlink()  # beta still exists
    commit(repo, "drop")
    found = changed.since("HEAD~1", repo)
    assert found.units == [repo / "jobs/beta"] and found.deleted == ["jobs/gamma"]


def test_since_the_branch_point_not_what_the_base_gained(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "feature")
    add_exfiltration(repo, "beta")
    commit(repo, "feature work")
    git(repo, "checkout", "-q", "main")
    add_exfiltration(repo, "alpha")
    commit(repo, "main moved on")
    git(repo, "checkout", "-q", "feature")
    assert changed.since("main", repo).units == [repo / "jobs/beta"]


def test_the_empty_tree_means_every_job(repo: Path) -> None:
    found = changed.since(changed.EMPTY_TREE, repo / "jobs")
    assert found.units == [repo / "jobs" / n for n in ("alpha", "beta", "gamma")]


@pytest.mark.parametrize("ref", ["no-such-branch", "--output=/tmp/x", "HEAD;touch x"])
def test_a_bad_ref_is_a_usage_error_naming_it(repo: Path, ref: str) -> None:
    with pytest.raises(GateError, match="is not a commit"):
        changed.since(ref, repo)
    assert not (repo / "x").exists()


def test_outside_a_repository_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "plain").mkdir()
    proc = jobgate_in(tmp_path, "scan", "--changed-since", "HEAD", "plain")
    assert proc.returncode == 2 and "not inside a git repository" in proc.stderr


def test_staged_files_map_to_their_jobs(in_repo: Path) -> None:
    files = ["jobs/alpha/meta.json", f"jobs/beta/{TRAINER}", "jobs/beta/meta.json", "README.md"]
    assert changed.of_files(files).units == [Path("README.md"), Path("jobs/alpha"), Path("jobs/beta")]  # the top: no job


def test_cli_scans_only_changed_jobs_and_lists_deleted_ones(repo: Path) -> None:
    add_exfiltration(repo, "beta")
    shutil.rmtree(repo / "jobs/gamma")
    commit(repo, "both")
    proc = jobgate_in(repo, "scan", "--changed-since", "HEAD~1", "--format", "json")
    assert proc.returncode == 1, proc.stderr
    doc = json.loads(proc.stdout)
    assert [r["name"] for r in doc["reports"]] == ["beta"] and doc["deleted"] == ["jobs/gamma"]
    text = jobgate_in(repo, "scan", "--changed-since", "HEAD~1").stdout
    assert "jobs/gamma  deleted (not scanned)" in text


def test_nothing_changed_exits_0_with_an_empty_report(repo: Path) -> None:
    proc = jobgate_in(repo, "scan", "--changed-since", "HEAD", "--format", "json")
    assert proc.returncode == 0 and json.loads(proc.stdout)["reports"] == []


def test_no_baseline_or_config_in_the_repository_is_honoured(repo: Path) -> None:
    """Files a scanner might read for exceptions, placed by the job's author, change nothing."""
    add_exfiltration(repo, "beta")
    for name in (".jobgate.yaml", ".jobgate-baseline.json", "jobgate.yaml", ".bandit", "pyproject.toml"):
        for where in (repo, repo / "jobs/beta"):
            (where / name).write_text("[tool.jobgate]\nignore = ['network']\nbaseline = true\n")
    commit(repo, "exceptions")
    proc = jobgate_in(repo, "scan", "--changed-since", "HEAD~1", "--format", "json")
    reports = json.loads(proc.stdout)["reports"]
    beta = [r for r in reports if r["name"] == "beta"][0]
    assert proc.returncode == 1 and beta["decision"] == "reject"
    assert {"network.http-client", "network.client-library"} <= {f["rule"] for f in beta["findings"]}
