"""Session 49 (hardening49): a limit that strikes never hides what the rest of the unit holds.

- Slow Python padding (files the screen vouches for, analysed in the unit's own process, one after another)
  took the unit's whole time before the file detectors ran: a config naming `subprocess.Popen` to pipe the
  site's data to a server (config-attack.dangerous-component, a reject) became the time limit's escalation,
  through the CLI and the API (api._within_budget) and at a site (api.analyze_isolated, the fork server). The
  file detectors now run again in a worker of their own after the unit's analysis fails (api.detectors_apart).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from analyzer import api
from analyzer.engine import isolate
from analyzer.model import Decision
from analyzer.policy import load_policy
from conftest import CORPUS

CONFIG_JOB = CORPUS / "jobs" / "mal_config_popen"  # its reject comes from the client's config alone


def _policy(tmp_path: Path, seconds: int):
    path = tmp_path / "site-policy.yaml"
    path.write_text(f"limits:\n  max_analysis_seconds: {seconds}\n")
    return load_policy(path)


def _chained_functions(n: int) -> str:
    """A module of n functions each calling the next: vouched for by the screen, about 0.4 s a thousand."""
    return "import numpy as np\n\n" + "".join(f"def f{i}(x):\n    return f{i + 1}(x) + {i}\n\n\n" for i in range(n)) \
        + f"def f{n}(x):\n    return x\n"


def _padded_job(tmp_path: Path, files: int) -> Path:
    job = tmp_path / "job"
    shutil.copytree(CONFIG_JOB, job)
    for k in range(files):
        (job / "app_client" / "custom" / f"aaa_pad{k}.py").write_text(_chained_functions(2500))
    return job


def _rules(report) -> set[str]:
    return {f.rule for f in report.findings}


def test_the_config_reject_outlives_slow_python_padding_in_the_cli_and_api(tmp_path: Path) -> None:
    policy = _policy(tmp_path, 1)  # the unit's budget: 3 s; the padding takes some 9 s alone
    report = api.scan(_padded_job(tmp_path, 8), policy)
    assert "unanalyzable.time-limit" in _rules(report)  # the padding did exhaust the unit's time
    assert "config-attack.dangerous-component" in _rules(report)
    assert report.decision is Decision.REJECT


def test_the_config_reject_outlives_slow_python_padding_at_a_site(tmp_path: Path) -> None:
    policy = _policy(tmp_path, 2)
    server = isolate.ForkServer()
    try:
        _, report = api.gate(_padded_job(tmp_path, 10), policy, server=server)
    finally:
        server.close()
    assert "unanalyzable.time-limit" in _rules(report)
    assert "config-attack.dangerous-component" in _rules(report)
    assert report.decision is Decision.REJECT


def test_a_second_run_that_fails_too_is_named_beside_the_first(tmp_path: Path, monkeypatch) -> None:
    """The file detectors' own run past its limit: both limits are named, and never an accept."""
    policy = _policy(tmp_path, 1)
    monkeypatch.setattr(api, "detectors_apart", _sleeps)
    report = api.scan(_padded_job(tmp_path, 8), policy)
    limits = [f for f in report.findings if f.rule == "unanalyzable.time-limit"]
    assert len(limits) == 2, [f.message for f in limits]
    assert report.decision is Decision.ESCALATE


def _sleeps(*args) -> list:
    import time

    time.sleep(60)
    return []


def test_a_job_in_time_runs_its_file_detectors_once(tmp_path: Path, monkeypatch) -> None:
    """No second run when the unit's analysis ends in time."""
    ran = []
    monkeypatch.setattr(api, "detectors_apart", lambda *args: ran.append(args) or [])
    report = api.scan(_padded_job(tmp_path, 0), _policy(tmp_path, 120))
    assert ran == [] and report.decision is Decision.REJECT
