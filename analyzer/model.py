"""The values that flow through the gate: files, findings, reports, decisions.

Small frozen dataclasses, so every step can pass them on without copying or
fearing that a later step changes what an earlier one saw.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum

CATEGORIES = (
    "network",
    "file-exfiltration",
    "subprocess",
    "dynamic-code",
    "deserialization",
    "native-code",
    "obfuscation",
    "credential-harvest",
    "telemetry-egress",
    "remote-code",
    "update-channel-leak",
    "config-attack",
    "shadowing",
    "persistence",
    "surveillance",
    "unanalyzable",
    "unvouched",  # a use the capability catalogue does not list: a reviewer decides
)

SEVERITIES = ("info", "low", "medium", "high", "critical")
CONFIDENCES = ("low", "medium", "high")


class Decision(str, Enum):
    ACCEPT = "accept"
    REJECT = "reject"
    ESCALATE = "escalate"


@dataclass(frozen=True)
class FileEntry:
    """One file of a unit: its path, hash, kind and size."""

    path: str  # relative to the unit, '/'-separated
    sha256: str  # hex
    kind: str
    size: int


@dataclass(frozen=True)
class Finding:
    """One finding of a scan."""

    rule: str
    category: str
    severity: str
    confidence: str
    path: str
    line: int
    column: int
    message: str
    snippet: str = ""
    engine: str = "jobgate"
    fix: str = ""
    why: str = ""
    # True for findings that mean "the gate could not judge this": they can
    # never lead to an accept, whatever the score (parse errors, limits,
    # names the resolver cannot resolve).
    never_accept: bool = False
    # "threat": hostile on its own, may reject; "capability": needs a person,
    # only ever escalates however many add up (the rule's kind).
    kind: str = "capability"

    def to_json(self) -> dict:
        return dict(vars(self))  # every field is a plain value (asdict would deep-copy each one)


@dataclass(frozen=True)
class Approval:
    """A valid, trusted allowlist signature covering a digest."""

    key_id: str
    signer: str
    time: str
    note: str = ""


@dataclass
class Report:
    """The verdict on one unit and what it rests on."""

    target: str
    digest: str
    decision: Decision
    score: int
    reasons: list[str]
    files: list[FileEntry]
    findings: list[Finding]
    name: str = ""
    score_breakdown: dict[str, int] = field(default_factory=dict)
    threat_score: int = 0  # the part of the score that threat findings make; only it can reject
    score_kinds: dict[str, dict[str, int]] = field(default_factory=dict)  # {"threat"|"capability": breakdown}
    approvals: list[Approval] = field(default_factory=list)
    # Set when the decision came from the allowlist rather than from analysis.
    allowlisted: bool = False

    def to_json(self) -> dict:
        return {
            "target": self.target,
            "name": self.name,
            "digest": self.digest,
            "decision": self.decision.value,
            "score": self.score,
            "reasons": list(self.reasons),
            "score_breakdown": dict(self.score_breakdown),
            "threat_score": self.threat_score,
            "score_kinds": {k: dict(v) for k, v in self.score_kinds.items()},
            "allowlisted": self.allowlisted,
            "approvals": [asdict(a) for a in self.approvals],
            "files": [{"path": f.path, "sha256": f.sha256, "kind": f.kind} for f in self.files],
            "findings": [f.to_json() for f in self.findings],
        }

    @classmethod
    def from_json(cls, doc: dict) -> "Report":
        """A report read back (a review queue's report.json); file sizes are not kept there."""
        return cls(
            target=doc["target"], digest=doc["digest"], decision=Decision(doc["decision"]), score=doc["score"],
            reasons=list(doc["reasons"]), name=doc.get("name", ""),
            files=[FileEntry(f["path"], f["sha256"], f["kind"], 0) for f in doc["files"]],
            findings=[Finding(**f) for f in doc["findings"]],
            score_breakdown=dict(doc.get("score_breakdown", {})), allowlisted=doc.get("allowlisted", False),
            threat_score=doc.get("threat_score", 0), score_kinds=dict(doc.get("score_kinds", {})),
            approvals=[Approval(**a) for a in doc.get("approvals", [])],
        )


class GateError(Exception):
    """A usage or configuration error: the CLI exits 2, a site blocks the job."""
