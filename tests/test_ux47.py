"""Session 47, ux47: CI's reports read as code scanning and a reviewer read them, through the real CLI.

- SARIF names files relative to `%SRCROOT%`, which `originalUriBaseIds` gives as the repository's top (GitHub reads
  a relative URI against the checkout; other readers need the base); a unit outside the repository is an absolute
  `file:` URI, not a path that reads as relative;
- a finding in a notebook's cell was located at `nb.ipynb[cell 4]`, a file no repository holds: it is now at the
  notebook's line that holds the cell's line (SARIF and the markdown link), and the message says which cell;
  a finding in an archive's member is on the archive;
- built-in rules have a `helpUri` (their pack at the release);
- the markdown summary says how to pass each rule it shows;
- semgrep past its time limit was reported as `TimeoutExpired: Command '[...]'` with the fix "Install semgrep": it
  is named as semgrep's time limit, comes before the analysis's own, and jobgate's own rules still report.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import time
from pathlib import Path

import jsonschema
import pytest

from conftest import CORPUS, ROOT, run_cli
from jobrepo import commit, git, jobgate_in, make_repo

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text())
NOTEBOOK_JOB = CORPUS / "jobs" / "rt36d_nb_run_other"  # main.ipynb's 4th cell sends a describe() of the data
ARCHIVE_JOB = CORPUS / "jobs" / "h44_zip_appended_client"  # client.py is a zip whose __main__.py runs curl


def _sarif(cwd: Path, *args: str) -> dict:
    proc = jobgate_in(cwd, "scan", "--no-cache", "--format", "sarif", *args)
    assert proc.returncode in (1, 3), proc.stderr
    doc = json.loads(proc.stdout)
    jsonschema.validate(doc, SCHEMA)
    return doc


def _repo_with(tmp_path: Path, *jobs: Path) -> Path:
    repo = make_repo(tmp_path)
    for job in jobs:
        shutil.copytree(job, repo / "jobs" / job.name)
    commit(repo, "more jobs")
    return repo


def test_sarif_locations_are_relative_to_a_base_that_the_run_gives(tmp_path: Path) -> None:
    repo = _repo_with(tmp_path, NOTEBOOK_JOB)
    run = _sarif(repo, "--changed-since", "HEAD~1")["runs"][0]
    top = git(repo, "rev-parse", "--show-toplevel").strip()
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": Path(top).as_uri() + "/"}}
    locations = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]]
    locations += [a["location"] for a in run["artifacts"]]
    assert locations and all(loc["uriBaseId"] == "%SRCROOT%" and (Path(top) / loc["uri"]).is_file()
                             for loc in locations)


def test_a_unit_outside_the_repository_is_an_absolute_file_uri(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    outside = tmp_path / "elsewhere" / "demo malicious"
    shutil.copytree(CORPUS / "jobs" / "demo_malicious", outside)
    run = _sarif(repo, str(outside))["runs"][0]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert uris == {(outside / "app_client/custom/site_utils.py").as_uri()}
    assert all("uriBaseId" not in r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"])


def test_a_notebook_cells_finding_is_at_the_notebooks_line_and_names_the_cell(tmp_path: Path) -> None:
    repo = _repo_with(tmp_path, NOTEBOOK_JOB)
    run = _sarif(repo, "--changed-since", "HEAD~1")["runs"][0]
    (leak,) = [r for r in run["results"] if r["ruleId"] == "update-channel-leak.raw-data-in-update"]
    physical = leak["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "jobs/rt36d_nb_run_other/main.ipynb"
    notebook = (repo / physical["artifactLocation"]["uri"]).read_text().splitlines()
    cell = json.loads((repo / physical["artifactLocation"]["uri"]).read_text())["cells"][3]["source"]
    assert "flare.send" in cell[6]  # the cell's 7th line, which the finding names
    assert notebook[physical["region"]["startLine"] - 1].strip() == json.dumps(cell[6])
    assert "main.ipynb[cell 4]:7:" in leak["message"]["text"]

    proc = jobgate_in(repo, "scan", "--no-cache", "--changed-since", "HEAD~1", "--format", "markdown",
                      "--link-base", "https://git.example/blob/c0ffee/")
    link = f"(https://git.example/blob/c0ffee/jobs/rt36d_nb_run_other/main.ipynb?plain=1#L{physical['region']['startLine']})"
    assert re.search(r"main\.ipynb\\\[cell 4\\\]:7:\d+\]" + re.escape(link), proc.stdout), proc.stdout


def test_an_archive_members_finding_is_on_the_archive(tmp_path: Path) -> None:
    repo = _repo_with(tmp_path, ARCHIVE_JOB)
    run = _sarif(repo, "--changed-since", "HEAD~1")["runs"][0]
    (curl,) = [r for r in run["results"] if r["ruleId"] == "remote-code.fetch-and-run-command"]
    physical = curl["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "jobs/h44_zip_appended_client/app/custom/client.py"
    assert "region" not in physical  # its lines are the member's, not the archive's
    assert "app/custom/client.py/__main__.py:11:" in curl["message"]["text"]


def test_built_in_rules_link_their_pack_and_help_says_how_to_pass() -> None:
    doc = _sarif(ROOT, str(CORPUS / "jobs" / "demo_malicious"))
    rules = {r["id"]: r for r in doc["runs"][0]["tool"]["driver"]["rules"]}
    rule = rules["network.http-client"]
    assert rule["helpUri"].endswith("/rules/network.yaml")
    assert "- id: network.http-client" in (ROOT / "rules" / "network.yaml").read_text()
    assert rule["help"]["text"].startswith(rule["fullDescription"]["text"]) and "How to pass: Remove" in rule["help"]["text"]
    assert rule["properties"]["security-severity"] == "9.5"
    packs = {p.stem for p in (ROOT / "rules").glob("*.yaml")}
    assert all(r["helpUri"].rsplit("/", 1)[1][:-5] in packs for r in rules.values() if "helpUri" in r)
    assert sum("helpUri" in r for r in rules.values()) == len(rules)


def test_the_markdown_summary_says_how_to_pass_each_rule_it_shows() -> None:
    proc = run_cli("scan", "--no-cache", "--format", "markdown", str(CORPUS / "jobs" / "demo_malicious"))
    assert proc.returncode == 1, proc.stderr
    shown = re.findall(r"^\| (?:critical|high|medium|low|info) \| ([\w.\\-]+) \|", proc.stdout, re.M)
    assert "network.http-client" in shown
    fixes = dict(re.findall(r"^- ([\w.\\-]+): (.+)$", proc.stdout.split("**How to pass:**")[1], re.M))
    assert set(fixes) == set(shown)
    assert fixes["network.http-client"].startswith("Remove the request")


def _venv_with_a_hanging_semgrep(tmp_path: Path) -> Path:
    """An interpreter of this environment in a folder whose `semgrep` (the one jobgate runs: beside
    sys.executable) never answers."""
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    shutil.copy(Path(sys.prefix) / "pyvenv.cfg", venv / "pyvenv.cfg")
    (venv / "lib").symlink_to(Path(sys.prefix) / "lib")
    (venv / "bin" / "python").symlink_to(os.path.realpath(sys.executable))
    semgrep = venv / "bin" / "semgrep"
    semgrep.write_text("#!/bin/sh\nexec sleep 60\n")
    semgrep.chmod(0o755)
    return venv / "bin" / "python"


@pytest.mark.serial  # asserts on wall time
def test_semgrep_past_its_time_limit_is_named_and_the_own_rules_still_report(tmp_path: Path) -> None:
    python = _venv_with_a_hanging_semgrep(tmp_path)
    policy = tmp_path / "policy.yaml"
    policy.write_text("limits:\n  max_analysis_seconds: 4\n")  # a unit's worker: 12 s; semgrep: half of it
    import subprocess

    proc = subprocess.run([str(python), "-m", "analyzer.commands.cli", "scan", "--no-cache", "--format", "json",
                           "--policy", str(policy), "--engines", "semgrep", str(CORPUS / "jobs" / "demo_malicious")],
                          capture_output=True, text=True, cwd=ROOT, timeout=120,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert proc.returncode == 1, proc.stderr
    (report,) = json.loads(proc.stdout)["reports"]
    rules = {f["rule"]: f for f in report["findings"]}
    semgrep = rules["unanalyzable.engine-semgrep"]
    assert "time limit" in semgrep["message"] and "max_analysis_seconds" in semgrep["message"]
    assert "TimeoutExpired" not in semgrep["message"] and "Install" not in semgrep["fix"]
    assert "network.http-client" in rules and "unanalyzable.time-limit" not in rules


def test_rules_list_refuses_an_unknown_category_instead_of_listing_nothing() -> None:
    typo = run_cli("rules", "list", "--category", "netwrk")
    assert typo.returncode == 2 and "'netwrk' is not one of" in typo.stderr and not typo.stdout
    listed = run_cli("rules", "list", "--category", "persistence")
    assert listed.returncode == 0, listed.stderr
    rows = listed.stdout.splitlines()[:-1]
    assert rows and all(row.split()[1] == "persistence" for row in rows)
    assert listed.stdout.splitlines()[-1].startswith(f"{len(rows)} of ")


def test_eval_help_names_every_way_it_fails() -> None:
    """evaluate.Result.passed also fails on a sample whose analysis was cut short; the help said only two."""
    proc = run_cli("eval", "--help")
    assert "UNSCANNED" in " ".join(proc.stdout.split())


def test_every_option_of_every_command_says_what_it_does() -> None:
    """`scan --format` and `allowlist recheck --policy` showed no help (session 47)."""
    import click

    from analyzer.commands.cli import main

    def commands(group: click.Group, prefix: str, ctx: click.Context):
        for name in group.list_commands(ctx):  # the trust and site commands load when asked for
            command = group.get_command(ctx, name)
            yield f"{prefix} {name}".strip(), command
            if isinstance(command, click.Group):
                yield from commands(command, f"{prefix} {name}", ctx)

    every = list(commands(main, "", click.Context(main)))
    assert {"scan", "allowlist recheck", "review approve", "site check"} <= {path for path, _ in every}
    silent = [f"{path} {option.opts[0]}" for path, command in every for option in command.params
              if isinstance(option, click.Option) and not option.help]
    assert silent == []


def test_the_hook_scans_a_job_that_the_commit_only_deletes_a_file_from(tmp_path: Path) -> None:
    """pre-commit passes no deleted file: a commit that removed a module a job imports ran no check."""
    import yaml

    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["always_run"] and hook["entry"] == "jobgate scan --changed-files"  # the hook runs with no file too
    repo = make_repo(tmp_path)
    custom = repo / "jobs/beta/app_client/custom"
    (custom / "norms.py").write_text("def clip(w):\n    return w\n")
    trainer = custom / "np_update_trainer.py"
    trainer.write_text("import norms\n" + trainer.read_text())
    commit(repo, "beta: clip")
    assert jobgate_in(repo, "scan", "--no-cache", "--changed-files").returncode == 0  # nothing staged
    git(repo, "rm", "-q", "jobs/beta/app_client/custom/norms.py")
    git(repo, "rm", "-q", "-r", "jobs/gamma")
    proc = jobgate_in(repo, "scan", "--no-cache", "--changed-files", "--format", "json")
    assert proc.returncode == 3, proc.stderr
    doc = json.loads(proc.stdout)
    assert [r["target"] for r in doc["reports"]] == ["jobs/beta"] and doc["deleted"] == ["jobs/gamma"]
    (missing,) = [f for f in doc["reports"][0]["findings"] if "norms" in f["message"]]
    assert missing["rule"] == "unvouched.import" and "must come with the job" in missing["fix"]


def test_a_finding_of_no_file_of_the_job_is_on_its_meta_file(tmp_path: Path) -> None:
    """deploy_map naming an app that is not there: the finding's path (`app_gone`) is no file; SARIF named
    `jobs/gone/app_gone`, which code scanning cannot show."""
    repo = make_repo(tmp_path)
    job = repo / "jobs" / "alpha"
    meta = json.loads((job / "meta.json").read_text())
    meta["deploy_map"] = {**meta["deploy_map"], "app_gone": ["site-1"]}
    (job / "meta.json").write_text(json.dumps(meta))
    commit(repo, "alpha: one more app")
    (result,) = [r for r in _sarif(repo, "--changed-since", "HEAD~1")["runs"][0]["results"]
                 if r["ruleId"] == "unanalyzable.missing-app"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": "jobs/alpha/meta.json",
                                                                             "uriBaseId": "%SRCROOT%"}
    assert result["message"]["text"].endswith("(at jobs/alpha/app_gone)")


@pytest.mark.serial  # asserts on wall time
def test_semgrep_past_its_time_limit_is_ended_with_what_it_started(tmp_path: Path, monkeypatch) -> None:
    """semgrep runs its core as a child: at a site's long-lived worker, a kill of semgrep alone left the core
    running on after the time limit."""
    from analyzer.engine.engines import semgrep_engine
    from analyzer.policy import load_policy

    pids = tmp_path / "pids"
    semgrep = tmp_path / "semgrep"
    semgrep.write_text(f"#!/bin/sh\nsleep 300 &\necho $! > {pids}\nexec sleep 300\n")
    semgrep.chmod(0o755)
    monkeypatch.setattr(semgrep_engine, "_semgrep", lambda: str(semgrep))
    monkeypatch.setattr(semgrep_engine, "TIMEOUT_S", 5)  # time for the shell to start its child, on a loaded machine
    (finding,) = semgrep_engine.run(tmp_path, ["x.py"], load_policy())
    assert "time limit" in finding.message
    state = Path(f"/proc/{int(pids.read_text())}/stat")

    def ended() -> bool:  # gone, or dead and not reaped
        try:
            return state.read_text().rsplit(")", 1)[1].split()[0] == "Z"
        except FileNotFoundError:
            return True

    deadline = time.monotonic() + 10  # SIGKILL is delivered, not awaited: on a loaded machine it ends a moment later
    while not ended() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert ended()
