"""What one `jobgate scan` saw, as every report format reads it."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Mapping

from ..model import Finding, Report

if TYPE_CHECKING:  # pragma: no cover
    from ..engine.rules import Rule


def printable(text: str) -> str:
    """Show every character a terminal or browser would not print as a visible glyph as an escape: control,
    format (bidirectional overrides, zero widths, Unicode tags), unassigned, private-use and separator
    characters, and a file name's undecodable bytes (`\\xff`): the job's author must not be able to hide
    code from the reviewer, restyle the terminal, or make a report that is not UTF-8."""
    if text.isprintable():
        return text
    return "".join(ch if ch == "\t" or ch.isprintable() else escaped(ch) for ch in text)


def escaped(ch: str) -> str:
    o = ord(ch)
    if 0xDC80 <= o <= 0xDCFF:  # a byte os.fsdecode could not decode (surrogateescape)
        return f"\\x{o - 0xDC00:02x}"
    return f"\\u{o:04x}" if o <= 0xFFFF else f"\\U{o:08x}"


@dataclass(frozen=True)
class Scanned:
    report: Report
    root: Path  # the unit's folder (a single-file unit: the file's folder), absolute
    sources: Mapping[str, bytes] = field(default_factory=dict)  # the bytes analysed, by unit path

    @classmethod
    def at(cls, target: str | Path, report: Report, sources: Mapping[str, bytes]) -> "Scanned":
        path = Path(os.path.realpath(target))
        return cls(report, path if path.is_dir() else path.parent, sources)


@dataclass(frozen=True)
class Run:
    units: list[Scanned]
    # File names in reports are relative to this folder (the repository's top). A function is called when a
    # report first names a file that way (text and JSON never do: their start need not ask git).
    base: Path | Callable[[], Path]
    deleted: tuple[str, ...] = ()  # unit folders, relative to `base`
    link_base: str = ""  # markdown links: this prefix + repository path + #L<line>
    rules: Mapping[str, "Rule"] = field(default_factory=dict)  # the loaded rule set, by id

    @property
    def reports(self) -> list[Report]:
        return [u.report for u in self.units]

    @functools.cached_property
    def _real_base(self) -> str:
        return os.path.realpath(self.base() if callable(self.base) else self.base)

    def path(self, unit: Scanned, path: str) -> str:
        """A unit's file, '/'-separated and relative to `base` (absolute if outside it)."""
        full = unit.root / path if path else unit.root
        rel = os.path.relpath(full, self._real_base)
        return full.as_posix() if rel.startswith("..") else Path(rel).as_posix()


def score_line(report: Report) -> str:
    """`score 55/100: threats 0; capabilities dynamic-code 40, subprocess 15; 3 unvouched use(s)`:
    which part of the score is hostile (only it can reject) and which needs a person."""
    parts = []
    for kind, label in (("threat", "threats"), ("capability", "capabilities")):
        points = report.score_kinds.get(kind, {})
        parts.append(f"{label} " + (", ".join(f"{c} {p}" for c, p in points.items()) if points else "0"))
    unvouched = sum(1 for f in report.findings if f.category == "unvouched")
    if unvouched:
        parts.append(f"{unvouched} unvouched use(s)")
    return f"score {report.score}/100: " + "; ".join(parts)


def column(finding: Finding) -> int:
    """Columns for people are 1-based, as editors count them (findings keep libcst's 0-based offset)."""
    return finding.column + 1


def where(finding: Finding) -> str:
    return f"{finding.line}:{column(finding)}" if finding.line else "-"

