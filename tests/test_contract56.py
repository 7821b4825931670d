"""The data scientist's and CI's workflow (design.md "Contracts", the README), tested black-box: the real CLI in a
subprocess, real git repositories, on small jobs. Each test but the last is a drift session 56 found and fixed;
the last holds what the brief asked to check and was found to hold (renames and deletions since a ref)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from test_contract55 import SCHEMA, jobgate, scan

SHELL_OUT = "import numpy as np\nimport os\n\nos.system('ls')\n"
NOTEBOOK = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": ["# notes\n"]},
                      {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
                       "source": ["import os\n", "x = 1\n", "os.system('ls')\n"]}],
            "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
PAST_HASHING = 1_100_000_000  # past the bytes a unit's files are hashed (10 x max(max_total_bytes, 100 MB))


def job_with_a_sparse_weight_file(root: Path) -> Path:
    """A folder whose weights file is past the hashing budget (sparse: no disk, never read)."""
    root.mkdir()
    (root / "train.py").write_text("import numpy as np\n\nprint(float(np.zeros(3).sum()))\n")
    with open(root / "weights.bin", "wb") as fh:
        fh.truncate(PAST_HASHING)
    return root


# ---- the text report: a location per finding an editor jumps to ------------------------------------------------

def test_every_finding_of_the_text_report_starts_with_path_line_col_as_the_scan_named_it(tmp_path: Path) -> None:
    """`path:line:col: severity rule  message`, the path a terminal or editor opens from where the scan ran:
    a single file, a file of a folder, and a notebook (the notebook file's line, the cell's place after)."""
    (tmp_path / "one.py").write_text(SHELL_OUT)
    (tmp_path / "job" / "pkg").mkdir(parents=True)
    (tmp_path / "job" / "pkg" / "train.py").write_text(SHELL_OUT)
    (tmp_path / "nb.ipynb").write_text(json.dumps(NOTEBOOK, indent=1))
    proc = jobgate("scan", "--no-cache", "one.py", "job", "nb.ipynb", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    assert "one.py:4:1: critical subprocess.shell  runs a shell command: os.system" in lines
    assert "job/pkg/train.py:4:1: critical subprocess.shell  runs a shell command: os.system" in lines
    nb_line = next(i for i, line in enumerate((tmp_path / "nb.ipynb").read_text().splitlines(), 1)
                   if "os.system" in line)
    assert (f"nb.ipynb:{nb_line}: critical subprocess.shell  runs a shell command: os.system"
            "  (at nb.ipynb[cell 2]:3:1)") in lines
    for line in lines:  # and every finding line is one: nothing else starts at the margin but a unit's header
        if line and not line.startswith(" ") and ": " in line:
            path, _, rest = line.partition(": ")
            assert (tmp_path / path.split(":")[0]).is_file(), line
    (tmp_path / "one.py").write_text("\n" * 96 + SHELL_OUT)  # rich's `:100:` is an emoji code: line 100 stays 100
    assert "one.py:100:1: critical subprocess.shell" in jobgate("scan", "--no-cache", "one.py", cwd=tmp_path).stdout


def test_the_coloured_text_report_prints_locations_and_messages_as_written(tmp_path: Path) -> None:
    from analyzer.model import Decision, Finding, Report
    from analyzer.reports import text
    from analyzer.reports.run import Run, Scanned

    finding = Finding(rule="subprocess.shell", category="subprocess", severity="critical", confidence="high",
                      path="train.py", line=100, column=4, message="runs :smile: a shell", fix="f", why="w")
    report = Report(target="job", digest="sha256:" + "ab" * 32, decision=Decision.REJECT, score=75, reasons=[],
                    files=[], findings=[finding], name="job")
    coloured = text.render(Run([Scanned(report, tmp_path)], tmp_path), color=True)
    assert "job/train.py:100:5:" in coloured and "runs :smile: a shell" in coloured


# ---- a file past the hashing budget: said as it is, and never covered by an approval -----------------------------

def test_a_file_past_the_hashing_budget_is_marked_unhashed_in_every_format_and_fails_closed(tmp_path: Path) -> None:
    """JSON keeps the contract's string (`sha256: ""`, never a hash it did not compute); SARIF gives that artifact
    no hash rather than an empty one; HTML says why; the unit escalates and cannot be approved."""
    job = job_with_a_sparse_weight_file(tmp_path / "job")
    rc, doc = scan(str(job))
    (rep,) = doc["reports"]
    hashes = {f["path"]: f["sha256"] for f in rep["files"]}
    assert (rc, rep["decision"], hashes["weights.bin"]) == (3, "escalate", "")
    assert len(hashes["train.py"]) == 64
    sarif = jobgate("scan", "--no-cache", "--format", "sarif", "--output", str(tmp_path / "j.sarif"), str(job))
    assert sarif.returncode == 3, sarif.stderr
    log = json.loads((tmp_path / "j.sarif").read_text())
    jsonschema.validate(log, SCHEMA)
    artifacts = {a["location"]["uri"].rsplit("/", 1)[-1]: a for a in log["runs"][0]["artifacts"]}
    assert "hashes" not in artifacts["weights.bin"]
    assert artifacts["train.py"]["hashes"] == {"sha-256": hashes["train.py"]}
    page = jobgate("scan", "--no-cache", "--format", "html", str(job)).stdout
    assert "<td>weights.bin</td><td>data</td><td>not read nor hashed: past the hashing budget</td>" in page



def test_an_approval_of_a_unit_not_collected_whole_never_accepts_it(tmp_path: Path) -> None:
    """Its digest names the unread file, not its bytes: any bytes there would match. `approve` refuses to sign
    it; an entry signed for it all the same (by a site's own tooling, an older jobgate) must not accept it."""
    from analyzer.engine.collect import collect
    from analyzer.policy import load_policy
    from analyzer.trust import allowlist, keys

    job = job_with_a_sparse_weight_file(tmp_path / "job")
    assert jobgate("keygen", "--out", str(tmp_path / "alice")).returncode == 0
    (tmp_path / "site.yaml").write_text("trust:\n  reviewers: [alice.pub]\n")
    policy, ledger = tmp_path / "site.yaml", tmp_path / "allowlist.jsonl"
    refused = jobgate("approve", str(job), "--key", str(tmp_path / "alice.key"), "--allowlist", str(ledger),
                      "--policy", str(policy))
    assert refused.returncode != 0 and "not collected whole" in refused.stderr and not ledger.exists()
    content = collect(job, load_policy(policy).limits)
    allowlist.sign_decision(ledger, keys.load_private(tmp_path / "alice.key"), digest=content.digest,
                            name=content.name, decision="approved", by="reviewer", policy=load_policy(policy),
                            rules="")
    rc, doc = scan(str(job), "--policy", str(policy), "--allowlist", str(ledger))
    (rep,) = doc["reports"]
    assert (rc, rep["decision"], rep["allowlisted"], rep["digest"]) == (3, "escalate", False, content.digest)
    assert "not collected whole" in rep["reasons"][0]


# ---- configuration errors a person can act on -------------------------------------------------------------------

def test_a_policy_that_is_not_yaml_is_named_at_its_line_and_column_in_one_line(tmp_path: Path) -> None:
    """PyYAML's text named `"<byte string>"` on a line of its own, not the file, and split the message."""
    (tmp_path / "one.py").write_text("x = 1\n")
    (tmp_path / "site.yaml").write_text("limits:\n  max_files: 10\n   max_total_bytes: 5\n")
    proc = jobgate("scan", "--no-cache", "one.py", "--policy", "site.yaml", cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == "jobgate: site.yaml:3:19: not valid YAML: mapping values are not allowed in this context\n"


def test_review_show_names_a_finding_of_a_whole_file_without_a_line_zero(tmp_path: Path) -> None:
    """`path:0:1:` sent an editor to a line that does not exist; the text report names such a file alone."""
    import zipfile

    from analyzer import api
    from analyzer.engine.collect import collect
    from analyzer.policy import load_policy
    from analyzer.trust import review

    job = tmp_path / "job"
    job.mkdir()
    (job / "train.py").write_text("import numpy as np\n\nprint(np.zeros(3))\n")
    with zipfile.ZipFile(job / "pkg.zip", "w") as archive:
        archive.writestr("helper.py", "x = 1\n")
    policy = load_policy(None)
    qid = review.enqueue(tmp_path / "queue", collect(job, policy.limits), api.scan(job, policy))
    shown = jobgate("review", "show", qid, "--queue", str(tmp_path / "queue"))
    assert shown.returncode == 0, shown.stderr
    line = next(ln for ln in shown.stdout.splitlines() if "[unanalyzable.archive]" in ln)
    assert line.startswith("pkg.zip: high [unanalyzable.archive] ")


# ---- CI: renames and deletions since a ref ---------------------------------------------------------------------

def test_changed_since_a_ref_scans_renamed_jobs_where_they_are_now_and_lists_the_old_folders(tmp_path: Path) -> None:
    """A file renamed inside a job rescans that job; a job folder renamed is the new job scanned and the old one
    deleted; a job removed is listed, never scanned; text, JSON and SARIF agree, the SARIF valid."""
    from jobrepo import TRAINER, add_exfiltration, commit, git, jobgate_in, make_repo

    repo = make_repo(tmp_path)
    git(repo, "checkout", "-q", "-b", "change")
    trainer = repo / "jobs" / "alpha" / TRAINER
    git(repo, "mv", str(trainer), str(trainer.with_name("renamed_trainer.py")))
    git(repo, "mv", "jobs/beta", "jobs/beta_v2")
    git(repo, "rm", "-rq", "jobs/gamma")
    add_exfiltration(repo, "beta_v2")
    commit(repo, "renames and a removal")
    proc = jobgate_in(repo, "scan", "--no-cache", "--changed-since", "main", "--format", "json", "--summary",
                      str(tmp_path / "summary.md"), "jobs")
    assert proc.returncode == 1, proc.stderr
    doc = json.loads(proc.stdout)
    assert [r["target"] for r in doc["reports"]] == ["jobs/alpha", "jobs/beta_v2"]
    assert doc["reports"][1]["decision"] == "reject"  # (alpha's config names the trainer's old module)
    assert doc["deleted"] == ["jobs/beta", "jobs/gamma"]
    assert "renamed_trainer.py" in {f["path"].rsplit("/", 1)[-1] for f in doc["reports"][0]["files"]}
    assert "Deleted since the ref (not scanned): jobs/beta, jobs/gamma" in (tmp_path / "summary.md").read_text()
