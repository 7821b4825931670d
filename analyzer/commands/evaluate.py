"""`jobgate eval CORPUS`: scan every labelled sample and measure the gate.

Labels live in CORPUS/labels.yaml (design card, "Corpus labels"). The run
fails if any malicious sample is accepted or any benign sample rejected, or
if the analysis of any sample did not run to its end (a time or memory limit,
a crash: the machine was loaded, or the sample is too much for the gate); every
other miss is listed so it can be looked at.
"""

from __future__ import annotations

import io
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from rich.console import Console
from rich.table import Table

from .. import api
from ..engine.unjudged import WORKER_FAILURES
from ..model import CATEGORIES, Decision, GateError
from ..policy import Policy, read_yaml

DECISIONS = [d.value for d in Decision]
FATAL = {"malicious": "accept", "benign": "reject"}  # the decision that fails the run, by kind


class Label(BaseModel):
    model_config = ConfigDict(extra="forbid")

    path: str
    kind: str = Field(pattern="^(malicious|benign|borderline)$")
    expect: list[str] = Field(min_length=1)
    behaviours: list[str] = []
    note: str = ""
    # A site policy file (relative to the corpus) the sample is judged under instead of the eval's: for a
    # verdict that depends on what a site vouches for (its launcher_images).
    policy: str = ""


@dataclass
class Outcome:
    label: Label
    decision: str
    score: int
    rules: list[str]

    @property
    def right(self) -> bool:
        return self.decision in self.label.expect

    @property
    def unscanned(self) -> list[str]:
        """The worker failures that cut the sample's analysis short: its decision measures nothing."""
        return [r for r in self.rules if r in WORKER_FAILURES]


@dataclass
class Result:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def fatal(self) -> list[Outcome]:
        return [o for o in self.outcomes if FATAL.get(o.label.kind) == o.decision]

    @property
    def unscanned(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.unscanned]

    @property
    def passed(self) -> bool:
        return not self.fatal and not self.unscanned


def load_labels(corpus: Path) -> list[Label]:
    where = corpus / "labels.yaml"
    try:
        doc = read_yaml(where.read_bytes(), str(where))
    except OSError as err:
        raise GateError(f"{where}: cannot read labels: {err}") from None
    if not isinstance(doc, list):
        raise GateError(f"{where}: labels must be a list of samples")
    if not doc:  # a run that measured nothing must not read as a pass
        raise GateError(f"{where}: no samples labelled")
    labels: list[Label] = []
    top, seen = corpus.resolve(), set()
    for i, item in enumerate(doc):
        try:
            label = Label.model_validate(item)
        except ValidationError as err:
            raise GateError(f"{where}: entry {i + 1}: {err.errors()[0]['loc']}: {err.errors()[0]['msg']}") from None
        bad = [d for d in label.expect if d not in DECISIONS] + [b for b in label.behaviours if b not in CATEGORIES]
        if bad:
            raise GateError(f"{where}: entry {i + 1} ({label.path}): unknown decisions or categories {bad}")
        fatal = FATAL.get(label.kind)
        if fatal in label.expect:  # the run would count it right and fatal at once, and list it nowhere
            raise GateError(f"{where}: entry {i + 1} ({label.path}): a {label.kind} sample cannot expect {fatal}")
        for path in (label.path, label.policy or label.path):
            if not (corpus / path).exists():
                raise GateError(f"{where}: entry {i + 1}: {path} does not exist")
            if not (corpus / path).resolve().is_relative_to(top):
                raise GateError(f"{where}: entry {i + 1}: {path} is outside the corpus")
        # one entry per sample: a second would count the sample twice, and the two could expect otherwise
        if (label.path, label.policy) in seen:
            raise GateError(f"{where}: entry {i + 1}: {label.path} is labelled twice")
        seen.add((label.path, label.policy))
        labels.append(label)
    return labels


def evaluate(corpus: Path, policy: Policy) -> Result:
    result = Result()
    with api.shared_worker():
        for label in load_labels(corpus):
            report = api.scan(corpus / label.path, api.load_policy(corpus / label.policy) if label.policy else policy)
            result.outcomes.append(Outcome(label, report.decision.value, report.score,
                                           sorted({f.rule for f in report.findings})))
    return result


def outcomes_json(result: Result) -> str:
    """`jobgate eval --json FILE`: every sample's outcome, in the labels' order (to compare two runs, or to measure
    a bar the tables do not show)."""
    return json.dumps([{"label": o.label.model_dump(), "decision": o.decision, "score": o.score, "rules": o.rules}
                       for o in result.outcomes], indent=1) + "\n"


def outcomes_from_json(text: str) -> Result:
    """The Result an `eval --json` file holds (tests/test_eval.py reads the CLI's own run with it)."""
    return Result([Outcome(Label.model_validate(o["label"]), o["decision"], o["score"], o["rules"])
                   for o in json.loads(text)])


def _table(title: str, rows: dict[str, Counter], right: dict[str, int]) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("")
    for d in DECISIONS:
        table.add_column(d, justify="right")
    table.add_column("total", justify="right")
    table.add_column("as labelled", justify="right")
    for name, counts in rows.items():
        total = sum(counts.values())
        table.add_row(name, *[str(counts[d]) for d in DECISIONS], str(total), f"{right[name]}/{total}")
    return table


def render(result: Result) -> str:
    by_kind: dict[str, Counter] = defaultdict(Counter)
    by_category: dict[str, Counter] = defaultdict(Counter)
    right_kind: Counter = Counter()
    right_category: Counter = Counter()
    for o in result.outcomes:
        by_kind[o.label.kind][o.decision] += 1
        right_kind[o.label.kind] += o.right
        if o.label.kind == "malicious":
            for b in o.label.behaviours:
                by_category[b][o.decision] += 1
                right_category[b] += o.right
    buf = io.StringIO()
    console = Console(file=buf, width=110, no_color=True, highlight=False)
    console.print(_table("decisions by kind", dict(sorted(by_kind.items())), right_kind))
    console.print(_table("malicious samples by behaviour", dict(sorted(by_category.items())), right_category))
    misses = [o for o in result.outcomes if not o.right]
    for o in (o for o in result.outcomes if not o.right or o.unscanned):
        mark = "FATAL" if o in result.fatal else "UNSCANNED" if o.unscanned else "miss "
        console.print(f"{mark} {o.label.kind:<10} {o.decision:<8} (expected {'/'.join(o.label.expect)}) "
                      f"score {o.score:<3} {o.label.path}  rules: {', '.join(o.rules) or '-'}")
    n = len(result.outcomes)
    console.print(f"{n - len(misses)}/{n} as labelled; {len(result.fatal)} fatal "
                  f"(malicious accepted or benign rejected); {len(result.unscanned)} cut short "
                  f"(limit, crash): {'PASS' if result.passed else 'FAIL'}")
    return buf.getvalue()
