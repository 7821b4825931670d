"""What one `jobgate scan` saw, as every report format reads it."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
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
    """One scanned unit: its report and where its files are."""

    report: Report
    root: Path  # the unit's folder (a single-file unit: the file's folder), absolute
    sources: Mapping[str, bytes] = field(default_factory=dict)  # the bytes analysed, by unit path
    file: str = ""  # a single-file unit: the file's name in `root` (its folder is no unit of its own)

    @classmethod
    def at(cls, target: str | Path, report: Report, sources: Mapping[str, bytes]) -> "Scanned":
        path = Path(os.path.realpath(target))
        return cls(report, path, sources) if path.is_dir() else cls(report, path.parent, sources, path.name)


@dataclass(frozen=True)
class Run:
    """Every unit one command scanned, as the reports show them."""

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
    def real_base(self) -> str:
        return os.path.realpath(self.base() if callable(self.base) else self.base)

    def path(self, unit: Scanned, path: str) -> str:
        """A unit's file, '/'-separated and relative to `base` (absolute if outside it)."""
        full = unit.root / path if path else unit.root
        rel = os.path.relpath(full, self.real_base)
        return full.as_posix() if rel.startswith("..") else Path(rel).as_posix()

    def target(self, unit: Scanned) -> str:
        """The unit as reports name it: its folder, or a single-file unit's file (never that file's folder,
        which would name several single files given together alike)."""
        return self.path(unit, unit.file)


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


# What a report shows for the hash of a file past the bytes a unit's files are read for their hashes: the JSON
# report's `sha256` is "" (its unit is never accepted, approved or allowlisted: engine/collect.py, api.gate).
UNHASHED = "not read nor hashed: past the hashing budget"

CELL = re.compile(r"^(?P<notebook>.+\.ipynb)\[cell (?P<n>\d+)\]$")  # where notebook findings are


@dataclass(frozen=True)
class Place:
    """Where a finding is among the files a repository holds: one of the unit's files and its line (0: the file
    as a whole), and, for a finding in a notebook's cell or in an archive's member, which are no files of their
    own, the finding's own place there (`nb.ipynb[cell 3]:2:5`), which reports name beside it; a finding of the
    whole unit, or of a path that is none of its files, is on its meta file (or its only file)."""

    path: str  # relative to the unit
    line: int
    inner: str = ""


def place(unit: Scanned, finding: Finding) -> Place:
    files = {f.path: f.sha256 for f in unit.report.files}
    if finding.path in files:
        return Place(finding.path, finding.line)
    inner = (f"{finding.path}:{where(finding)}" if finding.line else finding.path) or "."
    cell = CELL.match(finding.path)
    if cell and cell["notebook"] in files:
        data = _analysed(unit, cell["notebook"], files[cell["notebook"]])
        line = cell_line(data, int(cell["n"]), finding.line) if data is not None and finding.line else 0
        return Place(cell["notebook"], line, inner)
    archive = next((p.as_posix() for p in PurePosixPath(finding.path).parents if p.as_posix() in files), None)
    if archive:
        return Place(archive, 0, inner)
    # the unit's own (a limit, an engine, an app its meta file names that is not there): on its meta file or its one file
    from ..engine.collect import META_FILES

    own = [p for p in META_FILES if p in files or (unit.root / p).is_file()] or (list(files) if len(files) == 1 else [])
    return Place(own[0], 0, inner) if own else Place(finding.path, finding.line)


def _analysed(unit: Scanned, path: str, sha256: str) -> bytes | None:
    """The bytes the gate analysed: kept, or read again when the file still holds them."""
    data = unit.sources.get(path)
    if data is None:
        try:
            data = (unit.root / path).read_bytes()
        except OSError:
            return None
    return data if hashlib.sha256(data).hexdigest() == sha256.removeprefix("sha256:") else None


class _At(str):
    """A JSON string value and where its opening quote is in the document."""

    at: int


def _json_with_positions(text: str) -> object:
    """`text` parsed as json.loads parses it (a repeated key: the last), each string value an `_At`."""
    decoder = json.JSONDecoder()

    def string(s: str, end: int, strict: bool = True) -> tuple[_At, int]:
        value, stop = json.decoder.scanstring(s, end, strict)
        located = _At(value)
        located.at = end - 1
        return located, stop

    decoder.parse_string = string
    decoder.scan_once = json.scanner.py_make_scanner(decoder)
    return decoder.decode(text)


@functools.lru_cache(maxsize=4)  # a notebook's findings ask one after another
def _located_cells(data: bytes) -> tuple[str, list[dict]]:
    from ..engine.notebooks import _cells  # the cells as findings number them

    try:
        text = data.decode(json.detect_encoding(data), "surrogatepass")
        return text, _cells(_json_with_positions(text))
    except (ValueError, RecursionError):
        return "", []


def cell_line(data: bytes, cell: int, line: int) -> int:
    """The line of a notebook's file that holds line `line` of its cell at position `cell` (1-based, as
    findings name them): the line of the source string that this line of code starts in; 0 when unsure."""
    text, cells = _located_cells(data)
    if not 0 < cell <= len(cells) or not isinstance(cells[cell - 1], dict):
        return 0
    source = cells[cell - 1].get("source", cells[cell - 1].get("input", ""))
    pieces = source if isinstance(source, list) else [source]
    if not pieces or not all(isinstance(p, _At) for p in pieces):
        return 0
    joined = "".join(pieces)
    start = 0  # where line `line` starts in the cell's source
    for _ in range(line - 1):
        start = joined.find("\n", start) + 1
        if start == 0:
            return 0
    for piece in pieces:
        if start < len(piece) or piece is pieces[-1]:
            return text.count("\n", 0, piece.at) + 1
        start -= len(piece)
    return 0
