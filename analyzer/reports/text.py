"""The report for people: each finding on a line of its own that starts with
`path:line:col:` as linters print them (the path as the scan was given it, so
that an editor or a terminal jumps to it), then its severity, rule and message,
its source line, why it matters and how to fix it (once per rule and unit,
later findings of the rule refer to it); one summary line per unit.

Lines are written in rich's markup, printed with rich's emoji codes off (a
`:100:` of `train.py:100:5:` stays as written). Without colour, a run whose
text rich would print as it is (no backslash or tab, which markup escapes and
tab stops would change) is printed by stripping the markup, without
importing rich (a tenth of a small job's start); any other run goes through
rich, so both ways print the same characters. Brackets need no rich: rich's
`escape` puts a backslash before each `[` of a shown text that could open a
tag, and printing turns it back into the text itself; a tag cannot run into
the text after a shown one, since what follows each is a tag of ours, `: `
or `  (` before one, or the end of the line (`_unit`)."""

from __future__ import annotations

import io
import os
import re
from typing import Callable

from ..model import Decision, Finding
from .run import Place, Run, Scanned, column, place, printable, score_line

_SEVERITY_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "cyan", "info": "dim"}
_DECISION_STYLE = {Decision.ACCEPT: "bold green", Decision.REJECT: "bold red", Decision.ESCALATE: "bold yellow"}
_TAG = re.compile(r"\[[a-z /]*\]")  # the markup this module writes
_RICH_CHANGES = re.compile(r"[\\\t]")  # what rich may render otherwise than it is written
_SHOWN = re.compile("\x00([0-9]+)\x00")  # where a shown text goes (printable() leaves no NUL in one)


class _Plain(Exception):
    """A shown text that rich would not print as it is written."""


def _lines(run: Run, shown: Callable[[str], str]) -> list[str]:
    """Every line of the report in markup; `shown` prepares author-chosen text (file names, messages,
    source) with control characters as escapes: a newline in a file name must not print a line of its
    own (a forged verdict), nor an escape sequence restyle the terminal."""
    out: list[str] = []
    for i, unit in enumerate(run.units):
        if i:
            out.append("")
        out += _unit(unit, shown)
    out += [f"[bold]{shown(folder)}[/]  deleted (not scanned)" for folder in run.deleted]
    return out


def _location(unit: Scanned, f: Finding, at: Place) -> str:
    """`path:line:col` of a finding at `at`, the path as the scan named the unit: a notebook cell's finding is
    at the notebook's line that holds it (its cell, line and column follow the message); a finding of the whole
    unit, at the unit's meta file; of a whole file, the path alone."""
    report = unit.report
    path = os.path.join(os.path.dirname(report.target) if unit.file else report.target, at.path)
    if not at.line:
        return path
    return f"{path}:{at.line}" if at.inner else f"{path}:{f.line}:{column(f)}"


def _unit(unit: Scanned, shown: Callable[[str], str]) -> list[str]:
    report = unit.report
    out = [f"[bold]{shown(report.name or report.target)}[/]  [dim]{shown(report.target)}[/]"]
    explained: set[tuple[str, str, str]] = set()  # a rule's why and fix are printed once per unit
    for f in report.findings:
        at = place(unit, f)
        inner = at.inner if f.path else ""  # a finding of the whole unit has no place of its own to add
        out.append(f"{shown(_location(unit, f, at))}: [{_SEVERITY_STYLE[f.severity]}]{f.severity}[/] "
                   f"[bold]{shown(f.rule)}[/]  {shown(f.message)}"
                   + (f"  [dim](at {shown(inner)})[/]" if inner else "")
                   + (f"  [dim]({shown(f.engine)})[/]" if f.engine != "jobgate" else ""))
        if f.snippet:
            out.append(f"    [dim]|[/] {shown(f.snippet)}")
        if (f.rule, f.why, f.fix) in explained:
            out.append(f"    [dim]why, fix: as above ({shown(f.rule)})[/]")
            continue
        explained.add((f.rule, f.why, f.fix))
        if f.why:
            out.append(f"    [dim]why:[/] {shown(f.why)}")
        if f.fix:
            out.append(f"    [dim]fix:[/] {shown(f.fix)}")
    if report.approvals:
        signers = ", ".join(f"{a.signer} ({a.key_id})" for a in report.approvals)
        out.append(f"  allowlisted, approved by {shown(signers)}")
    out += [f"  [dim]-[/] {shown(reason)}" for reason in report.reasons]
    out.append(f"  [{_DECISION_STYLE[report.decision]}]{report.decision.value.upper()}[/]  "
               f"{shown(score_line(report))}  {len(report.findings)} finding(s) in {len(report.files)} file(s)  "
               f"[dim]{report.digest}[/]")
    return out


def _as_written(text: str) -> str:
    text = printable(text)
    if _RICH_CHANGES.search(text):
        raise _Plain
    return text


def _plain(run: Run) -> str | None:
    """The report without markup, or None when rich is needed to print it as rich does."""
    texts: list[str] = []

    def shown(text: str) -> str:  # a placeholder: stripping our tags must never touch a shown text
        texts.append(_as_written(text))
        return f"\x00{len(texts) - 1}\x00"

    try:
        marked = _lines(run, shown)
    except _Plain:
        return None
    lines = [_SHOWN.sub(lambda m: texts[int(m.group(1))], _TAG.sub("", line)) for line in marked]
    # A `:word:` may also form across a shown text and the words around it.
    return None if any(_RICH_CHANGES.search(line) for line in lines) else "".join(f"{line}\n" for line in lines)


def render(run: Run, color: bool = False) -> str:
    plain = None if color else _plain(run)
    if plain is not None:
        return plain
    from rich.console import Console
    from rich.markup import escape

    buf = io.StringIO()
    console = Console(file=buf, force_terminal=color, no_color=not color, width=120, highlight=False,
                      soft_wrap=True, emoji=False)
    for line in _lines(run, lambda text: escape(printable(text))):
        console.print(line)
    return buf.getvalue()
