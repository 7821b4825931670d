"""Session 46, ux46: the data scientist's `jobgate scan` read as a person reads it, through the real CLI.

- the fix of `update-channel-leak.unknown-provenance` fits its case: a partition of the data sized by a
  command-line option (hello-jax's `np.array_split(images, args.num_partitions)`) was told to "compute the
  value in the file that sends it", which it already does;
- every finding carries a fix, also the collection's own (a symbolic link, a missing app) and the
  informational ones (a linter pragma, a tracker's import);
- a decision's reason says a person reviews it, not that an uncatalogued API was "not fully analysable";
- the text report prints a rule's why and fix once per unit, not at each of its findings.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from conftest import run_cli

# hello-world/hello-jax's shape: one dataset split among simulated clients by a command-line option.
PARTITIONED = '''\
import argparse

import numpy as np
import nvflare.client as flare


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--num_partitions", type=int, default=2)
    parser.add_argument("--data_dir", type=str, default="/data/mnist")
    return parser.parse_args()


def main():
    args = parse_args()
    flare.init()
    images = np.load(f"{args.data_dir}/train_images.npy").astype(np.float32) / 255.0
    labels = np.load(f"{args.data_dir}/train_labels.npy").astype(np.int32)
    site = int(flare.get_site_name().split("-")[-1]) - 1
    images = np.array_split(images, args.num_partitions)[site]
    labels = np.array_split(labels, args.num_partitions)[site]
    while flare.is_running():
        model = flare.receive()
        w = model.params["w"]
        accuracy = float(np.mean((images.reshape(len(images), -1) @ w).argmax(1) == labels))
        flare.send(flare.FLModel(params={"w": w}, metrics={"accuracy": accuracy}))
        flare.send(flare.FLModel(params={"w": w}, metrics={"accuracy": accuracy}))


if __name__ == "__main__":
    main()
'''

UNKNOWN = "update-channel-leak.unknown-provenance"


def _scan(*args: str) -> tuple[int, dict]:
    proc = run_cli("scan", "--no-cache", "--format", "json", *args)
    assert proc.stdout, proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def test_a_partition_sized_by_an_option_is_told_to_read_the_sites_data_whole(tmp_path: Path) -> None:
    (tmp_path / "client.py").write_text(PARTITIONED)
    rc, doc = _scan(str(tmp_path))
    (report,) = doc["reports"]
    assert (rc, report["decision"]) == (3, "escalate")
    found = [f for f in report["findings"] if f["rule"] == UNKNOWN]
    assert found and "a statistic of the site's data the gate cannot vouch for" in found[0]["message"]
    fix = found[0]["fix"]
    # the message's words lead to the case, and the case's remedy is the site's own data taken whole
    assert "A statistic of the site's data the gate cannot vouch for is one of rows the code chose" in fix
    assert "partition" in fix and "read the site's own data whole" in fix
    # the remedy works: the same job without the split is accepted
    (tmp_path / "client.py").write_text(PARTITIONED.replace("np.array_split(images, args.num_partitions)[site]",
                                                            "images").replace(
        "np.array_split(labels, args.num_partitions)[site]", "labels"))
    rc, doc = _scan(str(tmp_path))
    assert (rc, doc["reports"][0]["decision"]) == (0, "accept"), doc["reports"][0]["reasons"]


def test_the_review_reason_says_a_person_looks(tmp_path: Path) -> None:
    (tmp_path / "client.py").write_text(PARTITIONED)
    _, doc = _scan(str(tmp_path))
    reasons = doc["reports"][0]["reasons"]
    assert reasons[0].startswith("needs a person's review (never accepted automatically): " + UNKNOWN), reasons
    assert not any("not fully analysable" in r for r in reasons)


def test_every_finding_carries_a_fix(tmp_path: Path) -> None:
    job = tmp_path / "job"
    custom = job / "app" / "custom"
    custom.mkdir(parents=True)
    (job / "meta.json").write_text(json.dumps({"name": "j", "deploy_map": {"app": ["@ALL"], "gone": ["site-1"]}}))
    (custom / "train.py").write_text("import wandb  # noqa: F401\nimport numpy as np\nx = np.zeros(3)\n")
    (custom / "Model.py").write_text("W = 1\n")
    (custom / "model.py").write_text("W = 2\n")
    os.symlink("/etc/hostname", custom / "data.csv")
    rc, doc = _scan(str(job))
    (report,) = doc["reports"]
    rules = {f["rule"] for f in report["findings"]}
    assert {"unanalyzable.symlink", "unanalyzable.missing-app", "unanalyzable.case-collision",
            "obfuscation.lint-pragma", "telemetry-egress.tracker-import"} <= rules, rules
    assert rc == 3
    assert [f["rule"] for f in report["findings"] if not f["fix"].strip()] == []


def test_the_text_report_explains_a_rule_once_per_unit(tmp_path: Path) -> None:
    (tmp_path / "client.py").write_text(PARTITIONED)
    proc = run_cli("scan", "--no-cache", str(tmp_path))
    assert proc.returncode == 3, proc.stderr
    out = proc.stdout
    shown = [line for line in out.splitlines() if UNKNOWN in line and "reaches" in line]
    assert len(shown) >= 2, out  # two sends on two lines: two findings of the rule
    assert out.count("\n    why: ") == 1 and out.count("\n    fix: ") == 1, out
    assert out.count(f"why, fix: as above ({UNKNOWN})") == len(shown) - 1


def test_a_missing_engine_asked_on_the_command_line_says_how_to_get_it(tmp_path: Path) -> None:
    """`jobgate scan my_job/ --engines bandit` on a laptop with the core install (no bandit): the fix names the
    extra to install and the flag to drop, not the site's policy alone; the reason names the rule, with no
    dangling "at " for a finding of the whole unit."""
    hidden = tmp_path / "no_bandit"
    hidden.mkdir()
    (hidden / "sitecustomize.py").write_text("import sys\nsys.modules['bandit'] = None  # as if not installed\n")
    job = tmp_path / "job"
    job.mkdir()
    (job / "client.py").write_text("import numpy as np\nx = np.zeros(3)\n")
    from conftest import ROOT
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(hidden), str(ROOT)]))
    proc = run_cli("scan", "--no-cache", "--format", "json", "--engines", "bandit", str(job), env=env)
    (report,) = json.loads(proc.stdout)["reports"]
    assert (proc.returncode, report["decision"]) == (3, "escalate")
    (f,) = [f for f in report["findings"] if f["rule"] == "unanalyzable.engine-bandit"]
    assert "bandit is not installed" in f["message"]
    assert "pip install 'jobgate[bandit]'" in f["fix"] and "--engines bandit" in f["fix"]
    assert "--engines" in f["why"]
    assert any(r.endswith(": unanalyzable.engine-bandit") for r in report["reasons"]), report["reasons"]
    assert not any(" at ," in r or r.endswith(" at ") for r in report["reasons"]), report["reasons"]


def test_a_report_that_cannot_be_written_is_a_usage_error_not_a_reject(tmp_path: Path) -> None:
    """`--output` or `--summary` into a folder that does not exist: exit 2 with one line, not a traceback and
    exit 1, which CI reads as a rejected job."""
    (tmp_path / "client.py").write_text("import numpy as np\nx = np.zeros(3)\n")
    for args in (("--format", "sarif", "--output", str(tmp_path / "no" / "r.sarif")),
                 ("--summary", str(tmp_path / "no" / "summary.md"))):
        proc = run_cli("scan", "--no-cache", *args, str(tmp_path / "client.py"))
        assert proc.returncode == 2, proc.stderr
        assert "Traceback" not in proc.stderr
        assert proc.stderr.strip() == f"jobgate: cannot write {args[-1]}: No such file or directory"


def test_a_changed_file_at_the_repository_top_is_scanned_alone_not_with_dot_git(tmp_path: Path) -> None:
    """A shared job repository with pre-commit installed: a commit that touches the README and one job. The
    README's folder was the repository's top, scanned whole with `.git/` (git's and pre-commit's hooks are
    shell scripts), and the commit was rejected; the README is now scanned alone and the job as a job."""
    import shutil
    import subprocess

    from conftest import CORPUS
    from jobrepo import jobgate_in

    repo = tmp_path / "jobs-repo"
    shutil.copytree(CORPUS / "jobs" / "demo_clean", repo / "jobs" / "clean")
    (repo / "README.md").write_text("# Our federated jobs\n")
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    hooks = repo / ".git" / "hooks"
    hooks.mkdir(exist_ok=True)
    (hooks / "pre-commit").write_text("#!/usr/bin/env bash\nexec pre-commit hook-impl --hook-type=pre-commit\n")
    staged = ["README.md", "jobs/clean/meta.json"]
    proc = jobgate_in(repo, "scan", "--no-cache", "--format", "json", "--changed-files", *staged)
    doc = json.loads(proc.stdout)
    assert sorted(r["target"] for r in doc["reports"]) == ["README.md", "jobs/clean"]
    assert not [f for r in doc["reports"] for f in r["files"] if f["path"].startswith(".git/")]
    assert proc.returncode == 0, [(r["target"], r["decision"], r["reasons"]) for r in doc["reports"]]


def test_setting_sys_argv_to_call_a_main_is_told_to_pass_the_arguments(tmp_path: Path) -> None:
    """advanced/qwen3-vl runs a library script's main() by setting sys.argv: "wrap or subclass instead of patching
    the module" did not fit; the fix says to pass the arguments."""
    (tmp_path / "client.py").write_text(
        "import argparse\nimport sys\n\n\ndef main():\n    parser = argparse.ArgumentParser()\n"
        "    parser.add_argument('--epochs', type=int)\n    return parser.parse_args().epochs\n\n\n"
        "sys.argv = ['train.py', '--epochs', '2']\nmain()\n")
    rc, doc = _scan(str(tmp_path))
    found = [f for f in doc["reports"][0]["findings"] if f["rule"] == "dynamic-code.module-patch"]
    assert found and found[0]["message"].endswith("sys.argv"), doc["reports"][0]["findings"]
    assert "instead of setting sys.argv" in found[0]["fix"]
    assert rc == 3


def test_the_second_opinions_findings_carry_a_fix_too() -> None:
    """`jobgate scan my_job/ --engines bandit --engines semgrep` (the README's command): bandit's and semgrep's
    findings had no fix; bandit's names its page on the rule."""
    from conftest import CORPUS

    rc, doc = _scan("--engines", "bandit", "--engines", "semgrep", str(CORPUS / "malicious" / "base64_exec.py"))
    findings = doc["reports"][0]["findings"]
    engines = {f["engine"]: f for f in findings if f["engine"] != "jobgate"}
    assert set(engines) == {"bandit", "semgrep"}, findings
    assert "https://bandit.readthedocs.io/" in engines["bandit"]["fix"]
    assert [f["rule"] for f in findings if not f["fix"].strip()] == []
    assert rc == 1


def test_explain_of_a_rule_the_gate_itself_reports_says_where_its_help_is() -> None:
    """A report names `unanalyzable.symlink`; `jobgate explain unanalyzable.symlink` answered "no rule ...; did
    you mean unanalyzable.notebook": the finding is the collector's, and carries its why and fix itself."""
    from conftest import run_cli as cli

    proc = cli("explain", "unanalyzable.symlink")
    assert proc.returncode == 2
    assert "reported by the gate itself, not by a rule pack" in proc.stderr and "did you mean" not in proc.stderr
    assert "reported by bandit" in cli("explain", "bandit.B102").stderr
    assert "did you mean" in cli("explain", "network.http-clent").stderr  # a typo of a pack's rule: as before
