"""Allowlist: signed, hash-chained, append-only; what counts and what does not."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import types
from pathlib import Path

import pytest

from analyzer.trust import allowlist, keys, store
from analyzer.trust.allowlist import AllowlistDamaged
from analyzer.engine.collect import collect
from analyzer.model import Decision, GateError, Report
from analyzer.policy import Policy, load_policy

RULES = "sha256:" + "1" * 64  # the rule-pack digest a caller hands the trust store

ROOT = Path(__file__).resolve().parents[1]
D1 = "sha256:" + "1" * 64
D2 = "sha256:" + "2" * 64


@pytest.fixture()
def site(tmp_path: Path) -> types.SimpleNamespace:
    """A site with a gate key, three reviewer keys and a 2-signature policy."""
    ns = types.SimpleNamespace(dir=tmp_path, allowlist=tmp_path / "allowlist.jsonl")
    for name in ("gate", "alice", "bob", "carol", "mallory"):
        keys.generate(tmp_path / name)
        setattr(ns, name, keys.load_private(tmp_path / f"{name}.key"))
    ns.policy = write_policy(tmp_path, required=2)
    return ns


def write_policy(folder: Path, required: int, name: str = "policy.yaml") -> Policy:
    (folder / name).write_text(textwrap.dedent(f"""\
        trust:
          gate: gate.pub
          reviewers: [alice.pub, bob.pub, carol.pub]
          required_signatures: {required}
        """))
    return load_policy(folder / name)


def sign(site, key, digest: str = D1, decision: str = "approved", by: str = "reviewer", note: str = ""):
    return allowlist.sign_decision(site.allowlist, key, digest=digest, name="job", decision=decision, by=by,
                                   policy=site.policy, rules=RULES, files={"a.py": "0" * 64}, note=note)


def lines(path: Path) -> list[bytes]:
    return path.read_bytes().split(b"\n")[:-1]


def make_job(folder: Path, code: str = "print('hello')\n") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "train.py").write_text(code)
    return folder


def report_for(content, decision: Decision = Decision.ACCEPT) -> Report:
    return Report(target=content.target, digest=content.digest, decision=decision, score=0,
                  reasons=["no findings"], files=list(content.files), findings=[], name=content.name)


# ------------------------------------------------------------- coverage

def test_missing_allowlist_covers_nothing(site) -> None:
    cov = allowlist.check(site.allowlist, D1, site.policy)
    assert not cov.covered and cov.approvals == [] and "no allowlist" in cov.reason


def test_one_signature_is_not_enough_under_a_two_signature_policy(site) -> None:
    sign(site, site.alice)
    cov = allowlist.check(site.allowlist, D1, site.policy)
    assert not cov.covered and "1 of 2" in cov.reason
    assert [a.signer for a in cov.approvals] == ["alice"]


def test_two_distinct_trusted_reviewers_cover(site) -> None:
    sign(site, site.alice)
    sign(site, site.bob, note="co-signed")
    cov = allowlist.check(site.allowlist, D1, site.policy)
    assert cov.covered and {a.signer for a in cov.approvals} == {"alice", "bob"}
    assert not allowlist.check(site.allowlist, D2, site.policy).covered


def test_the_same_reviewer_twice_counts_once(site) -> None:
    sign(site, site.alice)
    sign(site, site.alice)
    assert not allowlist.check(site.allowlist, D1, site.policy).covered


def test_untrusted_signer_counts_as_absent(site) -> None:
    sign(site, site.alice)
    sign(site, site.mallory)
    cov = allowlist.check(site.allowlist, D1, site.policy)
    assert not cov.covered and "1 entry by keys the policy does not trust ignored" in cov.reason


def test_gate_auto_accept_covers_alone(site) -> None:
    sign(site, site.gate, by="gate")
    cov = allowlist.check(site.allowlist, D1, site.policy)
    assert cov.covered and cov.approvals[0].signer == "gate"


def test_a_reviewer_key_cannot_pose_as_the_gate(site) -> None:
    sign(site, site.alice, by="gate")
    assert not allowlist.check(site.allowlist, D1, site.policy).covered


def test_revocation_cancels_earlier_approvals_and_later_ones_count_again(site) -> None:
    sign(site, site.alice)
    sign(site, site.bob)
    sign(site, site.carol, decision="revoked", note="leaks data")
    cov = allowlist.check(site.allowlist, D1, site.policy)
    assert not cov.covered and cov.blocked and "leaks data" in cov.reason
    sign(site, site.alice)
    assert not allowlist.check(site.allowlist, D1, site.policy).covered  # 1 of 2 since the revocation
    sign(site, site.bob)
    cov = allowlist.check(site.allowlist, D1, site.policy)
    assert cov.covered and not cov.blocked


def test_untrusted_revocation_does_not_count(site) -> None:
    sign(site, site.alice)
    sign(site, site.bob)
    sign(site, site.mallory, decision="revoked")
    assert allowlist.check(site.allowlist, D1, site.policy).covered


def test_a_reviewer_rejection_cancels_approvals_and_blocks(site) -> None:
    sign(site, site.gate, by="gate")
    sign(site, site.alice, decision="rejected")
    cov = allowlist.check(site.allowlist, D1, site.policy)
    assert not cov.covered and cov.blocked


def test_gate_revocation_does_not_undo_reviewers(site) -> None:
    sign(site, site.gate, by="gate")
    sign(site, site.alice)
    sign(site, site.bob)
    sign(site, site.gate, decision="revoked", by="gate", note="recheck")
    cov = allowlist.check(site.allowlist, D1, site.policy)
    assert cov.covered and {a.signer for a in cov.approvals} == {"alice", "bob"}


def test_entry_records_what_the_contract_asks(site) -> None:
    e = allowlist.sign_decision(site.allowlist, site.alice, digest=D1, name="job", decision="approved",
                                by="reviewer", policy=site.policy, rules=RULES, files={"a.py": "f" * 64}, note="ok",
                                gate_decision="escalate")
    rec = json.loads(lines(site.allowlist)[0])
    for field in ("digest", "name", "decision", "signer", "time", "note", "policy", "rules", "jobgate",
                  "files", "overrode", "prev", "sig"):
        assert field in rec
    assert rec["overrode"] == "escalate" and rec["policy"] == site.policy.digest
    assert rec["signer"] == keys.key_id(site.alice.public_key()) == e["signer"]


# ----------------------------------------------------- tamper evidence

def test_chain_links_each_line_to_the_previous(site) -> None:
    for k in (site.alice, site.bob, site.carol):
        sign(site, k)
    raw = lines(site.allowlist)
    recs = [json.loads(r) for r in raw]
    assert recs[0]["prev"] == allowlist.GENESIS
    assert recs[1]["prev"] == allowlist._line_hash(raw[0]) and recs[2]["prev"] == allowlist._line_hash(raw[1])
    ledger = allowlist.read(site.allowlist)
    assert ledger.damage is None and len(ledger.entries) == 3


@pytest.mark.parametrize("field,value", [("note", "edited"), ("decision", "rejected"),
                                         ("digest", D2), ("signer", "sha256:0000000000000000")])
def test_editing_any_field_is_detected_and_the_allowlist_decides_nothing(site, field, value) -> None:
    sign(site, site.alice)
    sign(site, site.bob)
    raw = lines(site.allowlist)
    rec = json.loads(raw[1])
    rec[field] = value
    raw[1] = allowlist.canonical(rec)
    site.allowlist.write_bytes(b"\n".join(raw) + b"\n")
    ledger = allowlist.read(site.allowlist)
    assert ledger.damage is not None and ledger.damage.line == 2 and len(ledger.entries) == 1
    with pytest.raises(AllowlistDamaged, match=r":2: .*until `jobgate allowlist repair`"):
        allowlist.check(site.allowlist, D1, site.policy)


def test_removing_a_line_breaks_the_chain(site) -> None:
    for k in (site.alice, site.bob, site.carol):
        sign(site, k)
    raw = lines(site.allowlist)
    site.allowlist.write_bytes(raw[0] + b"\n" + raw[2] + b"\n")
    ledger = allowlist.read(site.allowlist)
    assert ledger.damage.line == 2 and "sequence" in ledger.damage.why


def test_reformatting_a_line_is_detected(site) -> None:
    sign(site, site.alice)
    rec = json.loads(lines(site.allowlist)[0])
    site.allowlist.write_text(json.dumps(rec, indent=1).replace("\n", " ") + "\n")
    assert "canonical" in allowlist.read(site.allowlist).damage.why


def test_append_refuses_to_chain_onto_a_garbage_last_line(site) -> None:
    sign(site, site.alice)
    with open(site.allowlist, "ab") as fh:
        fh.write(b'{"not": "an entry"}\n')
    with pytest.raises(AllowlistDamaged, match=r":2: .*refusing to chain"):
        sign(site, site.bob)
    assert len(lines(site.allowlist)) == 2


# ------------------------------------------- interrupted and concurrent

def test_partial_tail_is_reported_and_earlier_entries_still_count(site) -> None:
    sign(site, site.alice)
    sign(site, site.bob)
    whole = allowlist.canonical({"x": 1}) * 20
    with open(site.allowlist, "ab") as fh:
        fh.write(whole[: len(whole) // 2])
    ledger = allowlist.read(site.allowlist)
    assert ledger.damage.partial and ledger.damage.line == 3 and "truncated/partial" in ledger.damage.why
    cov = allowlist.check(site.allowlist, D1, site.policy)
    assert cov.covered and "partial" in cov.reason


def test_next_append_sets_a_partial_tail_aside_and_chains_on_the_last_good_line(site) -> None:
    sign(site, site.alice)
    with open(site.allowlist, "ab") as fh:
        fh.write(b'{"by":"revi')
    e = sign(site, site.bob)
    assert e.line == 2
    side = list(site.dir.glob("allowlist.jsonl.partial-*"))
    assert len(side) == 1 and side[0].read_bytes() == b'{"by":"revi'
    ledger = allowlist.read(site.allowlist)
    assert ledger.damage is None and len(ledger.entries) == 2
    assert allowlist.check(site.allowlist, D1, site.policy).covered


CHILD = textwrap.dedent("""\
    import hashlib, os, signal, sys
    from pathlib import Path
    from analyzer.trust import allowlist, keys
    from analyzer.policy import load_policy
    folder, who, count, mode = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
    policy = load_policy(folder / "policy.yaml")
    key = keys.load_private(folder / f"{who}.key")
    if mode == "kill":
        real_write = os.write
        def half_then_die(fd, data):
            data = bytes(data)
            if data.endswith(b"\\n") and data.startswith(b"{"):   # the entry line, under the lock
                real_write(fd, data[: len(data) // 2])
                os.kill(os.getpid(), signal.SIGKILL)
            return real_write(fd, data)
        os.write = half_then_die
    for i in range(count):
        name = f"{who}-{os.getpid()}-{i}"
        digest = "sha256:" + hashlib.sha256(name.encode()).hexdigest()
        allowlist.sign_decision(folder / "allowlist.jsonl", key, digest=digest, name=name,
                                decision="approved", by="reviewer", policy=policy, rules="")
    """)


def verify_cli(site) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analyzer.commands.cli", "allowlist", "verify", str(site.allowlist),
                           "--policy", str(site.dir / "policy.yaml")], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def run_child(site, who: str, count: int, mode: str = "normal") -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", CHILD, str(site.dir), who, str(count), mode],
                            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_eight_concurrent_writers_lose_nothing(site) -> None:
    names = ["alice", "bob", "carol", "mallory", "gate"]
    procs = [run_child(site, names[i % len(names)], 50) for i in range(8)]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err.decode()
    ledger = allowlist.read(site.allowlist)
    assert ledger.damage is None
    assert [e["seq"] for e in ledger.entries] == list(range(1, 401))
    assert len({e["name"] for e in ledger.entries}) == 400  # every writer's every entry
    r = verify_cli(site)
    assert r.returncode == 0 and "400 entries, hash chain and signatures intact" in r.stdout


def test_writer_killed_mid_append_loses_no_earlier_entry(site) -> None:
    sign(site, site.alice)
    sign(site, site.bob)
    p = run_child(site, "carol", 1, mode="kill")
    p.communicate(timeout=120)
    assert p.returncode == -9  # SIGKILL, in the middle of writing its line
    ledger = allowlist.read(site.allowlist)
    assert len(ledger.entries) == 2 and ledger.damage.partial and ledger.damage.line == 3
    assert allowlist.check(site.allowlist, D1, site.policy).covered
    r = verify_cli(site)
    assert r.returncode == 1 and "allowlist.jsonl:3: truncated/partial entry" in r.stderr
    assert "the 2 entries before it are intact" in r.stderr
    # The lock died with the writer; the next append recovers the file.
    e = sign(site, site.carol, digest=D2)
    assert e.line == 3 and allowlist.read(site.allowlist).damage is None


# ------------------------------------------------------- gate accepts

def test_record_accept_signs_with_the_gate_key_and_keeps_a_copy(site, tmp_path: Path) -> None:
    content = collect(make_job(tmp_path / "job"), site.policy.limits)
    allowlist.record_accept(site.allowlist, content, report_for(content), site.policy, site.dir / "gate.key", RULES)
    cov = allowlist.check(site.allowlist, content.digest, site.policy)
    assert cov.covered and cov.approvals[0].signer == "gate"
    copy = store.load_digest(store.default_store(site.allowlist), content.digest)
    assert copy is not None and copy.read("train.py") == b"print('hello')\n"


def test_record_accept_refuses_a_key_the_policy_does_not_name_as_gate(site, tmp_path: Path) -> None:
    content = collect(make_job(tmp_path / "job"), site.policy.limits)
    with pytest.raises(GateError, match="not the policy's trust.gate key"):
        allowlist.record_accept(site.allowlist, content, report_for(content), site.policy, site.dir / "alice.key",
                                RULES)
    assert not site.allowlist.exists()


def test_record_accept_refuses_a_non_accept_report(site, tmp_path: Path) -> None:
    content = collect(make_job(tmp_path / "job"), site.policy.limits)
    with pytest.raises(GateError, match="escalate"):
        allowlist.record_accept(site.allowlist, content, report_for(content, Decision.ESCALATE), site.policy,
                                site.dir / "gate.key", RULES)


def test_gate_will_not_auto_accept_again_what_a_reviewer_revoked(site, tmp_path: Path) -> None:
    content = collect(make_job(tmp_path / "job"), site.policy.limits)
    allowlist.record_accept(site.allowlist, content, report_for(content), site.policy, site.dir / "gate.key", RULES)
    sign(site, site.alice, digest=content.digest, decision="revoked", note="phones home")
    with pytest.raises(GateError, match="phones home"):
        allowlist.record_accept(site.allowlist, content, report_for(content), site.policy, site.dir / "gate.key", RULES)


def test_untrusted_key_files_in_the_policy_are_config_errors(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text("trust:\n  reviewers: [nobody.pub]\n")
    policy = load_policy(tmp_path / "p.yaml")
    (tmp_path / "x.jsonl").touch()
    with pytest.raises(GateError, match="nobody.pub"):
        allowlist.check(tmp_path / "x.jsonl", D1, policy)


# --------------------------------------------------------------- recheck

def test_recheck_revokes_auto_accepts_that_the_current_rules_no_longer_accept(site, tmp_path: Path) -> None:
    good = collect(make_job(tmp_path / "good"), site.policy.limits)
    bad = collect(make_job(tmp_path / "bad", "import os\nos.system('curl x')\n"), site.policy.limits)
    for c in (good, bad):
        allowlist.record_accept(site.allowlist, c, report_for(c), site.policy, site.dir / "gate.key", RULES)

    def judge(target, app_name, launcher, launcher_site):  # the "new rules": os.system now escalates
        c = collect(target, site.policy.limits, app_name, launcher, launcher_site)
        bad_now = b"os.system" in b"".join(c.data.values())
        return report_for(c, Decision.ESCALATE if bad_now else Decision.ACCEPT)

    results = {r.digest: r for r in allowlist.recheck(site.allowlist, site.policy, site.dir / "gate.key",
                                                      store.default_store(site.allowlist), judge, RULES)}
    assert results[good.digest].outcome == "kept" and results[bad.digest].outcome == "revoked"
    assert allowlist.check(site.allowlist, good.digest, site.policy).covered
    assert allowlist.read(site.allowlist).entries[-1]["rules"] == RULES  # the revocation says under which rules
    cov = allowlist.check(site.allowlist, bad.digest, site.policy)
    assert not cov.covered and "recheck" in cov.reason and not cov.blocked


def test_an_edit_after_a_cached_read_is_still_caught(site) -> None:
    for k in (site.alice, site.bob, site.carol):
        sign(site, k)
    assert allowlist.read(site.allowlist).damage is None  # now verified and remembered
    data = site.allowlist.read_bytes()
    site.allowlist.write_bytes(data.replace(b'"name":"job"', b'"name":"jib"', 1))
    ledger = allowlist.read(site.allowlist)
    assert ledger.damage is not None and ledger.damage.line == 1 and ledger.entries == ()
    site.allowlist.write_bytes(data)
    sign(site, site.alice, digest=D2)  # and appends are verified incrementally
    assert len(allowlist.read(site.allowlist).entries) == 4


# ---------------------------------------------- damage and its repair

def flip(path: Path, line: int, offset: int = 40) -> None:
    """Flip one bit of one byte of a line (1-based), as a failing disk would."""
    data = bytearray(path.read_bytes())
    start = sum(len(ln) + 1 for ln in lines(path)[: line - 1])
    data[start + offset] ^= 0x01
    path.write_bytes(bytes(data))


def revoked_then_damaged(site, line: int) -> None:
    """D1 approved by two reviewers, revoked by one, then one flipped byte in `line`."""
    sign(site, site.alice)
    sign(site, site.bob)
    sign(site, site.carol, decision="revoked")
    sign(site, site.alice, digest=D2)
    assert not allowlist.check(site.allowlist, D1, site.policy).covered
    flip(site.allowlist, line)


@pytest.mark.parametrize("line", [1, 2, 3, 4])
def test_one_flipped_byte_anywhere_never_brings_a_revoked_job_back(site, line: int) -> None:
    revoked_then_damaged(site, line)
    with pytest.raises(AllowlistDamaged, match=f":{line}: "):
        allowlist.check(site.allowlist, D1, site.policy)


def test_a_flipped_newline_on_the_last_line_is_damage_not_an_interrupted_write(site) -> None:
    sign(site, site.alice)
    sign(site, site.bob)
    sign(site, site.carol, decision="revoked")
    data = bytearray(site.allowlist.read_bytes())
    data[-1] = ord("\x0b")
    site.allowlist.write_bytes(bytes(data))
    with pytest.raises(AllowlistDamaged, match=":3: a whole entry without its newline"):
        allowlist.check(site.allowlist, D1, site.policy)
    with pytest.raises(AllowlistDamaged):  # and the next append does not cut the revocation off
        sign(site, site.alice, digest=D2)
    assert site.allowlist.read_bytes() == bytes(data)


def test_a_gate_using_a_damaged_allowlist_blocks_even_what_analysis_accepts(site, tmp_path: Path) -> None:
    from analyzer import api

    job = make_job(tmp_path / "job")
    content, report = api.gate(job, site.policy, allowlist=site.allowlist)
    assert report.decision is Decision.ACCEPT
    sign(site, site.alice, digest=content.digest, decision="rejected")
    sign(site, site.bob, digest=D2)
    flip(site.allowlist, 1)
    with pytest.raises(AllowlistDamaged):
        api.gate(job, site.policy, allowlist=site.allowlist)


def test_repair_sets_damaged_lines_aside_and_holds_every_digest_they_may_name(site) -> None:
    revoked_then_damaged(site, 2)
    before = site.allowlist.read_bytes()
    done = allowlist.repair(site.allowlist, site.policy, site.dir / "gate.key")
    assert done.damage.line == 2 and done.side_file.read_bytes() == before[len(lines(site.allowlist)[0]) + 1:]
    # line 2 does not verify, so which digest it was about is unknown: every one is held
    assert {D1, D2} <= set(done.held)
    ledger = allowlist.read(site.allowlist)
    assert ledger.damage is None and [e["decision"] for e in ledger.entries][:2] == ["approved", "held"]
    for digest in (D1, D2):
        cov = allowlist.check(site.allowlist, digest, site.policy)
        assert not cov.covered and cov.blocked and "held by gate" in cov.reason
    sign(site, site.alice, digest=D2)  # reviewers approve again: it counts again
    sign(site, site.bob, digest=D2)
    assert allowlist.check(site.allowlist, D2, site.policy).covered


def test_repair_of_a_garbage_last_line_lets_new_jobs_through_again(site) -> None:
    sign(site, site.alice)
    with open(site.allowlist, "ab") as fh:
        fh.write(b"garbage\n")
    with pytest.raises(AllowlistDamaged):
        allowlist.check(site.allowlist, D2, site.policy)
    done = allowlist.repair(site.allowlist, site.policy, site.dir / "gate.key")
    assert done.side_file.read_bytes() == b"garbage\n" and done.held == (D1,)  # all that the file names
    cov = allowlist.check(site.allowlist, D2, site.policy)
    assert not cov.covered and not cov.blocked  # a new job is analysed as usual
    sign(site, site.alice, digest=D2)
    assert len(allowlist.read(site.allowlist).entries) == 3


def test_repair_of_reordered_lines_holds_what_they_name(site) -> None:
    sign(site, site.alice)
    sign(site, site.bob, digest=D2)
    raw = lines(site.allowlist)
    site.allowlist.write_bytes(raw[1] + b"\n" + raw[0] + b"\n")  # reordered: both lines still signed
    done = allowlist.repair(site.allowlist, site.policy, site.dir / "gate.key")
    assert done.damage.line == 1 and done.held == (D1, D2)
    assert allowlist.read(site.allowlist).damage is None


def test_repair_holds_only_the_digests_named_when_every_set_aside_line_verifies(site) -> None:
    sign(site, site.alice)
    sign(site, site.alice, digest=D2)
    raw = lines(site.allowlist)
    sign(site, site.bob)
    site.allowlist.write_bytes(raw[0] + b"\n" + raw[0] + b"\n" + raw[1] + b"\n")  # a line duplicated
    done = allowlist.repair(site.allowlist, site.policy, site.dir / "gate.key")
    assert done.damage.line == 2 and done.held == (D1, D2)


def test_repair_without_the_gate_key_refuses_and_leaves_the_file_alone(site) -> None:
    revoked_then_damaged(site, 3)
    before = site.allowlist.read_bytes()
    with pytest.raises(GateError, match="needs --policy and --key"):
        allowlist.repair(site.allowlist)
    with pytest.raises(GateError, match="not the policy's trust.gate key"):
        allowlist.repair(site.allowlist, site.policy, site.dir / "alice.key")
    assert site.allowlist.read_bytes() == before and not list(site.dir.glob("*.damaged-*"))


def test_cli_repair_of_damage_and_of_a_partial_tail(site) -> None:
    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "analyzer.commands.cli", "allowlist", "repair", str(site.allowlist),
                               *args], cwd=ROOT, capture_output=True, text=True, timeout=120)

    revoked_then_damaged(site, 4)
    r = cli()
    assert r.returncode == 2 and "needs --policy and --key" in r.stderr
    r = cli("--policy", str(site.dir / "policy.yaml"), "--key", str(site.dir / "gate.key"))
    assert r.returncode == 0, r.stderr
    assert ":4: damaged lines from here on moved to" in r.stdout and f"held {D2}" in r.stdout
    assert verify_cli(site).returncode == 0
    with open(site.allowlist, "ab") as fh:
        fh.write(b'{"by":"revi')
    r = cli()
    assert r.returncode == 0 and "partial entry moved to" in r.stdout
    assert cli().returncode == 1  # intact now: nothing to repair
