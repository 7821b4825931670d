"""The report for people: findings grouped by file, each with its source
line, rule, why it matters and how to fix it; one summary line per unit."""

from __future__ import annotations

import io
from itertools import groupby

from rich.console import Console
from rich.markup import escape

from ..model import Decision, Report
from .run import Run, printable, score_line, where

_SEVERITY_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "cyan", "info": "dim"}
_DECISION_STYLE = {Decision.ACCEPT: "bold green", Decision.REJECT: "bold red", Decision.ESCALATE: "bold yellow"}


def _shown(text: str) -> str:
    """Author-chosen text (file names, messages, source) with control characters
    as escapes: a newline in a file name must not print a line of its own (a
    forged verdict), nor an escape sequence restyle the terminal."""
    return escape(printable(text))


def _unit(console: Console, report: Report) -> None:
    console.print(f"[bold]{_shown(report.name or report.target)}[/]  [dim]{_shown(report.target)}[/]")
    for path, group in groupby(report.findings, key=lambda f: f.path):
        console.print(f"  [bold underline]{_shown(path or '(unit)')}[/]")
        for f in group:
            console.print(f"    [{_SEVERITY_STYLE[f.severity]}]{f.severity:<8}[/] {where(f):<8} "
                          f"[bold]{_shown(f.rule)}[/]  {_shown(f.message)}"
                          + (f"  [dim]({_shown(f.engine)})[/]" if f.engine != "jobgate" else ""))
            if f.snippet:
                console.print(f"        [dim]|[/] {_shown(f.snippet)}")
            if f.why:
                console.print(f"        [dim]why:[/] {_shown(f.why)}")
            if f.fix:
                console.print(f"        [dim]fix:[/] {_shown(f.fix)}")
    if report.approvals:
        signers = ", ".join(f"{a.signer} ({a.key_id})" for a in report.approvals)
        console.print(f"  allowlisted, approved by {_shown(signers)}")
    for reason in report.reasons:
        console.print(f"  [dim]-[/] {_shown(reason)}")
    console.print(
        f"  [{_DECISION_STYLE[report.decision]}]{report.decision.value.upper()}[/]  {_shown(score_line(report))}"
        f"  {len(report.findings)} finding(s) in {len(report.files)} file(s)  [dim]{report.digest}[/]"
    )


def render(run: Run, color: bool = False) -> str:
    buf = io.StringIO()
    console = Console(file=buf, force_terminal=color, no_color=not color, width=120, highlight=False,
                      soft_wrap=True)
    for i, report in enumerate(run.reports):
        if i:
            console.print()
        _unit(console, report)
    for folder in run.deleted:
        console.print(f"[bold]{_shown(folder)}[/]  deleted (not scanned)")
    return buf.getvalue()
