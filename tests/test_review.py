"""Review queue: escalated jobs wait with a checked copy of their content."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analyzer.trust import review, store
from analyzer.engine.collect import collect
from analyzer.model import Decision, Finding, GateError, Report
from analyzer.policy import Limits


def make_job(folder: Path, files: dict[str, str | bytes]) -> Path:
    for rel, text in files.items():
        p = folder / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(text.encode() if isinstance(text, str) else text)
    return folder


def escalated(content, findings=()) -> Report:
    return Report(target=content.target, digest=content.digest, decision=Decision.ESCALATE, score=40,
                  reasons=["dynamic import escalates"], files=list(content.files), findings=list(findings),
                  name=content.name)


JOB = {"train.py": "import importlib, sys\nimportlib.import_module(sys.argv[1])\n", "conf/x.json": "{}"}


def test_enqueue_writes_content_report_and_meta(tmp_path: Path) -> None:
    content = collect(make_job(tmp_path / "job", JOB), Limits())
    qid = review.enqueue(tmp_path / "q", content, escalated(content))
    item = tmp_path / "q" / qid
    assert (item / "content" / "train.py").read_text() == JOB["train.py"]
    assert (item / "content" / "conf" / "x.json").read_text() == "{}"
    assert json.loads((item / "report.json").read_text())["decision"] == "escalate"
    meta = json.loads((item / "meta.json").read_text())
    assert meta["name"] == "job" and meta["digest"] == content.digest and meta["time"]


def test_same_digest_is_queued_once(tmp_path: Path) -> None:
    c1 = collect(make_job(tmp_path / "a", JOB), Limits())
    c2 = collect(make_job(tmp_path / "b", JOB), Limits())  # same content elsewhere
    assert review.enqueue(tmp_path / "q", c1, escalated(c1)) == review.enqueue(tmp_path / "q", c2, escalated(c2))
    items = review.list_items(tmp_path / "q")
    assert len(items) == 1 and items[0]["submissions"] == 2


def test_changed_content_is_a_new_item(tmp_path: Path) -> None:
    c1 = collect(make_job(tmp_path / "a", JOB), Limits())
    c2 = collect(make_job(tmp_path / "b", {**JOB, "train.py": "print(1)\n"}), Limits())
    assert review.enqueue(tmp_path / "q", c1, escalated(c1)) != review.enqueue(tmp_path / "q", c2, escalated(c2))
    assert len(review.list_items(tmp_path / "q")) == 2


def test_files_over_the_limits_are_listed_not_copied(tmp_path: Path) -> None:
    job = make_job(tmp_path / "job", {**JOB, "weights.pt": b"\0" * 5000})
    content = collect(job, Limits(max_file_bytes=1000))
    qid = review.enqueue(tmp_path / "q", content, escalated(content))
    item = review.load(tmp_path / "q", qid)
    assert "weights.pt" in item.copy.not_copied and not (item.copy.content_dir / "weights.pt").exists()
    assert item.copy.digest == content.digest  # the listed hash still covers the file


def test_load_by_prefix_and_by_digest(tmp_path: Path) -> None:
    content = collect(make_job(tmp_path / "job", JOB), Limits())
    qid = review.enqueue(tmp_path / "q", content, escalated(content))
    assert review.load(tmp_path / "q", qid[:6]).id == qid
    assert review.load(tmp_path / "q", content.digest).id == qid
    with pytest.raises(LookupError, match="no item"):
        review.load(tmp_path / "q", "ffffffff")


def test_a_tampered_queue_copy_is_refused(tmp_path: Path) -> None:
    content = collect(make_job(tmp_path / "job", JOB), Limits())
    qid = review.enqueue(tmp_path / "q", content, escalated(content))
    (tmp_path / "q" / qid / "content" / "train.py").write_text("print('innocent')\n")
    with pytest.raises(GateError, match="do not match"):
        review.load(tmp_path / "q", qid)


def test_context_marks_the_finding_line(tmp_path: Path) -> None:
    content = collect(make_job(tmp_path / "job", JOB), Limits())
    f = Finding("dynamic-code.import", "dynamic-code", "high", "high", "train.py", 2, 0, "dynamic import")
    qid = review.enqueue(tmp_path / "q", content, escalated(content, [f]))
    ctx = review.context(review.load(tmp_path / "q", qid), "train.py", 2)
    assert any(ln.startswith("  >     2 | importlib.import_module") for ln in ctx)


def test_printable_shows_hidden_characters() -> None:
    assert review.printable("a\u202eb\x1b[2Jc") == "a\\u202eb\\u001b[2Jc"
    assert review.printable("naïve\tok") == "naïve\tok"


def test_changes_and_diff() -> None:
    ch = review.changes({"a.py": "1", "b.py": "2"}, {"a.py": "1", "b.py": "3", "c.py": "4"})
    assert ch == {"added": ["c.py"], "removed": [], "modified": ["b.py"]}
    out = review.diff("b.py", b"x = 1\n", b"x = 2\n", "approved")
    assert "-x = 1" in out and "+x = 2" in out
    assert review.diff("w.bin", b"\xff\xfe", b"\x00\xff", "approved") == ["    binary file w.bin changed"]


def test_store_copy_of_an_nvflare_job_scans_back_to_the_same_digest(tmp_path: Path) -> None:
    meta = {"name": "fl", "deploy_map": {"app": ["@ALL"], "srv": ["server"]}}
    job = make_job(tmp_path / "job", {"meta.json": json.dumps(meta), "app/custom/train.py": "print(1)\n",
                                      "app/config/config_fed_client.json": "{}", "srv/config/s.json": "{}"})
    content = collect(job, Limits())
    dest = store.put(tmp_path / "store", content)
    copy = store.load(dest)
    target, app_name = copy.scan_target()
    assert collect(target, Limits(), app_name).digest == content.digest


def test_a_file_too_large_to_queue_makes_the_item_unapprovable(tmp_path: Path) -> None:
    """A file past the size limit is escalated as too large and never copied: a
    reviewer who cannot see it must not be able to sign it. (Python padded past
    it is still analysed: tests/test_hardening_sizes.py.)"""
    import subprocess
    import sys

    from analyzer import api
    from analyzer.trust import keys
    from analyzer.policy import load_policy

    keys.generate(tmp_path / "alice")
    (tmp_path / "policy.yaml").write_text("trust: {reviewers: [alice.pub]}\nlimits: {max_file_bytes: 4000}\n")
    policy = load_policy(tmp_path / "policy.yaml")
    job = make_job(tmp_path / "job", {"train.py": "x = 1\n", "notes.txt": "#" * 5000, "conf/x.json": "{}"})
    content = collect(job, policy.limits)
    report = api.analyze(content, policy)
    assert report.decision is Decision.ESCALATE
    assert [f.rule for f in report.findings if f.path == "notes.txt"] == ["unanalyzable.limit-size"]
    qid = review.enqueue(tmp_path / "q", content, report)
    r = subprocess.run([sys.executable, "-m", "analyzer.commands.cli", "review", "approve", qid, "--queue", str(tmp_path / "q"),
                        "--key", str(tmp_path / "alice.key"), "--allowlist", str(tmp_path / "allow.jsonl"),
                        "--policy", str(tmp_path / "policy.yaml")],
                       cwd=Path(__file__).resolve().parents[1], capture_output=True, text=True, timeout=120)
    assert r.returncode == 1 and "were not copied to the queue" in r.stderr and "notes.txt" in r.stderr
    assert not (tmp_path / "allow.jsonl").exists()


@pytest.mark.parametrize("damage", [b"", b'{"digest": "sha256:', b"[1, 2]", b"\xff\xfe"])
def test_a_damaged_queue_item_is_an_error_and_is_left_as_it_was(tmp_path: Path, damage: bytes) -> None:
    content = collect(make_job(tmp_path / "job", JOB), Limits())
    qid = review.enqueue(tmp_path / "q", content, escalated(content))
    meta = tmp_path / "q" / qid / "meta.json"
    meta.write_bytes(damage)
    with pytest.raises(GateError, match="damaged review queue item"):
        review.enqueue(tmp_path / "q", content, escalated(content))
    assert meta.read_bytes() == damage
