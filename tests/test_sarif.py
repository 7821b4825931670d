"""SARIF for GitHub code scanning, from a real git repository of three jobs.

tests/data/sarif-schema-2.1.0.json is the OASIS SARIF 2.1.0 schema (errata 01,
from the oasis-tcs/sarif-spec repository, sarif-2.1/schema/); jsonschema checks
every document against it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from analyzer import api
from analyzer.model import CATEGORIES
from jobrepo import TRAINER, add_exfiltration, commit, jobgate_in, make_repo

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text())


def sarif_since(repo: Path, ref: str) -> tuple[int, dict]:
    proc = jobgate_in(repo, "scan", "--changed-since", ref, "--format", "sarif")
    assert proc.stdout, proc.stderr
    doc = json.loads(proc.stdout)
    jsonschema.validate(doc, SCHEMA)
    return proc.returncode, doc


@pytest.fixture(scope="module")
def exfiltrating(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, dict]:
    """Three clean jobs committed, then one of them changed to send files away."""
    repo = make_repo(tmp_path_factory.mktemp("sarif"))
    add_exfiltration(repo)
    commit(repo, "beta: share data")
    rc, doc = sarif_since(repo, "HEAD~1")
    return repo, rc, doc


def test_only_the_changed_job_is_scanned_and_rejected(exfiltrating) -> None:
    _, rc, doc = exfiltrating
    assert rc == 1
    (run,) = doc["runs"]
    jobs = run["properties"]["jobgate"]["jobs"]
    assert [j["target"] for j in jobs] == ["jobs/beta"]
    assert jobs[0]["decision"] == "reject" and jobs[0]["digest"].startswith("sha256:")
    assert run["results"] and all(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                                  == f"jobs/beta/{TRAINER}" for r in run["results"])


def test_the_document_has_what_code_scanning_reads(exfiltrating) -> None:
    repo, _, doc = exfiltrating
    assert doc["$schema"].endswith("sarif-schema-2.1.0.json") and doc["version"] == "2.1.0"
    driver = doc["runs"][0]["tool"]["driver"]
    assert driver["name"] == "jobgate" and driver["version"] and driver["informationUri"].startswith("https://")
    rules = {r["id"]: r for r in driver["rules"]}
    for rule in rules.values():
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert "How to pass:" in rule["help"]["text"]
        assert rule["properties"]["tags"][0] == "security" and rule["properties"]["tags"][1] in CATEGORIES
        assert 0 < float(rule["properties"]["security-severity"]) <= 10
    lines = (repo / "jobs/beta" / TRAINER).read_text().splitlines()
    for result in doc["runs"][0]["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note") and result["message"]["text"]
        region = result["locations"][0]["physicalLocation"]["region"]
        line = lines[region["startLine"] - 1]
        # 1-based columns: the region starts where the reported code does
        assert line[region["startColumn"] - 1:].startswith(region["snippet"]["text"].strip().split("(")[0])
        assert result["partialFingerprints"]["jobgate/v1"]
    by_rule = {r["ruleId"]: r for r in doc["runs"][0]["results"]}
    assert by_rule["network.http-client"]["level"] == "error"
    assert "network" in rules["network.http-client"]["properties"]["tags"]


def test_rules_come_from_the_loaded_rule_set() -> None:
    proc = jobgate_in(Path.cwd(), "scan", "--format", "sarif", str(Path(__file__).parent.parent / "corpus/jobs/demo_clean"))
    ids = [r["id"] for r in json.loads(proc.stdout)["runs"][0]["tool"]["driver"]["rules"]]
    assert ids == sorted(api.load_rules(api.load_policy()).rules)


def test_fingerprints_survive_moving_unrelated_lines(exfiltrating, tmp_path: Path) -> None:
    repo, _, before = exfiltrating
    trainer = repo / "jobs/beta" / TRAINER
    original = trainer.read_text()
    trainer.write_text('"""Moved."""\n\n# unrelated comment\n\n' + original.replace("import numpy as np",
                                                                                 "import numpy as np  # arrays"))
    commit(repo, "beta: comments")
    try:
        _, after = sarif_since(repo, "HEAD~2")
    finally:
        trainer.write_text(original)
        commit(repo, "beta: back")

    def prints(doc: dict) -> dict[str, int]:
        return {r["partialFingerprints"]["jobgate/v1"]: r["locations"][0]["physicalLocation"]["region"]["startLine"]
                for r in doc["runs"][0]["results"]}

    old, new = prints(before), prints(after)
    assert set(old) == set(new)
    assert all(new[k] == old[k] + 4 for k in old)  # the lines did move


def test_a_second_identical_line_gets_its_own_fingerprint(tmp_path: Path) -> None:
    job = tmp_path / "job"
    job.mkdir()
    (job / "train.py").write_text("import os\nos.system('a')\nos.system('a')\n")
    proc = jobgate_in(tmp_path, "scan", "--format", "sarif", "job")
    results = json.loads(proc.stdout)["runs"][0]["results"]
    same = [r["partialFingerprints"]["jobgate/v1"] for r in results if r["ruleId"] == results[-1]["ruleId"]]
    assert len(same) == len(set(same)) >= 2


def test_deleted_jobs_are_listed_not_scanned(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    shutil.rmtree(repo / "jobs/gamma")
    commit(repo, "drop gamma")
    rc, doc = sarif_since(repo, "HEAD~1")
    assert rc == 0
    props = doc["runs"][0]["properties"]["jobgate"]
    assert props["jobs"] == [] and props["deleted"] == ["jobs/gamma"]
    assert doc["runs"][0]["results"] == []


def test_a_rule_outside_the_packs_is_described_from_its_finding(tmp_path: Path) -> None:
    """bandit's rules are not in jobgate's packs: SARIF still lists them, so every result has its rule."""
    job = tmp_path / "job"
    job.mkdir()
    (job / "train.py").write_text("import subprocess\nsubprocess.call('ls ' + x, shell=True)\n")
    proc = jobgate_in(tmp_path, "scan", "--format", "sarif", "--engines", "bandit", "job")
    doc = json.loads(proc.stdout)
    jsonschema.validate(doc, SCHEMA)
    run = doc["runs"][0]
    bandit = [r for r in run["results"] if r["ruleId"].startswith("bandit.")]
    assert bandit
    for result in bandit:
        rule = run["tool"]["driver"]["rules"][result["ruleIndex"]]
        assert rule["id"] == result["ruleId"] and rule["shortDescription"]["text"]
        assert result["properties"]["engine"] == "bandit"
