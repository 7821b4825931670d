"""The `jobgate` CLI as users run it: real subprocesses, real files."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPUS

REPORT_KEYS = {"target", "digest", "decision", "score", "reasons", "files", "findings"}
FINDING_KEYS = {"rule", "category", "severity", "confidence", "path", "line", "column", "message", "snippet",
                "engine", "fix"}


@pytest.mark.parametrize("job,decision,code", [
    ("demo_clean", "accept", 0), ("demo_malicious", "reject", 1), ("demo_ambiguous", "escalate", 3)])
def test_demo_jobs_get_their_decision_and_exit_code(scan_json, job: str, decision: str, code: int) -> None:
    rc, doc = scan_json(str(CORPUS / "jobs" / job))
    assert rc == code
    assert set(doc) == {"jobgate", "reports"}
    (report,) = doc["reports"]
    assert REPORT_KEYS <= set(report)
    assert report["decision"] == decision
    assert report["digest"].startswith("sha256:") and len(report["digest"]) == 71
    assert all({"path", "sha256", "kind"} <= set(f) for f in report["files"])
    assert all(FINDING_KEYS <= set(f) for f in report["findings"])
    assert all(not f["path"].startswith("/") for f in report["findings"] + report["files"])
    assert report["reasons"]


def test_several_units_exit_with_the_worst_decision(jobgate) -> None:
    proc = jobgate("scan", str(CORPUS / "jobs/demo_clean"), str(CORPUS / "jobs/demo_ambiguous"))
    assert proc.returncode == 3
    proc = jobgate("scan", str(CORPUS / "jobs/demo_ambiguous"), str(CORPUS / "jobs/demo_malicious"))
    assert proc.returncode == 1


def test_text_report_is_plain_when_piped_and_shows_the_source_line(jobgate) -> None:
    proc = jobgate("scan", str(CORPUS / "jobs/demo_malicious"))
    assert proc.returncode == 1
    assert "\x1b[" not in proc.stdout
    assert "network.http-client" in proc.stdout and "requests.post(" in proc.stdout
    assert "why:" in proc.stdout and "fix:" in proc.stdout
    assert "REJECT" in proc.stdout.splitlines()[-1]


def test_output_file(jobgate, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    proc = jobgate("scan", "--format", "json", "--output", str(out), str(CORPUS / "jobs/demo_clean"))
    assert proc.returncode == 0 and proc.stdout == ""
    assert json.loads(out.read_text())["reports"][0]["decision"] == "accept"


def test_syntax_error_escalates_with_a_clear_finding(scan_json, tmp_path: Path) -> None:
    bad = tmp_path / "train.py"
    bad.write_text("import os\ndef f(:\n    os.system('x')\n")
    rc, doc = scan_json(str(bad))
    report = doc["reports"][0]
    assert rc == 3 and report["decision"] == "escalate"
    (finding,) = [f for f in report["findings"] if f["rule"] == "unanalyzable.parse-error"]
    assert finding["line"] == 2 and "does not parse" in finding["message"]


def test_pathological_nesting_does_not_crash_the_gate(scan_json, tmp_path: Path) -> None:
    # libcst's native parser dies with SIGSEGV on this; the gate must survive and escalate.
    (tmp_path / "deep.py").write_text("x = " + "+".join(["1"] * 20000) + "\n")
    rc, doc = scan_json(str(tmp_path / "deep.py"))
    assert rc == 3
    assert [f["rule"] for f in doc["reports"][0]["findings"]] == ["unanalyzable.limit-nesting-depth"]


def test_broken_policy_is_a_config_error(jobgate, tmp_path: Path) -> None:
    policy = tmp_path / "site.yaml"
    policy.write_text("thresholds: {reject: 10, escalate: 50}\nalways_reject: [netwrk]\n")
    proc = jobgate("scan", "--policy", str(policy), str(CORPUS / "jobs/demo_clean"))
    assert proc.returncode == 2
    assert str(policy) in proc.stderr and "always_reject" in proc.stderr and "netwrk" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_policy_that_is_not_yaml_is_a_config_error(jobgate, tmp_path: Path) -> None:
    policy = tmp_path / "site.yaml"
    policy.write_text("thresholds: [unclosed\n")
    proc = jobgate("scan", "--policy", str(policy), str(CORPUS / "jobs/demo_clean"))
    assert proc.returncode == 2 and "not valid YAML" in proc.stderr and "Traceback" not in proc.stderr


def test_broken_rule_pack_names_file_and_rule(jobgate, tmp_path: Path) -> None:
    packs = tmp_path / "packs"
    packs.mkdir()
    (packs / "site.yaml").write_text(
        "pack: site\nrules:\n  - id: site.no-foo\n    category: netwrk\n    severity: high\n"
        "    confidence: high\n    message: m\n    why: w\n    match: {calls: [foo.bar]}\n"
        "    examples: {match: ['import foo\\nfoo.bar()']}\n")
    (tmp_path / "policy.yaml").write_text("rule_packs: [packs]\n")
    proc = jobgate("scan", "--policy", str(tmp_path / "policy.yaml"), str(CORPUS / "jobs/demo_clean"))
    assert proc.returncode == 2
    assert "site.yaml" in proc.stderr and "site.no-foo" in proc.stderr and "category" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_site_rule_pack_adds_rules(scan_json, tmp_path: Path) -> None:
    packs = tmp_path / "packs"
    packs.mkdir()
    (packs / "site.yaml").write_text(
        "pack: site\nrules:\n  - id: site.no-pandas-io\n    category: file-exfiltration\n    severity: critical\n"
        "    confidence: high\n    message: 'site forbids {name}'\n    why: w\n"
        "    match: {calls: [pandas.DataFrame().to_parquet]}\n"
        "    examples: {match: ['import pandas as pd\\npd.DataFrame().to_parquet(p)']}\n")
    (tmp_path / "policy.yaml").write_text("rule_packs: [packs]\n")
    (tmp_path / "job.py").write_text("import pandas as pd\ndf = pd.DataFrame()\ndf.to_parquet('/mnt/x')\n")
    rc, doc = scan_json("--policy", str(tmp_path / "policy.yaml"), str(tmp_path / "job.py"))
    assert rc == 1
    assert "site.no-pandas-io" in [f["rule"] for f in doc["reports"][0]["findings"]]


def test_suppression_comment_is_reported_and_not_honoured(scan_json, tmp_path: Path) -> None:
    (tmp_path / "t.py").write_text("import os\nos.system('id')  # nosec B605\n")
    rc, doc = scan_json(str(tmp_path / "t.py"))
    rules = {f["rule"] for f in doc["reports"][0]["findings"]}
    assert rc == 1 and {"subprocess.shell", "obfuscation.suppression-comment"} <= rules


def test_missing_path_is_a_usage_error(jobgate, tmp_path: Path) -> None:
    proc = jobgate("scan", str(tmp_path / "nope"))
    assert proc.returncode == 2 and "no such file" in proc.stderr


def test_rules_list(jobgate) -> None:
    proc = jobgate("rules", "list")
    assert proc.returncode == 0
    for rule in ("network.http-client", "subprocess.shell", "dynamic-code.eval-exec"):
        assert rule in proc.stdout


def test_a_rules_package_from_elsewhere_is_refused(tmp_path: Path) -> None:
    # A job's `rules/` folder ahead on sys.path must not replace the built-in packs.
    fake = tmp_path / "rules"
    fake.mkdir()
    (fake / "__init__.py").write_text("")
    (fake / "network.yaml").write_text("pack: network\nrules: []\n")
    code = ("import sys; sys.path.insert(0, sys.argv[1]); from analyzer import api; "
            "api.load_rules(api.load_policy())")
    proc = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True)
    assert proc.returncode != 0 and "refusing to use its rule packs" in proc.stderr


def test_unknown_source_encoding_is_unanalyzable(scan_json, tmp_path: Path) -> None:
    (tmp_path / "t.py").write_bytes(b"# -*- coding: uft-8 -*-\nimport os\n")
    rc, doc = scan_json(str(tmp_path / "t.py"))
    (finding,) = [f for f in doc["reports"][0]["findings"] if f["category"] == "unanalyzable"]
    assert rc == 3 and finding["rule"] == "unanalyzable.parse-error" and "encoding" in finding["message"]


def test_json_stays_valid_for_file_names_that_are_not_utf8(scan_json, tmp_path: Path) -> None:
    os.mkdir(tmp_path / "u")
    with open(os.path.join(os.fsencode(tmp_path / "u"), b"caf\xe9.py"), "w") as fh:
        fh.write("import os\nos.system('id')\n")
    rc, doc = scan_json(str(tmp_path / "u"))  # json.loads inside: it must parse
    assert rc == 1 and doc["reports"][0]["findings"]


# ------------------------------------------------------------ CI options

@pytest.mark.parametrize("fail_on,codes", [("escalate", (0, 1, 3)), ("reject", (0, 1, 0)), ("never", (0, 0, 0))])
def test_fail_on_chooses_which_decisions_fail(jobgate, fail_on: str, codes: tuple[int, int, int]) -> None:
    got = tuple(jobgate("scan", "--fail-on", fail_on, str(CORPUS / "jobs" / job)).returncode
                for job in ("demo_clean", "demo_malicious", "demo_ambiguous"))
    assert got == codes


def test_fail_on_never_still_fails_on_a_usage_error(jobgate, tmp_path: Path) -> None:
    assert jobgate("scan", "--fail-on", "never", str(tmp_path / "missing")).returncode == 2


def test_changed_since_and_changed_files_exclude_each_other(jobgate) -> None:
    proc = jobgate("scan", "--changed-since", "HEAD", "--changed-files", "README.md")
    assert proc.returncode == 2 and "exclude each other" in proc.stderr


def test_summary_appends_markdown_beside_the_main_format(jobgate, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    proc = jobgate("scan", "--format", "json", "--summary", str(summary), str(CORPUS / "jobs/demo_malicious"))
    assert proc.returncode == 1 and json.loads(proc.stdout)["reports"][0]["decision"] == "reject"
    text = summary.read_text()
    assert text.startswith("earlier step\n## jobgate: 1 reject") and "network.http-client" in text


def test_markdown_escapes_what_the_job_chose(jobgate, tmp_path: Path) -> None:
    """A file name cannot add an image (a fetch from anywhere), a link or a mention to a PR comment."""
    job = tmp_path / "job"
    job.mkdir()
    (job / "![x](https:__e.example_p.png)@team <b>.py").write_text("import os\nos.system('id')\n")
    out = jobgate("scan", "--format", "markdown", "--link-base", "", str(job)).stdout
    assert "os.system" in out
    assert "![" not in out and not re.search(r"(?<!\\)@team", out) and "<b>" not in out
    assert "\\!\\[x\\](https" in out and "\\@team \\<b\\>" in out


# --------------------------------------------------------------- explain

def test_explain_prints_what_why_examples_and_fix(jobgate) -> None:
    proc = jobgate("explain", "deserialization.torch-load-default")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    for part in ("Looks for:", "Why a site cares:", "How to pass:", "Flagged (as example.py):",
                 "Not flagged by this rule:"):
        assert part in out
    assert "weights_only=True" in out and "    import torch" in out


def test_explain_an_unknown_rule_suggests_close_ones(jobgate) -> None:
    proc = jobgate("explain", "network.http-clien")
    assert proc.returncode == 2 and "did you mean network.http-client" in proc.stderr


def test_every_rule_can_be_explained() -> None:
    from analyzer import api
    from analyzer.reports import explain

    for rule in api.load_rules(api.load_policy()).rules.values():
        text = explain.text(rule)
        assert rule.why in text and explain.fix(rule) in text and "{" not in explain.headline(rule).replace("{}", "")


# -------------------------------------------------------------- progress

def _scan_with_stderr_on_a_terminal(*args: str) -> str:
    """Run the CLI with stderr on a pseudo-terminal (as in an interactive shell); return what it drew there."""
    import pty

    primary, secondary = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "analyzer.commands.cli", *args], stdout=subprocess.DEVNULL,
                            stderr=secondary, cwd=CORPUS.parent, env=dict(os.environ, TERM="xterm", COLUMNS="100"))
    os.close(secondary)
    drawn = b""
    while True:
        try:
            chunk = os.read(primary, 4096)
        except OSError:  # the pty closes when the process exits
            break
        if not chunk:
            break
        drawn += chunk
    proc.wait(timeout=300)
    os.close(primary)
    return drawn.decode("utf-8", "replace")


def test_many_jobs_show_progress_on_a_terminal_and_none_when_piped(jobgate) -> None:
    jobs = [str(CORPUS / "jobs" / j) for j in ("demo_clean", "demo_malicious", "demo_ambiguous")]
    drawn = _scan_with_stderr_on_a_terminal("scan", *jobs)
    assert "scanning" in drawn and "3/3" in drawn
    piped = jobgate("scan", *jobs)
    assert piped.stderr == ""


# ---------------------------------------------------------------- keygen

def test_keygen_creates_the_key_folder(jobgate, tmp_path: Path) -> None:
    proc = jobgate("keygen", "--out", str(tmp_path / "keys" / "alice"))
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "keys/alice.key").is_file() and (tmp_path / "keys/alice.pub").is_file()
