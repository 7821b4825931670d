"""One self-contained HTML page for reviewers and data scientists.

Per unit: the decision and score with the score's breakdown at the top, then
each file's source with every finding highlighted at its line and column and
its explanation and fix beside it, and the per-file hashes at the bottom.
`jobgate review show --format html` adds the diff against the last approved
version.

The page fetches nothing (no scripts, no external styles, and a Content
Security Policy that forbids any load). Everything the job's author chose
(names, source, messages) is HTML-escaped, and control and bidirectional
characters are shown as escapes, as in the text review (review.printable).
"""

from __future__ import annotations

import html
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable, Mapping

from ..model import Finding, Report
from ..engine.notebooks import cell_sources
from ..version import VERSION
from .run import CELL as _CELL, UNHASHED, Run, column, printable, score_line, where

CSP = "default-src 'none'; style-src 'unsafe-inline'"

_STYLE = """
body{font:14px/1.4 system-ui,sans-serif;margin:0 2em 2em;color:#1f2328}
h1{font-size:20px}h2{font-size:18px;margin-bottom:.2em}h3{font-size:15px;margin:1.2em 0 .3em}
.decision{display:inline-block;padding:.15em .6em;border-radius:4px;font-weight:bold;color:#fff}
.decision-accept{background:#1a7f37}.decision-reject{background:#cf222e}.decision-escalate{background:#9a6700}
.unit{border-top:3px solid #d0d7de;margin-top:1.5em}
table{border-collapse:collapse}td,th{padding:.15em .6em;text-align:left;vertical-align:top}
.breakdown td,.breakdown th,.hashes td,.hashes th{border:1px solid #d0d7de}
.source{width:100%;font:12px/1.45 ui-monospace,monospace}
.source td{padding:0 .5em}.ln{color:#6e7781;text-align:right;user-select:none;width:3em}
.code{white-space:pre;overflow-x:auto;max-width:60vw}
tr.hit{background:#fff8c5}tr.hit mark{background:#ffd33d;color:inherit}
.notes{width:35%;font:12px/1.4 system-ui,sans-serif}
.finding{border-left:4px solid #d0d7de;padding:.2em .5em;margin:.2em 0;background:#fff}
.sev-critical{border-color:#82071e}.sev-high{border-color:#cf222e}.sev-medium{border-color:#bf8700}
.sev-low{border-color:#0969da}.sev-info{border-color:#8c959f}
.why,.fix{color:#57606a}.hashes{font:12px ui-monospace,monospace}
.diff{font:12px/1.4 ui-monospace,monospace;white-space:pre;background:#f6f8fa;padding:.5em;overflow-x:auto}
.add{background:#dafbe1}.del{background:#ffebe9}
"""


@dataclass(frozen=True)
class FileChange:
    kind: str  # added, removed, modified
    path: str
    diff: list[str] = field(default_factory=list)  # unified diff lines, or a one-line note


@dataclass(frozen=True)
class Changes:
    """What changed since the last approved version of a job (review show)."""

    since: str  # one line: which version, where it is recorded
    files: list[FileChange]
    notes: list[str] = field(default_factory=list)  # e.g. why file diffs are missing


@dataclass(frozen=True)
class UnitView:
    report: Report
    label: str  # how the unit is named (its folder relative to the repository)
    read: Callable[[str], bytes | None]  # the analysed bytes of one of its files
    changes: Changes | str | None = None  # str: why there is nothing to compare with


def _e(text: object) -> str:
    return html.escape(printable(str(text)), quote=True)


def _read_cells(read: Callable[[str], bytes | None]) -> Callable[[str], bytes | None]:
    """`read`, which also answers for a notebook's cell (`nb.ipynb[cell N]`) with that cell's source."""
    def read_any(path: str) -> bytes | None:
        cell = _CELL.match(path)
        if cell is None:
            return read(path)
        data = read(cell["notebook"])
        try:
            source = cell_sources(data).get(int(cell["n"])) if data is not None else None
        except (ValueError, RecursionError):
            return None
        return source.encode("utf-8", "surrogatepass") if source is not None else None
    return read_any


def _lines(data: bytes | None) -> list[str] | None:
    if data is None:
        return None
    try:
        return data.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        return None


def _note(f: Finding) -> str:
    parts = [f'<div class="finding sev-{_e(f.severity)}" data-rule="{_e(f.rule)}" data-line="{f.line}" '
             f'data-column="{column(f) if f.line else 0}">',
             f"<b>{_e(f.severity)}</b> <code>{_e(f.rule)}</code> <span class=where>{_e(where(f))}</span>"
             + (f" <i>({_e(f.engine)})</i>" if f.engine != "jobgate" else ""),
             f'<div class="message">{_e(f.message)}</div>']
    if f.why:
        parts.append(f'<div class="why">why: {_e(f.why)}</div>')
    if f.fix:
        parts.append(f'<div class="fix">fix: {_e(f.fix)}</div>')
    return "".join(parts) + "</div>"


def _code(line: str, hits: list[Finding]) -> str:
    """The line, with the part from the first finding's column on highlighted."""
    if not hits:
        return _e(line)
    start = min(max(0, f.column) for f in hits)
    return _e(line[:start]) + "<mark>" + _e(line[start:] or " ") + "</mark>"


def _source(anchor: str, lines: list[str], by_line: Mapping[int, list[Finding]]) -> str:
    rows = []
    for n, line in enumerate(lines, 1):
        hits = by_line.get(n, [])
        cls = f' class="hit sev-{_e(hits[0].severity)}"' if hits else ""
        rows.append(f'<tr id="{anchor}-L{n}" data-line="{n}"{cls}><td class="ln">{n}</td>'
                    f'<td class="code">{_code(line, hits)}</td>'
                    f'<td class="notes">{"".join(_note(f) for f in hits)}</td></tr>')
    return '<table class="source">' + "".join(rows) + "</table>"


def _file(anchor: str, path: str, kind: str, data: bytes | None, findings: list[Finding]) -> str:
    lines = _lines(data)
    by_line: dict[int, list[Finding]] = defaultdict(list)
    elsewhere = []
    for f in findings:
        if lines is not None and 1 <= f.line <= len(lines):
            by_line[f.line].append(f)
        else:
            elsewhere.append(f)
    head = (f'<h3>{_e(path)} <small>{_e(kind)}, {len(findings)} finding(s)</small></h3>'
            + "".join(_note(f) for f in elsewhere))
    if lines is None:
        body = f"<p><i>{'not read by the gate' if data is None else f'binary, {len(data)} bytes'}: "\
               "source not shown</i></p>"
    else:
        body = _source(anchor, lines, by_line)
        if not findings:
            body = f"<details><summary>source ({len(lines)} lines, no findings)</summary>{body}</details>"
    return f'<article class="file" id="{anchor}" data-path="{_e(path)}">{head}{body}</article>'


def _changes(changes: Changes | str) -> str:
    if isinstance(changes, str):
        return f'<section class="changes"><p>{_e(changes)}</p></section>'
    parts = [f'<section class="changes"><h3>Changes {_e(changes.since)}</h3>']
    parts += [f"<p>{_e(note)}</p>" for note in changes.notes]
    if not changes.files:
        parts.append("<p>none (same files; the digest differs only in completeness)</p>")
    for fc in changes.files:
        lines = "".join(f'<span class="{"add" if ln.startswith("+") else "del" if ln.startswith("-") else ""}">'
                        f"{_e(ln)}</span>\n" for ln in fc.diff)
        parts.append(f'<div class="change" data-path="{_e(fc.path)}" data-kind="{_e(fc.kind)}">'
                     f"<b>{_e(fc.kind)}</b> {_e(fc.path)}<div class=\"diff\">{lines}</div></div>")
    return "".join(parts) + "</section>"


def _unit(i: int, view: UnitView) -> str:
    r = view.report
    breakdown = "".join(f"<tr><td>{_e(c)}</td><td>{_e(kind)}</td><td>{p}</td></tr>"
                        for kind, points in r.score_kinds.items() for c, p in points.items())
    parts = [f'<section class="unit" id="u{i}" data-decision="{r.decision.value}" data-digest="{_e(r.digest)}">',
             f"<h2>{_e(r.name or view.label)} <small>{_e(view.label)}</small></h2>",
             f'<p><span class="decision decision-{r.decision.value}">{r.decision.value.upper()}</span> '
             f'<span class="score">{_e(score_line(r))}</span>, {len(r.findings)} finding(s) '
             f"in {len(r.files)} file(s)</p>"]
    if breakdown:
        parts.append('<table class="breakdown"><tr><th>category</th><th>kind</th><th>points</th></tr>'
                     f"{breakdown}</table>")
    parts.append('<ul class="reasons">' + "".join(f"<li>{_e(x)}</li>" for x in r.reasons) + "</ul>")
    if view.changes is not None:
        parts.append(_changes(view.changes))
    by_path: dict[str, list[Finding]] = defaultdict(list)
    for f in r.findings:
        by_path[f.path].append(f)
    if by_path.get(""):
        parts.append('<div class="unit-findings">' + "".join(_note(f) for f in by_path.pop("")) + "</div>")
    kinds = {f.path: f.kind for f in r.files}
    paths = sorted(set(kinds) | set(by_path), key=lambda p: (not by_path.get(p), p))
    read = _read_cells(view.read)
    parts += [_file(f"u{i}-f{j}", p, kinds.get(p, "notebook cell" if _CELL.match(p) else "?"), read(p),
                    by_path.get(p, [])) for j, p in enumerate(paths)]
    hashes = "".join(f"<tr><td>{_e(f.path)}</td><td>{_e(f.kind)}</td><td>{_e(f.sha256 or UNHASHED)}</td></tr>"
                     for f in r.files)
    parts.append(f'<table class="hashes"><tr><th>file</th><th>kind</th><th>sha256</th></tr>{hashes}'
                 f'<tr><th colspan="2">content digest</th><th>{_e(r.digest)}</th></tr></table></section>')
    return "".join(parts)


def page(views: list[UnitView], deleted: tuple[str, ...] = ()) -> str:
    title = "jobgate report" + (f": {views[0].report.name or views[0].label}" if len(views) == 1 else "")
    body = [f"<h1>{_e(title)}</h1>"]
    body += [_unit(i, v) for i, v in enumerate(views)]
    if deleted:
        body.append("<p>Deleted (not scanned): " + ", ".join(_e(d) for d in deleted) + "</p>")
    body.append(f"<footer><p><small>jobgate {_e(VERSION)}</small></p></footer>")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            f"<title>{_e(title)}</title><style>{_STYLE}</style></head><body>{''.join(body)}</body></html>\n")


def render(run: Run, color: bool = False) -> str:
    return page([UnitView(u.report, run.target(u), u.sources.get) for u in run.units], run.deleted)
