"""Markdown for a pull-request comment or `$GITHUB_STEP_SUMMARY`: a table of
jobs, then per job its decision, score, reasons and top findings, each
linked to its file and line.

Everything a job's author chose (file names, messages, source) is escaped:
in a comment, unescaped markdown could add links, images that fetch from
anywhere, or @-mentions.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from ..model import SEVERITIES, Decision, Finding
from ..version import VERSION
from .run import Run, Scanned, score_line, where

TOP = 5
_MARK = {Decision.ACCEPT: "✅", Decision.REJECT: "❌", Decision.ESCALATE: "⚠️"}
# What could start emphasis, code, a link or image, an HTML tag or entity, a table cell or a mention.
_SPECIAL = re.compile(r"([\\`*_\[\]!|<>@#~&])")


def _md(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _link(run: Run, path: str, line: int) -> str:
    target = quote(path.encode("utf-8", "surrogateescape")) + (f"#L{line}" if line else "")
    return run.link_base + target


def _finding(run: Run, unit: Scanned, f: Finding) -> str:
    path = run.path(unit, f.path)
    place = f"[{_md(path)}:{where(f)}]({_link(run, path, f.line)})" if f.line else f"[{_md(path)}]({_link(run, path, 0)})"
    return f"| {f.severity} | {_md(f.rule)} | {place} | {_md(f.message)} |"


def _top(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (-SEVERITIES.index(f.severity), f.path, f.line))[:TOP]


def _unit(run: Run, unit: Scanned) -> list[str]:
    r = unit.report
    out = [f"### {_MARK[r.decision]} {_md(run.path(unit, ''))}: {r.decision.value}, {_md(score_line(r))}", ""]
    out += [f"- {_md(reason)}" for reason in r.reasons]
    if r.findings:
        out += ["", "| severity | rule | where | message |", "| --- | --- | --- | --- |"]
        out += [_finding(run, unit, f) for f in _top(r.findings)]
        if len(r.findings) > TOP:
            out += ["", f"and {len(r.findings) - TOP} more finding(s)"]
    out += ["", f"<sub>digest {r.digest}</sub>", ""]
    return out


def render(run: Run, color: bool = False) -> str:
    counts = {d: sum(r.decision is d for r in run.reports) for d in Decision}
    summary = ", ".join(f"{n} {d.value}" for d, n in counts.items() if n) or "no jobs changed"
    out = [f"## jobgate: {summary}", ""]
    if run.units:
        out += ["| job | decision | score | findings |", "| --- | --- | --- | --- |"]
        out += [f"| {_md(run.path(u, ''))} | {_MARK[u.report.decision]} {u.report.decision.value} | "
                f"{u.report.score}/100 | {len(u.report.findings)} |" for u in run.units]
        out.append("")
    for unit in run.units:
        out += _unit(run, unit)
    if run.deleted:
        out += ["Deleted since the ref (not scanned): " + ", ".join(_md(d) for d in run.deleted), ""]
    out.append(f"<sub>jobgate {VERSION}</sub>")
    return "\n".join(out) + "\n"
