"""`jobgate eval corpus/`: the labelled corpus meets the bar of the detection issue."""

from __future__ import annotations

import subprocess

import pytest
from conftest import CORPUS, run_cli

from analyzer.commands.evaluate import Result, load_labels, outcomes_from_json


@pytest.fixture(scope="module")
def corpus_eval(tmp_path_factory) -> tuple[subprocess.CompletedProcess, Result]:
    """`jobgate eval corpus/` run once (every labelled sample scanned, some 2,000 units), with each sample's outcome
    written by its --json, for the command's own test and the bars below (they scanned the corpus a second time in
    this process until session 55: 90 s of a CI run)."""
    outcomes = tmp_path_factory.mktemp("eval") / "outcomes.json"
    # a hang guard, not a time bound (300 s ran out on a machine shared with other work)
    proc = run_cli("eval", str(CORPUS), "--json", str(outcomes), timeout=1800)
    assert outcomes.exists(), proc.stdout + proc.stderr
    return proc, outcomes_from_json(outcomes.read_text())


@pytest.fixture(scope="module")
def corpus_result(corpus_eval) -> Result:
    return corpus_eval[1]


def test_eval_command_passes_on_the_corpus(corpus_eval) -> None:
    proc, result = corpus_eval
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "decisions by kind" in proc.stdout and "malicious samples by behaviour" in proc.stdout
    assert proc.stdout.rstrip().endswith("PASS")
    # the file holds every labelled sample's outcome, as the tables counted them
    assert len(result.outcomes) == len(load_labels(CORPUS)) and result.passed
    assert f"{sum(o.right for o in result.outcomes)}/{len(result.outcomes)} as labelled" in proc.stdout


def test_corpus_meets_the_detection_bar(corpus_result: Result) -> None:
    result = corpus_result
    by_kind: dict[str, list[str]] = {}
    for outcome in result.outcomes:
        by_kind.setdefault(outcome.label.kind, []).append(outcome.decision)
    malicious, benign, borderline = by_kind["malicious"], by_kind["benign"], by_kind["borderline"]
    assert len(malicious) + len(benign) + len(borderline) >= 100
    assert "accept" not in malicious
    # Issue 2's bar: samples of open threats are rejected outright. Samples written against the positive
    # model (issue 12: labelled reject or escalate) are caught when a reviewer sees them.
    outright = [o.decision for o in result.outcomes if o.label.kind == "malicious" and list(o.label.expect) == ["reject"]]
    assert outright.count("reject") / len(outright) >= 0.85
    assert "reject" not in benign
    assert "reject" not in borderline
    behaviours = {b for o in result.outcomes if o.label.kind == "malicious" for b in o.label.behaviours}
    assert len(behaviours) >= 13  # every threat category has malicious samples


def test_corpus_accepts_nine_in_ten_benign_samples(corpus_result: Result) -> None:
    """Issue 12's bar. Session 28 relabelled borderline six benign samples whose escalation reviews what a site
    would want a person to see (random rows as k-means centroids, site rows written under a command-line folder,
    an environment variable a config names, site file fields in the job log), each with its reason in
    corpus/labels.yaml; the other benign escalations (statistics of chosen rows or groups, torch.compile, a lone
    component's arguments, np.array_split parts) stay benign and count against the bar."""
    benign = [o.decision for o in corpus_result.outcomes if o.label.kind == "benign"]
    assert benign.count("accept") / len(benign) >= 0.90


def test_eval_fails_when_a_malicious_sample_is_accepted(tmp_path) -> None:
    (tmp_path / "mal.py").write_text("x = 1\n")  # labelled malicious, but harmless: the gate accepts it
    (tmp_path / "labels.yaml").write_text(
        "- path: mal.py\n  kind: malicious\n  expect: [reject]\n  behaviours: [network]\n")
    proc = run_cli("eval", str(tmp_path), "--json", str(tmp_path / "outcomes.json"))
    assert proc.returncode == 1 and "FATAL" in proc.stdout and "FAIL" in proc.stdout
    [outcome] = outcomes_from_json((tmp_path / "outcomes.json").read_text()).outcomes  # --json writes a failed run too
    assert (outcome.label.path, outcome.label.kind, outcome.decision) == ("mal.py", "malicious", "accept")


def test_a_label_given_a_key_twice_is_an_error(tmp_path) -> None:
    """A merge that leaves a second `expect:` (or `note:`) in one label: YAML would keep the last silently, so a
    sample's expected decision could change unseen; it is an error naming the line (exit 2)."""
    (tmp_path / "ok.py").write_text("x = 1\n")
    (tmp_path / "labels.yaml").write_text(
        "- path: ok.py\n  kind: benign\n  expect: [reject]\n  behaviours: []\n  expect: [accept]\n")
    proc = run_cli("eval", str(tmp_path))
    assert proc.returncode == 2 and "expect" in proc.stderr + proc.stdout
