"""Decide: findings + score -> accept, reject or escalate, with every reason.

The order is the design's: what could not be analysed or vouched for never
passes; an always-reject category (a high-confidence finding in it) or a
threat score at the reject threshold rejects (capabilities never reject by
adding up); an always-escalate category or a score at the escalate threshold
escalates; everything else is accepted.
"""

from __future__ import annotations

from ..model import Decision, Finding
from ..policy import Policy
from .score import threat_score


def _where(f: Finding) -> str:
    return f"{f.path}:{f.line}" if f.line else f.path


def _first(findings: list[Finding], limit: int = 3) -> str:
    shown = ", ".join(f"{f.rule} at {_where(f)}" if f.path else f.rule for f in findings[:limit])  # "": the unit
    more = len(findings) - limit
    return shown + (f" and {more} more" if more > 0 else "")


def decide(findings: list[Finding], score: int, policy: Policy) -> tuple[Decision, list[str]]:
    reasons: list[str] = []
    unjudged = [f for f in findings if f.never_accept]
    if unjudged:
        reasons.append(f"needs a person's review (never accepted automatically): {_first(unjudged)}")
    # A category decides alone only where its rule is sure (high confidence) and
    # has judged (a never_accept finding says the gate could not tell); a less
    # certain finding is weighed by the score like any other.
    hard = [f for f in findings if f.category in policy.always_reject and f.severity != "info"
            and f.confidence == "high" and not f.never_accept]
    if hard:
        cats = sorted({f.category for f in hard})
        reasons.append(f"category always rejected by policy ({', '.join(cats)}): {_first(hard)}")
    threat = threat_score(findings, policy.scoring)
    if threat >= policy.thresholds.reject:
        reasons.append(f"threat score {threat} >= reject threshold {policy.thresholds.reject}")
    if hard or threat >= policy.thresholds.reject:
        return Decision.REJECT, reasons
    # Informational findings never decide anything on their own.
    soft = [f for f in findings if f.category in policy.always_escalate and f.severity != "info"]
    if soft:
        cats = sorted({f.category for f in soft})
        reasons.append(f"category always escalated by policy ({', '.join(cats)}): {_first(soft)}")
    if score >= policy.thresholds.escalate:
        reasons.append(f"score {score} >= escalate threshold {policy.thresholds.escalate}")
    if unjudged or soft or score >= policy.thresholds.escalate:
        return Decision.ESCALATE, reasons
    reasons.append(f"score {score} < escalate threshold {policy.thresholds.escalate}")
    return Decision.ACCEPT, reasons
