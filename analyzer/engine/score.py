"""Score: findings -> a risk score 0-100 with a per-category breakdown.

Weights are explicit and capped, so a score can be explained:
- a rule counts once, with its strongest finding (ten monkey-patches are one);
- within a category the strongest rule counts fully and each further rule adds
  only a share of its weight;
- categories add up; the total is capped at 100.
`threat_score` is the same sum over threat findings only: capabilities can
escalate a job, never reject it by adding up.
"""

from __future__ import annotations

from collections import defaultdict

from ..model import Finding
from ..policy import Scoring


def weight(finding: Finding, scoring: Scoring) -> float:
    return scoring.severity[finding.severity] * scoring.confidence[finding.confidence]


def score(findings: list[Finding], scoring: Scoring) -> tuple[int, dict[str, int]]:
    """(total, {category: points}) for the findings."""
    strongest: dict[tuple[str, str], float] = {}
    for f in findings:
        key = (f.category, f.rule)
        strongest[key] = max(strongest.get(key, 0.0), weight(f, scoring))
    by_category: dict[str, list[float]] = defaultdict(list)
    for (category, _), w in strongest.items():
        by_category[category].append(w)
    breakdown = {}
    for category, weights in by_category.items():
        weights.sort(reverse=True)
        points = weights[0] + scoring.repeat_share * sum(weights[1:])
        if points > 0:
            breakdown[category] = min(100, round(points))
    return min(100, sum(breakdown.values())), dict(sorted(breakdown.items(), key=lambda kv: -kv[1]))


def threat_score(findings: list[Finding], scoring: Scoring) -> int:
    return score([f for f in findings if f.kind == "threat"], scoring)[0]


def by_kind(findings: list[Finding], scoring: Scoring) -> dict[str, dict[str, int]]:
    """{"threat": {category: points}, "capability": {...}}: which part of the
    score is hostile and which only needs a person."""
    return {kind: score([f for f in findings if f.kind == kind], scoring)[1] for kind in ("threat", "capability")}
