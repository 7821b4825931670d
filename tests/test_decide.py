"""The decision order of the design, one behaviour per test."""

from __future__ import annotations

from analyzer.engine.decide import decide
from analyzer.model import Decision, Finding
from analyzer.policy import load_policy
from analyzer.engine.score import score

POLICY = load_policy()


def _f(category: str, severity: str = "high", confidence: str = "high", never_accept: bool = False,
       rule: str = "x") -> Finding:
    # As for a rule without an explicit kind: critical rules are threats.
    return Finding(rule=f"{category}.{rule}", category=category, severity=severity, confidence=confidence,
                   path="a.py", line=1, column=0, message="m", never_accept=never_accept,
                   kind="threat" if severity == "critical" else "capability")


def _decide(*findings: Finding) -> Decision:
    total, _ = score(list(findings), POLICY.scoring)
    return decide(list(findings), total, POLICY)[0]


def test_nothing_found_is_accepted() -> None:
    assert _decide() is Decision.ACCEPT


def test_info_findings_never_decide() -> None:
    assert _decide(_f("credential-harvest", "info"), _f("unanalyzable", "info")) is Decision.ACCEPT


def test_unanalysable_never_accepts_even_with_zero_score() -> None:
    policy = POLICY.model_copy(update={"always_escalate": ()})
    f = _f("dynamic-code", "low", "low", never_accept=True)
    decision, reasons = decide([f], 2, policy)
    assert decision is Decision.ESCALATE and "never accepted" in reasons[0]


def test_always_reject_category_with_high_confidence_rejects_alone() -> None:
    assert _decide(_f("credential-harvest", "medium", "high")) is Decision.REJECT


def test_always_reject_category_that_could_not_judge_escalates() -> None:
    # e.g. a value of unknown provenance in the update: not a proven leak
    assert _decide(_f("update-channel-leak", "high", "high", never_accept=True)) is Decision.ESCALATE


def test_always_reject_category_with_lower_confidence_is_scored() -> None:
    assert _decide(_f("update-channel-leak", "high", "medium")) is Decision.ESCALATE


def test_reject_threshold_beats_never_accept() -> None:
    assert _decide(_f("network", "critical"), _f("unanalyzable", never_accept=True)) is Decision.REJECT


def test_always_escalate_category() -> None:
    assert _decide(_f("shadowing", "low", "low")) is Decision.ESCALATE


def test_score_thresholds() -> None:
    assert _decide(_f("network", "medium", "high")) is Decision.ACCEPT      # 15
    assert _decide(_f("network", "high", "high")) is Decision.ESCALATE      # 40
    assert _decide(_f("network", "critical", "high")) is Decision.REJECT    # 75


def test_a_rule_counts_once_however_often_it_matches() -> None:
    weak = [_f("subprocess", "low", "high") for _ in range(10)]
    total, breakdown = score(weak, POLICY.scoring)
    assert total == breakdown["subprocess"] == 5


def test_further_rules_of_a_category_add_a_share() -> None:
    findings = [_f("subprocess", "low", "high", rule=f"r{i}") for i in range(10)]
    total, breakdown = score(findings, POLICY.scoring)
    assert total == breakdown["subprocess"] == round(5 + 0.2 * 45)


def test_capabilities_never_reject_by_adding_up() -> None:
    # A program launch, a local pickle, a monkey-patch and a native library: each needs a person, none is hostile.
    findings = [_f("subprocess"), _f("deserialization"), _f("dynamic-code"), _f("native-code")]
    total, _ = score(findings, POLICY.scoring)
    decision, reasons = decide(findings, total, POLICY)
    assert total >= POLICY.thresholds.reject and decision is Decision.ESCALATE, reasons


def test_one_threat_rejects() -> None:
    assert _decide(_f("network", "critical"), _f("subprocess")) is Decision.REJECT
