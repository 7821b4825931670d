"""Score: findings -> a risk score 0-100 with a per-category breakdown.

Weights are explicit and capped, so a score can be explained: within a
category the strongest finding counts fully and each further one adds only a
share of its weight; categories add up; the total is capped at 100.
"""

from __future__ import annotations

from collections import defaultdict

from .model import Finding
from .policy import Scoring


def weight(finding: Finding, scoring: Scoring) -> float:
    return scoring.severity[finding.severity] * scoring.confidence[finding.confidence]


def score(findings: list[Finding], scoring: Scoring) -> tuple[int, dict[str, int]]:
    """(total, {category: points}) for the findings."""
    by_category: dict[str, list[float]] = defaultdict(list)
    for f in findings:
        by_category[f.category].append(weight(f, scoring))
    breakdown = {}
    for category, weights in by_category.items():
        weights.sort(reverse=True)
        points = weights[0] + scoring.repeat_share * sum(weights[1:])
        if points > 0:
            breakdown[category] = min(100, round(points))
    return min(100, sum(breakdown.values())), dict(sorted(breakdown.items(), key=lambda kv: -kv[1]))
