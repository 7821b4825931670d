"""The pre-commit hook (.pre-commit-hooks.yaml), run for real by `pre-commit try-repo`
against a temporary repository of jobs: pre-commit installs jobgate from this
repository into its own environment and hands the hook the staged files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from jobrepo import TRAINER, add_exfiltration, git, make_repo


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")  # one install of the hook's environment for the module


def try_repo(repo: Path, home: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PRE_COMMIT_HOME=str(home))
    env.pop("PYTHONPATH", None)
    return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "jobgate", "--verbose"],
                          cwd=repo, env=env, capture_output=True, text=True, timeout=600)


def test_the_hook_fails_a_commit_that_adds_an_exfiltration(tmp_path: Path, pre_commit_home: Path) -> None:
    repo = make_repo(tmp_path)
    add_exfiltration(repo, "beta")
    git(repo, "add", "-A")
    proc = try_repo(repo, pre_commit_home)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "- exit code: 1" in proc.stdout and "REJECT" in proc.stdout
    assert "network.http-client" in proc.stdout
    assert "jobs/beta" in proc.stdout and "jobs/alpha" not in proc.stdout and "jobs/gamma" not in proc.stdout


def test_the_hook_passes_a_clean_change(tmp_path: Path, pre_commit_home: Path) -> None:
    repo = make_repo(tmp_path)
    trainer = repo / "jobs/alpha" / TRAINER
    trainer.write_text(trainer.read_text() + "\n# tuned the learning rate\n")
    git(repo, "add", "-A")
    proc = try_repo(repo, pre_commit_home)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "jobgate" in proc.stdout and "Passed" in proc.stdout and "ACCEPT" in proc.stdout
    assert "jobs/alpha" in proc.stdout and "jobs/beta" not in proc.stdout
