"""The trust commands, driven as a site admin and reviewers would: real processes."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from analyzer.trust import allowlist, review
from analyzer.engine.collect import collect
from analyzer.model import Decision, Finding, Report
from analyzer.policy import load_policy

ROOT = Path(__file__).resolve().parents[1]

DYNAMIC = "import importlib, sys\nimportlib.import_module(sys.argv[1])\n"  # unresolvable: escalates


def jobgate(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analyzer.commands.cli", *map(str, args)], cwd=cwd or ROOT,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture()
def site(tmp_path: Path):
    """Keys for the gate and three reviewers, a 2-signature policy, an escalating job."""
    for name in ("gate", "alice", "bob", "mallory"):
        r = jobgate("keygen", "--out", tmp_path / name)
        assert r.returncode == 0, r.stderr
    (tmp_path / "policy.yaml").write_text(textwrap.dedent("""\
        trust:
          gate: gate.pub
          reviewers: [alice.pub, bob.pub]
          required_signatures: 2
        """))
    job = tmp_path / "job"
    job.mkdir()
    (job / "train.py").write_text(DYNAMIC)
    return tmp_path


def approve(site: Path, who: str, target: Path | None = None, *extra: str) -> subprocess.CompletedProcess:
    return jobgate("approve", target or site / "job", "--key", site / f"{who}.key",
                   "--allowlist", site / "allowlist.jsonl", "--policy", site / "policy.yaml", *extra)


def scan(site: Path, target: Path | None = None) -> subprocess.CompletedProcess:
    return jobgate("scan", target or site / "job", "--policy", site / "policy.yaml",
                   "--allowlist", site / "allowlist.jsonl", "--format", "json")


def verify(site: Path) -> subprocess.CompletedProcess:
    return jobgate("allowlist", "verify", site / "allowlist.jsonl", "--policy", site / "policy.yaml")


def covered(site: Path, target: Path | None = None) -> bool:
    policy = load_policy(site / "policy.yaml")
    digest = collect(target or site / "job", policy.limits).digest
    return allowlist.check(site / "allowlist.jsonl", digest, policy).covered


# ------------------------------------------------------ the whole story

def test_escalated_job_is_accepted_only_with_two_valid_signatures(site: Path) -> None:
    assert scan(site).returncode == 3
    r = approve(site, "alice", None, "--note", "reviewed the import")
    assert r.returncode == 0, r.stderr
    assert "1 of 2" in r.stdout and "overrides the gate's escalate" in r.stdout
    assert scan(site).returncode == 3  # one signature is not enough
    assert approve(site, "bob").returncode == 0
    r = scan(site)
    assert r.returncode == 0, r.stdout + r.stderr
    rep = json.loads(r.stdout)["reports"][0]
    assert rep["allowlisted"] is True
    assert {a["signer"] for a in rep["approvals"]} == {"alice", "bob"}

    original = (site / "job" / "train.py").read_bytes()
    (site / "job" / "train.py").write_bytes(original.replace(b"argv[1]", b"argv[2]"))  # one byte
    assert scan(site).returncode == 3
    (site / "job" / "train.py").write_bytes(original)
    assert scan(site).returncode == 0

    digest = rep["digest"]
    r = jobgate("revoke", digest, "--key", site / "alice.key", "--allowlist", site / "allowlist.jsonl",
                "--policy", site / "policy.yaml", "--reason", "found a second payload")
    assert r.returncode == 0, r.stderr
    revoked = scan(site)
    assert revoked.returncode == 1  # a reviewer withdrew it: rejected, whatever analysis says
    assert "blocked by a reviewer" in revoked.stdout
    assert verify(site).returncode == 0


def test_two_signatures_cover_one_does_not(site: Path) -> None:
    assert approve(site, "alice").returncode == 0
    assert not covered(site)
    r = approve(site, "bob")
    assert r.returncode == 0 and "covered: approved by 2 of 2" in r.stdout
    assert covered(site)


def test_changing_one_byte_is_not_covered(site: Path) -> None:
    approve(site, "alice"), approve(site, "bob")
    path = site / "job" / "train.py"
    path.write_bytes(path.read_bytes()[:-1] + b" ")
    assert not covered(site)


def test_revoke_makes_the_digest_absent(site: Path) -> None:
    approve(site, "alice"), approve(site, "bob")
    digest = collect(site / "job", load_policy(site / "policy.yaml").limits).digest
    r = jobgate("revoke", digest, "--key", site / "bob.key", "--allowlist", site / "allowlist.jsonl",
                "--policy", site / "policy.yaml", "--reason", "phones home")
    assert r.returncode == 0 and "not covered: revoked by bob" in r.stdout
    assert not covered(site)


def test_untrusted_reviewer_is_warned_and_does_not_count(site: Path) -> None:
    approve(site, "alice")
    r = approve(site, "mallory")
    assert r.returncode == 0 and "not in trust.reviewers" in r.stderr
    assert not covered(site)
    r = verify(site)
    assert r.returncode == 0 and "1 entries are signed by keys" in r.stdout


def test_hand_edit_fails_verify_and_the_allowlist_decides_nothing_until_repaired(site: Path) -> None:
    approve(site, "alice", None, "--note", "fine")
    approve(site, "bob", None, "--note", "fine")
    assert verify(site).returncode == 0 and covered(site)
    path = site / "allowlist.jsonl"
    text = path.read_text().splitlines(keepends=True)
    text[1] = text[1].replace('"note":"fine"', '"note":"FINE"')
    path.write_text("".join(text))
    r = verify(site)
    assert r.returncode == 1
    assert "allowlist.jsonl:2: bad signature" in r.stderr and "1 entries before it are intact" in r.stderr
    with pytest.raises(allowlist.AllowlistDamaged):
        covered(site)


def test_verify_reports_a_partial_entry_precisely(site: Path) -> None:
    approve(site, "alice"), approve(site, "bob")
    with open(site / "allowlist.jsonl", "ab") as fh:
        fh.write(b'{"by":"reviewer","decis')
    r = verify(site)
    assert r.returncode == 1 and "allowlist.jsonl:3: truncated/partial entry" in r.stderr
    assert covered(site)  # nothing before the damage is lost
    r = jobgate("allowlist", "repair", site / "allowlist.jsonl")
    assert r.returncode == 0, r.stderr
    assert verify(site).returncode == 0
    assert len(list(site.glob("allowlist.jsonl.partial-*"))) == 1


def test_eight_concurrent_cli_writers_leave_a_verifiable_file(site: Path) -> None:
    # The same as tests/test_allowlist.py's API test, but through whole `jobgate approve` processes.
    jobs = []
    for i in range(8):
        job = site / f"job{i}"
        job.mkdir()
        (job / "train.py").write_text(f"print({i})\n")
        jobs.append(job)
    procs = [subprocess.Popen([sys.executable, "-m", "analyzer.commands.cli", "approve", str(j), "--key",
                               str(site / "alice.key"), "--allowlist", str(site / "allowlist.jsonl"),
                               "--policy", str(site / "policy.yaml")], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for j in jobs]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err.decode()
    r = verify(site)
    assert r.returncode == 0 and "8 entries" in r.stdout


# --------------------------------------------------------- usage errors

def test_usage_and_not_found_exit_codes(site: Path) -> None:
    common = ["--key", site / "alice.key", "--allowlist", site / "allowlist.jsonl"]
    r = jobgate("revoke", "sha256:nothex", *common)
    assert r.returncode == 2 and "not a content digest" in r.stderr
    r = jobgate("revoke", "sha256:" + "a" * 64, *common)
    assert r.returncode == 1 and "no entry for" in r.stderr
    r = jobgate("allowlist", "verify", site / "missing.jsonl")
    assert r.returncode == 1 and "missing.jsonl: no such allowlist" in r.stderr
    (site / "bad.yaml").write_text("trust:\n  reviewers: [nobody.pub]\n")
    approve(site, "alice")
    r = jobgate("allowlist", "verify", site / "allowlist.jsonl", "--policy", site / "bad.yaml")
    assert r.returncode == 2 and "nobody.pub" in r.stderr
    r = jobgate("approve", site / "job", "--key", site / "alice.pub", "--allowlist", site / "allowlist.jsonl")
    assert r.returncode == 2 and "alice.pub" in r.stderr
    for res in (r,):
        assert "Traceback" not in res.stderr


# --------------------------------------------------------------- review

def enqueue(site: Path, job: Path) -> str:
    """Queue a job as the site's gate does when it escalates (with a fixed
    finding, so that these tests do not depend on the rule packs)."""
    policy = load_policy(site / "policy.yaml")
    content = collect(job, policy.limits)
    f = Finding("dynamic-code.import-unresolved", "dynamic-code", "high", "high", "train.py", 2, 0,
                "importlib.import_module with a name the gate cannot resolve")
    report = Report(str(job), content.digest, Decision.ESCALATE, 40, ["unresolvable import"],
                    list(content.files), [f], name=content.name)
    return review.enqueue(site / "queue", content, report)


def test_review_list_show_approve(site: Path) -> None:
    qid = enqueue(site, site / "job")
    r = jobgate("review", "list", "--queue", site / "queue")
    assert r.returncode == 0 and qid in r.stdout and "pending" in r.stdout
    r = jobgate("review", "show", qid, "--queue", site / "queue")
    assert r.returncode == 0, r.stderr
    assert "train.py:2" in r.stdout and "> " in r.stdout and "importlib.import_module(sys.argv[1])" in r.stdout
    for who in ("alice", "bob"):
        r = jobgate("review", "approve", qid, "--queue", site / "queue", "--key", site / f"{who}.key",
                    "--allowlist", site / "allowlist.jsonl", "--policy", site / "policy.yaml")
        assert r.returncode == 0, r.stderr
    assert "covered: approved by 2 of 2" in r.stdout
    assert covered(site)
    r = jobgate("review", "list", "--queue", site / "queue", "--allowlist", site / "allowlist.jsonl",
                "--policy", site / "policy.yaml", "--json")
    assert json.loads(r.stdout.splitlines()[0])["status"] == "covered"


def test_review_reject_blocks(site: Path) -> None:
    qid = enqueue(site, site / "job")
    approve(site, "alice")
    r = jobgate("review", "reject", qid, "--queue", site / "queue", "--key", site / "bob.key",
                "--allowlist", site / "allowlist.jsonl", "--policy", site / "policy.yaml", "--note", "no")
    assert r.returncode == 0 and "not covered: rejected by bob" in r.stdout
    approve(site, "alice")
    assert not covered(site)  # alice's earlier approval was cancelled; one new one is not enough


def test_review_show_diffs_against_the_last_approved_version(site: Path) -> None:
    approve(site, "alice"), approve(site, "bob")
    (site / "job" / "train.py").write_text(DYNAMIC.replace("argv[1]", "argv[2]"))
    (site / "job" / "extra.py").write_text("x = 1\n")
    qid = enqueue(site, site / "job")
    r = jobgate("review", "show", qid, "--queue", site / "queue", "--allowlist", site / "allowlist.jsonl",
                "--policy", site / "policy.yaml")
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "changes since sha256:" in out and "(approved," in out
    assert "added    extra.py" in out and "modified train.py" in out
    assert "-importlib.import_module(sys.argv[1])" in out and "+importlib.import_module(sys.argv[2])" in out
    assert "+x = 1" in out


def test_review_show_escapes_hidden_characters(site: Path) -> None:
    (site / "job" / "train.py").write_text(DYNAMIC + "x = 1  # \u202e hidden \x1b[2J\n")
    qid = enqueue(site, site / "job")
    r = jobgate("review", "show", qid, "--queue", site / "queue")
    assert r.returncode == 0 and "\x1b" not in r.stdout and "\u202e" not in r.stdout


def test_review_refuses_a_tampered_copy(site: Path) -> None:
    qid = enqueue(site, site / "job")
    (site / "queue" / qid / "content" / "train.py").write_text("print('benign')\n")
    r = jobgate("review", "approve", qid, "--queue", site / "queue", "--key", site / "alice.key",
                "--allowlist", site / "allowlist.jsonl")
    assert r.returncode == 1 and "do not match" in r.stderr
    assert not (site / "allowlist.jsonl").exists()


# -------------------------------------------------------------- recheck

def test_recheck_revokes_auto_accepts_no_longer_accepted(site: Path) -> None:
    """Rules tightened since the accept: simulated by an accept recorded from a
    hand-made report, re-scanned by the real engine."""
    policy = load_policy(site / "policy.yaml")
    benign = site / "benign"
    benign.mkdir()
    (benign / "train.py").write_text("print('hello')\n")
    for job in (site / "job", benign):
        content = collect(job, policy.limits)
        report = Report(str(job), content.digest, Decision.ACCEPT, 0, ["accepted under older rules"],
                        list(content.files), [], name=content.name)
        allowlist.record_accept(site / "allowlist.jsonl", content, report, policy, site / "gate.key", "")
    assert covered(site) and covered(site, benign)
    r = jobgate("allowlist", "recheck", site / "allowlist.jsonl", "--policy", site / "policy.yaml",
                "--key", site / "gate.key")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "revoked" in r.stdout and "1 revoked" in r.stdout
    assert not covered(site) and covered(site, benign)
    assert scan(site).returncode == 3
    assert verify(site).returncode == 0


def test_recheck_refuses_a_key_that_is_not_the_gate(site: Path) -> None:
    approve(site, "alice")
    r = jobgate("allowlist", "recheck", site / "allowlist.jsonl", "--policy", site / "policy.yaml",
                "--key", site / "alice.key")
    assert r.returncode == 2 and "trust.gate" in r.stderr
