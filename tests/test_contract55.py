"""jobgate's contracts (/work/shared/design.md "Contracts", the README) tested black-box, as an outside evaluator
would: the real CLI in a subprocess, on every kind of unit, against what the contract says and nothing else."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest

from conftest import CORPUS, ROOT, run_cli

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text())
DESIGN_CATEGORIES = {"network", "file-exfiltration", "subprocess", "dynamic-code", "deserialization", "native-code",
                     "obfuscation", "credential-harvest", "telemetry-egress", "remote-code", "update-channel-leak",
                     "config-attack", "shadowing", "unanalyzable",
                     # added with their reasons in docs/architecture.md: the positive model's uses the catalogue
                     # does not list ("neither (escalate, naming the API)"), and two malware families'
                     "unvouched", "persistence", "surveillance"}
SEVERITIES = {"info", "low", "medium", "high", "critical"}
KINDS = {"python", "notebook", "config", "shell", "native", "data", "other"}
LEVELS = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}  # docs/ci.md
HEX64 = re.compile(r"[0-9a-f]{64}")
TRAINER = "import numpy as np\n\nweights = np.zeros(3)\nprint(float(weights.sum()))\n"
SHELL_OUT = "import os\n\nos.system('ls')\n"
NOTEBOOK = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": ["# notes\n"]},
                      {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
                       "source": ["import os\n", "os.system('ls')\n"]}],
            "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def jobgate(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """The CLI of this tree, from any folder."""
    return run_cli(*args, cwd=cwd, env={**os.environ, "PYTHONPATH": str(ROOT)})


def scan(*args: str, cwd: Path | None = None) -> tuple[int, dict]:
    proc = jobgate("scan", "--no-cache", "--format", "json", *args, cwd=cwd)
    assert proc.stdout, proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def report(*args: str) -> dict:
    _, doc = scan(*args)
    (one,) = doc["reports"]
    return one


def nvflare_job(root: Path) -> Path:
    """A job of two client apps (one deployed to all sites) and a server-only app, each with config and custom/."""
    deploy = {"app_server": ["server"], "app_a": ["site-1"], "app_b": ["@ALL"]}
    for app, sites in deploy.items():
        side = "server" if sites == ["server"] else "client"
        (root / app / "config").mkdir(parents=True)
        (root / app / "custom").mkdir()
        (root / app / "config" / f"config_fed_{side}.json").write_text(json.dumps({"format_version": 2}))
        (root / app / "custom" / "train.py").write_text(TRAINER)
    (root / "meta.json").write_text(json.dumps({"name": "two_apps", "min_clients": 1, "deploy_map": deploy}))
    return root


def units(tmp_path: Path) -> dict[str, Path]:
    """One of each kind of unit the contract names."""
    single = tmp_path / "single.py"
    single.write_text(SHELL_OUT)
    notebook = tmp_path / "nb.ipynb"
    notebook.write_text(json.dumps(NOTEBOOK))
    folder = tmp_path / "folder"
    (folder / "pkg").mkdir(parents=True)
    (folder / "pkg" / "train.py").write_text(TRAINER)
    (folder / "blob.xyz").write_bytes(b"\x00\x01\x02\xff not a format")  # a file the gate cannot judge
    (folder / "run.sh").write_text("#!/bin/sh\npython pkg/train.py\n")
    return {"single": single, "notebook": notebook, "folder": folder, "job": nvflare_job(tmp_path / "job")}


def check_report_shape(rep: dict) -> None:
    """Every field the JSON contract names, with its type, on one REPORT."""
    assert isinstance(rep["target"], str) and rep["target"]
    assert rep["digest"].startswith("sha256:") and HEX64.fullmatch(rep["digest"][7:])
    assert rep["decision"] in {"accept", "reject", "escalate"}
    assert type(rep["score"]) is int and 0 <= rep["score"] <= 100
    assert isinstance(rep["reasons"], list) and rep["reasons"] and all(isinstance(r, str) for r in rep["reasons"])
    paths = [f["path"] for f in rep["files"]]
    assert paths == sorted(paths) and len(set(paths)) == len(paths)
    for entry in rep["files"]:
        assert set(entry) >= {"path", "sha256", "kind"}
        assert not entry["path"].startswith("/") and ".." not in entry["path"].split("/")
        assert HEX64.fullmatch(entry["sha256"]) and entry["kind"] in KINDS
    for f in rep["findings"]:
        assert set(f) >= {"rule", "category", "severity", "confidence", "path", "line", "column", "message",
                          "snippet", "engine", "fix"}, f
        assert isinstance(f["rule"], str) and f["rule"].split(".")[0]
        assert f["category"] in DESIGN_CATEGORIES, f
        assert f["severity"] in SEVERITIES and f["confidence"] in {"low", "medium", "high"}
        assert type(f["line"]) is int and type(f["column"]) is int and f["line"] >= 0 and f["column"] >= 0
        assert isinstance(f["message"], str) and f["message"] and isinstance(f["snippet"], str)
        assert isinstance(f["engine"], str) and f["engine"]
        assert f["fix"] is None or isinstance(f["fix"], str)
        # relative to the unit: one of its files, a notebook's cell in one, or the unit itself
        assert not f["path"].startswith("/"), f
        assert re.sub(r"\[cell \d+\]$", "", f["path"]) in set(paths) | {""} or f["path"] == "meta.json", f


def test_every_kind_of_unit_has_every_field_with_its_type(tmp_path: Path) -> None:
    given = units(tmp_path)
    rc, doc = scan(*map(str, given.values()))
    assert set(doc) == {"jobgate", "reports"} and isinstance(doc["jobgate"], str) and doc["jobgate"]
    by_target = {Path(r["target"]).name: r for r in doc["reports"]}
    assert set(by_target) == {p.name for p in given.values()}
    for rep in doc["reports"]:
        check_report_shape(rep)
    assert [f["path"] for f in by_target["single.py"]["files"]] == ["single.py"]
    assert by_target["nb.ipynb"]["files"] == [{"path": "nb.ipynb", "kind": "notebook", "sha256": hashlib.sha256(
        given["notebook"].read_bytes()).hexdigest()}]
    # a notebook's finding names its file and cell, and the line within that cell
    shell = [f for f in by_target["nb.ipynb"]["findings"] if f["rule"] == "subprocess.shell"]
    assert [(f["path"], f["line"]) for f in shell] == [("nb.ipynb[cell 2]", 2)]
    folder = by_target["folder"]
    assert {f["path"]: f["kind"] for f in folder["files"]} == {"blob.xyz": "other", "pkg/train.py": "python",
                                                               "run.sh": "shell"}
    assert any(f["path"] == "blob.xyz" and f["category"] == "unanalyzable" for f in folder["findings"])
    assert folder["decision"] != "accept"
    job = by_target["job"]
    assert [f["path"] for f in job["files"]] == ["app_a/config/config_fed_client.json", "app_a/custom/train.py",
                                                 "app_b/config/config_fed_client.json", "app_b/custom/train.py"]
    assert job["decision"] == "accept" and job["findings"] == []
    assert rc == 1  # the notebook's and the single file's shell commands reject


def test_a_server_only_app_never_changes_a_clients_digest_a_client_app_does(tmp_path: Path) -> None:
    job = nvflare_job(tmp_path / "job")
    before = report(str(job))["digest"]
    (job / "app_server" / "custom" / "train.py").write_text(SHELL_OUT)
    (job / "app_server" / "custom" / "extra.bin").write_bytes(b"\x7fELF")
    assert report(str(job))["digest"] == before
    (job / "app_b" / "custom" / "train.py").write_text(TRAINER + "\n")
    assert report(str(job))["digest"] != before


def test_the_digest_has_its_stated_properties(tmp_path: Path) -> None:
    """Independent of place, mtimes and creation order; changed by any byte, name, addition or removal;
    per-file hashes are the files' sha256."""
    files = {"a.py": TRAINER, "sub/b.py": "X = 1\n", "sub/c.txt": "notes\n"}

    def make(root: Path, order: list[str]) -> Path:
        for rel in order:
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(files[rel])
        return root

    one = make(tmp_path / "one", list(files))
    other = make(tmp_path / "far" / "away" / "two", list(reversed(files)))
    os.utime(other / "a.py", (1, 1))
    rep = report(str(one))
    assert report(str(other))["digest"] == rep["digest"]
    assert {f["path"]: f["sha256"] for f in rep["files"]} == {
        rel: hashlib.sha256(text.encode()).hexdigest() for rel, text in files.items()}
    seen = {rep["digest"]}

    def changed(edit) -> None:
        copy = tmp_path / f"edit{len(seen)}"
        shutil.copytree(one, copy)
        edit(copy)
        digest = report(str(copy))["digest"]
        assert digest not in seen
        seen.add(digest)

    changed(lambda d: (d / "sub/c.txt").write_text("notes!\n"))          # a byte
    changed(lambda d: (d / "sub/c.txt").rename(d / "sub/d.txt"))        # a name
    changed(lambda d: (d / "sub/empty.txt").write_text(""))             # an addition, even empty
    changed(lambda d: (d / "sub/c.txt").unlink())                       # a removal
    changed(lambda d: (d / "sub").rename(d / "lib"))                    # a folder's name


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "html", "markdown"])
def test_every_format_writes_its_output_file_and_names_each_unit(tmp_path: Path, fmt: str) -> None:
    """--output in every format; several single files given together are told apart by their names (SARIF's
    jobs, markdown's table and HTML's headings named each "." after the file's folder)."""
    names = [p.name for p in units(tmp_path).values()]
    out = tmp_path / f"report.{fmt}"
    proc = jobgate("scan", "--no-cache", "--format", fmt, "--output", str(out), *names, cwd=tmp_path)
    assert proc.returncode == 1 and proc.stdout == "", proc.stderr
    text = out.read_text(encoding="utf-8")
    if fmt == "sarif":
        doc = json.loads(text)
        jsonschema.validate(doc, SCHEMA)
        (sarif_run,) = doc["runs"]
        assert [j["target"] for j in sarif_run["properties"]["jobgate"]["jobs"]] == names
        for result in sarif_run["results"]:
            assert result["level"] == LEVELS[result["properties"]["severity"]] and result["ruleId"] in {
                r["id"] for r in sarif_run["tool"]["driver"]["rules"]}
            uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            assert (tmp_path / uri).is_file(), uri
        notebook = [r for r in sarif_run["results"] if r["ruleId"] == "subprocess.shell"
                    and "nb.ipynb" in r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]]
        assert notebook and notebook[0]["message"]["text"].endswith("(at nb.ipynb[cell 2]:2:1)")
    elif fmt == "json":
        assert [r["target"] for r in json.loads(text)["reports"]] == names
    elif fmt == "markdown":
        table = [line.split(" | ")[0] for line in text.splitlines() if line.startswith("| ") and "/100" in line]
        assert table == [f"| {name}" for name in names]
    else:
        for name in names:
            assert name in text
        assert ("REJECT" if fmt == "text" else "reject") in text


# ---- eval CORPUS ------------------------------------------------------------------------------------------------

def corpus(root: Path, labels: str) -> Path:
    (root / "benign").mkdir(parents=True)
    (root / "malicious").mkdir()
    (root / "benign" / "ok.py").write_text(TRAINER)
    (root / "malicious" / "shell.py").write_text(SHELL_OUT)
    (root / "labels.yaml").write_text(labels)
    return root


OK = "- path: benign/ok.py\n  kind: benign\n  expect: [accept]\n  behaviours: []\n  note: trains\n"
SHELL = "- path: malicious/shell.py\n  kind: malicious\n  expect: [reject]\n  behaviours: [subprocess]\n  note: ls\n"


def test_eval_prints_the_confusion_table_and_passes_when_nothing_is_fatal(tmp_path: Path) -> None:
    proc = jobgate("eval", str(corpus(tmp_path, OK + SHELL)))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "decisions by kind" in proc.stdout and "2/2 as labelled" in proc.stdout and "PASS" in proc.stdout
    rows = {line.split()[1]: line.split()[3:6] for line in proc.stdout.splitlines()
            if line.startswith("│ benign") or line.startswith("│ malicious")}
    assert rows == {"benign": ["1", "│", "0"], "malicious": ["0", "│", "1"]}


def test_eval_fails_when_a_benign_sample_is_rejected(tmp_path: Path) -> None:
    shell_as_benign = SHELL.replace("kind: malicious", "kind: benign").replace("[reject]", "[accept, escalate]")
    proc = jobgate("eval", str(corpus(tmp_path, OK + shell_as_benign)))
    assert proc.returncode == 1 and "FATAL benign" in proc.stdout and "FAIL" in proc.stdout


@pytest.mark.parametrize("labels,says", [
    (OK + SHELL.replace("shell.py", "gone.py"), "entry 2: malicious/gone.py does not exist"),
    ("- path: benign/ok.py\n  kind: [benign\n", "not valid YAML"),
    ("path: benign/ok.py\n", "labels must be a list of samples"),
    (OK.replace("kind: benign", "kind: friendly"), "entry 1"),
    (OK.replace("[accept]", "[acept]"), "unknown decisions or categories ['acept']"),
    ("[]\n", "no samples labelled"),  # a run that measured nothing is no pass
    (OK + OK.replace("[accept]", "[escalate]"), "entry 2: benign/ok.py is labelled twice"),
    (SHELL.replace("[reject]", "[reject, accept]"), "a malicious sample cannot expect accept"),
    (OK + SHELL.replace("kind: malicious", "kind: benign"), "a benign sample cannot expect reject"),
    (OK + "- path: ../outside.py\n  kind: benign\n  expect: [accept]\n", "entry 2: ../outside.py is outside"),
])
def test_eval_refuses_labels_it_cannot_trust_with_one_clear_line(tmp_path: Path, labels: str, says: str) -> None:
    (tmp_path / "outside.py").write_text(TRAINER)
    proc = jobgate("eval", str(corpus(tmp_path / "corpus", labels)))
    assert proc.returncode == 2 and proc.stdout == ""
    assert says in proc.stderr and "Traceback" not in proc.stderr, proc.stderr


# ---- the allowlist, end to end -----------------------------------------------------------------------------------

def test_an_approved_digest_is_accepted_wherever_the_job_lies_with_the_reports_full_shape(tmp_path: Path) -> None:
    for name in ("gate", "alice", "bob", "mallory"):
        assert jobgate("keygen", "--out", str(tmp_path / name)).returncode == 0
    policy = tmp_path / "policy.yaml"
    policy.write_text("trust:\n  gate: gate.pub\n  reviewers: [alice.pub, bob.pub]\n  required_signatures: 2\n")
    job = tmp_path / "job"
    job.mkdir()
    (job / "train.py").write_text(SHELL_OUT.replace("os.system('ls')", "os.getenv('HOME')"))
    allowlist = tmp_path / "allowlist.jsonl"

    def approve(who: str) -> None:
        proc = jobgate("approve", str(job), "--key", str(tmp_path / f"{who}.key"), "--allowlist", str(allowlist),
                       "--policy", str(policy))
        assert proc.returncode == 0, proc.stderr

    def gated(target: Path) -> tuple[int, dict]:
        rc, doc = scan(str(target), "--policy", str(policy), "--allowlist", str(allowlist))
        (rep,) = doc["reports"]
        check_report_shape(rep)
        return rc, rep

    rc, analysed = gated(job)
    assert (rc, analysed["decision"], analysed["allowlisted"]) == (3, "escalate", False)
    approve("alice")
    approve("mallory")  # a key the policy does not trust: its approval counts as absent
    assert gated(job)[1]["decision"] == "escalate"
    approve("bob")
    moved = tmp_path / "elsewhere" / "renamed"
    shutil.copytree(job, moved)
    rc, rep = gated(moved)
    assert (rc, rep["decision"], rep["allowlisted"], rep["digest"]) == (0, "accept", True, analysed["digest"])
    assert sorted(a["signer"] for a in rep["approvals"]) == ["alice", "bob"]
    assert rep["files"] == analysed["files"] and rep["findings"] == []
    assert set(rep) == set(analysed) and rep["score_kinds"] == {"threat": {}, "capability": {}}
    (moved / "train.py").write_text((moved / "train.py").read_text() + " ")
    assert gated(moved)[1]["decision"] == "escalate"
    verify = jobgate("allowlist", "verify", str(allowlist), "--policy", str(policy))
    assert verify.returncode == 0 and "3 entries" in verify.stdout and "do not count" in verify.stdout + verify.stderr


# ---- the policy's knobs ------------------------------------------------------------------------------------------

WANDB = "nvflare.app_opt.tracking.wandb.wandb_receiver.WandBReceiver"  # not trusted by default: it uploads


@pytest.mark.parametrize("job,policy,decision,reason", [
    ("demo_ambiguous", "", "escalate", "score 42 >= escalate threshold 20"),
    ("demo_ambiguous", "always_reject: [subprocess]\n", "reject", "category always rejected by policy (subprocess)"),
    ("demo_malicious", "", "reject", "threat score 75 >= reject threshold 70"),
    ("demo_malicious", "thresholds: {reject: 80}\n", "escalate", "score 98 >= escalate threshold 20"),
    ("demo_clean", "", "accept", "score 0 < escalate threshold 20"),
    ("demo_clean", "thresholds: {escalate: 1}\nlimits: {max_files: 1}\n", "escalate",
     "category always escalated by policy (unanalyzable): unanalyzable.limit-files"),
    ("wandb", "", "escalate", "score 40 >= escalate threshold 20"),
    ("wandb", "trusted_modules: [nvflare.app_opt.tracking.wandb.]\n", "accept", "score 0 < escalate threshold 20"),
    ("wandb", "trusted_modules: [nvflare.app_opt.tracking.wandb.]\nalways_escalate: [unvouched]\n", "accept", ""),
    ("wandb", "always_escalate: [config-attack]\nthresholds: {escalate: 50}\n", "escalate",
     "category always escalated by policy (config-attack)"),
])
def test_each_policy_knob_changes_the_decision_as_documented(tmp_path: Path, job: str, policy: str,
                                                             decision: str, reason: str) -> None:
    if job == "wandb":  # demo_clean, with a component the default policy does not trust
        target = Path(shutil.copytree(CORPUS / "jobs" / "demo_clean", tmp_path / "job"))
        config = target / "app_client" / "config" / "config_fed_client.json"
        doc = json.loads(config.read_text())
        doc["components"] = [{"id": "tracker", "path": WANDB, "args": {}}]
        config.write_text(json.dumps(doc))
    else:
        target = CORPUS / "jobs" / job
    args = [str(target)]
    if policy:
        (tmp_path / "site.yaml").write_text(policy)
        args += ["--policy", str(tmp_path / "site.yaml")]
    rc, doc = scan(*args)
    (rep,) = doc["reports"]
    assert rep["decision"] == decision and any(reason in r for r in rep["reasons"]), rep["reasons"]
    assert rc == {"accept": 0, "reject": 1, "escalate": 3}[decision]


@pytest.mark.parametrize("policy,says", [
    ("always_reject: [netwrok]\n", "always_reject: Value error, unknown categories ['netwrok']"),
    ("thresholds: {rejct: 1}\n", "thresholds.rejct: Extra inputs are not permitted"),
    ("thresholds: {escalate: 0}\n", "thresholds.escalate"),
    ("trust: {required_signatures: 0}\n", "trust.required_signatures"),  # 0 would let any digest through
    ("limits: [1, 2]\n", "limits"),
    ("{{{\n", "site.yaml"),
])
def test_a_policy_that_does_not_validate_is_a_configuration_error_and_writes_no_report(
        tmp_path: Path, policy: str, says: str) -> None:
    (tmp_path / "site.yaml").write_text(policy)
    out = tmp_path / "report.json"
    out.write_text("the last report\n")
    proc = jobgate("scan", str(CORPUS / "jobs" / "demo_clean"), "--policy", str(tmp_path / "site.yaml"),
                   "--format", "json", "--output", str(out))
    assert proc.returncode == 2 and proc.stdout == "" and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("jobgate: ") and says in proc.stderr, proc.stderr
    assert out.read_text() == "the last report\n"  # nothing lost: a failed run leaves the last report alone


def test_a_reviewer_key_the_policy_names_and_cannot_read_is_an_error_before_the_allowlist_exists(
        tmp_path: Path) -> None:
    """It was one only once the allowlist had a line: a site's first jobs were judged under keys never read."""
    (tmp_path / "site.yaml").write_text("trust:\n  reviewers: [nobody.pub]\n")
    proc = jobgate("scan", "--no-cache", str(CORPUS / "jobs" / "demo_clean"), "--policy", str(tmp_path / "site.yaml"),
                   "--allowlist", str(tmp_path / "allowlist.jsonl"))
    assert proc.returncode == 2 and proc.stdout == ""
    assert "nobody.pub: cannot read trust.reviewers[0] public key" in proc.stderr


# ---- the data scientist's view -----------------------------------------------------------------------------------

def test_the_text_report_shows_each_finding_at_its_line_with_a_fix_and_the_sites_verdict(tmp_path: Path) -> None:
    """What a data scientist reads before submitting: each finding at its path:line:column (1-based),
    with the source line and a fix, and the verdict the site's policy would give on the last line."""
    (tmp_path / "site.yaml").write_text("always_reject: [subprocess]\n")
    job = CORPUS / "jobs" / "demo_ambiguous"
    _, doc = scan(str(job))
    default = jobgate("scan", "--no-cache", str(job))
    site = jobgate("scan", "--no-cache", str(job), "--policy", str(tmp_path / "site.yaml"))
    assert (default.returncode, site.returncode) == (3, 1)
    assert default.stdout.splitlines()[-1].lstrip().startswith("ESCALATE")
    assert site.stdout.splitlines()[-1].lstrip().startswith("REJECT")
    assert "category always rejected by policy (subprocess)" in site.stdout
    lines = default.stdout.splitlines()
    for f in doc["reports"][0]["findings"]:  # `path:line:col: severity rule  message` (session 56: a path per line)
        at = lines.index(f"{job}/{f['path']}:{f['line']}:{f['column'] + 1}: "
                         f"{f['severity']} {f['rule']}  {f['message']}")
        assert lines[at + 1].strip() == f"| {f['snippet']}"
        assert lines[at + 3].strip().startswith("fix:") or "as above" in lines[at + 2]


def test_review_list_tells_a_missing_queue_from_an_empty_one(tmp_path: Path) -> None:
    (tmp_path / "queue").mkdir()
    empty = jobgate("review", "list", "--queue", str(tmp_path / "queue"))
    missing = jobgate("review", "list", "--queue", str(tmp_path / "queeu"))
    assert (empty.returncode, missing.returncode) == (0, 0)
    assert empty.stdout.strip().endswith("no queued jobs")
    assert missing.stdout.strip().endswith("no queued jobs (no such folder)")
