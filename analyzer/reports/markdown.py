"""Markdown for a pull-request comment or `$GITHUB_STEP_SUMMARY`: a table of
jobs, then per job its decision, score, reasons and top findings, each
linked to its file and line (a notebook's cell: the notebook's line that
holds it), and how to pass each of their rules.

Everything a job's author chose (file names, messages, source) is escaped:
in a comment, unescaped markdown could add links, images that fetch from
anywhere, or @-mentions.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from ..model import SEVERITIES, Decision, Finding
from ..version import VERSION
from .run import Run, Scanned, place, score_line, where

TOP = 5
_MARK = {Decision.ACCEPT: "✅", Decision.REJECT: "❌", Decision.ESCALATE: "⚠️"}
# What could start emphasis, code, a link or image, an HTML tag or entity, a table cell or a mention.
_SPECIAL = re.compile(r"([\\`*_\[\]!|<>@#~&])")


def _md(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _link(run: Run, path: str, line: int) -> str:
    # a notebook's own lines: GitHub shows a notebook rendered, where no line has an anchor, unless asked plain
    plain = "?plain=1" if line and path.endswith(".ipynb") else ""
    target = quote(path.encode("utf-8", "surrogateescape")) + (f"{plain}#L{line}" if line else "")
    return run.link_base + target


def _finding(run: Run, unit: Scanned, f: Finding) -> str:
    at = place(unit, f)
    shown = f"{_md(run.path(unit, f.path))}:{where(f)}" if f.line else _md(run.path(unit, f.path))
    return f"| {f.severity} | {_md(f.rule)} | [{shown}]({_link(run, run.path(unit, at.path), at.line)}) | {_md(f.message)} |"


def _fixes(findings: list[Finding]) -> list[str]:
    """How to pass each rule of `findings`, once per rule."""
    fixes = {f.rule: f.fix or "Ask the site's reviewer to approve this exact job." for f in findings}
    return ["", "**How to pass:**", ""] + [f"- {_md(rule)}: {_md(fix)}" for rule, fix in fixes.items()]


def _top(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (-SEVERITIES.index(f.severity), f.path, f.line))[:TOP]


def _unit(run: Run, unit: Scanned) -> list[str]:
    r = unit.report
    out = [f"### {_MARK[r.decision]} {_md(run.target(unit))}: {r.decision.value}, {_md(score_line(r))}", ""]
    out += [f"- {_md(reason)}" for reason in r.reasons]
    if r.findings:
        out += ["", "| severity | rule | where | message |", "| --- | --- | --- | --- |"]
        top = _top(r.findings)
        out += [_finding(run, unit, f) for f in top]
        if len(r.findings) > TOP:
            out += ["", f"and {len(r.findings) - TOP} more finding(s)"]
        out += _fixes(top)
    out += ["", f"<sub>digest {r.digest}</sub>", ""]
    return out


def render(run: Run, color: bool = False) -> str:
    counts = {d: sum(r.decision is d for r in run.reports) for d in Decision}
    summary = ", ".join(f"{n} {d.value}" for d, n in counts.items() if n) or "no jobs changed"
    out = [f"## jobgate: {summary}", ""]
    if run.units:
        out += ["| job | decision | score | findings |", "| --- | --- | --- | --- |"]
        out += [f"| {_md(run.target(u))} | {_MARK[u.report.decision]} {u.report.decision.value} | "
                f"{u.report.score}/100 | {len(u.report.findings)} |" for u in run.units]
        out.append("")
    for unit in run.units:
        out += _unit(run, unit)
    if run.deleted:
        out += ["Deleted since the ref (not scanned): " + ", ".join(_md(d) for d in run.deleted), ""]
    out.append(f"<sub>jobgate {VERSION}</sub>")
    return "\n".join(out) + "\n"
