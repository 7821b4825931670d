"""Lists: the names and patterns that detectors look up, read from data.

What the gate knows about places (network mounts, credential files, URL
schemes, persistence spots ...) lives in `rules/lists/*.yaml`, beside the rule
packs, so that a reader sees it in one file and every entry carries examples
that tests/test_lists.py runs. This module validates those files (pydantic)
once per process and turns each list into a matcher.

A list has a `kind`:
- `prefix`: a path equal to an entry or below it (`/mnt` matches `/mnt/x`, not `/mnt2`);
- `scheme`: a URL whose scheme is an entry (`s3` matches `s3://b/k`), case-insensitive;
- `regex`: `re.search` of an entry's pattern (case-insensitive when the list says so);
- `word`: a lower-case substring of the lower-cased text (cheap pre-checks);
- `command`: a program name as a word of a command line (not inside a path or a longer word);
- `qualified`: a dotted name or anything under it (`os` matches `os` and `os.path.join`, not `osx`);
- `name`: exactly one of the entries;
- `host`: a host name or any name under it, standing whole (`bit.ly` matches `https://bit.ly/x`,
  `bit.ly/x`, `x.bit.ly` and `'bit.ly'`, not `abit.ly/x` or `bit.ly.example.org`), case-insensitive;
  a substring test runs first, so a whole source file is cheap to scan.

The files are read from jobgate's own `rules/lists/` folder, found beside this
module's package, never through the import system: a job's `rules` package on
sys.path cannot stand in for them (analyzer/rules.py guards the packs alike).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path, PurePosixPath
from typing import Literal

from . import compiled, regexes
from .. import schema
from ..model import GateError
from ..policy import read_yaml_mapping
from ..schema import ConfigDict, Field, Model, model_validator

FOLDER = Path(__file__).resolve().parents[2] / "rules" / "lists"



def _host_char(c: str) -> bool:
    """Whether `c` continues a host name (the empty string, past the text's end, does not)."""
    return bool(c) and (c.isalnum() or c in "._-")


class _Strict(Model):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Entry(_Strict):
    value: str = Field(min_length=1)
    note: str = ""
    # Texts this entry must match (at least one: an entry without an example is untested).
    examples: tuple[str, ...] = Field(min_length=1)


class NameList(_Strict):
    description: str = Field(min_length=1)
    kind: Literal["prefix", "scheme", "regex", "word", "command", "host", "qualified", "name"]
    ignore_case: bool = False
    entries: tuple[Entry, ...] = Field(min_length=1)
    # Texts no entry of the list may match.
    no_match: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _patterns_compile(self) -> "NameList":
        for e in self.entries:
            if self.kind == "regex":
                try:
                    re.compile(e.value)
                except re.error as err:
                    raise ValueError(f"entry {e.value!r}: bad regex: {err}") from None
            elif self.kind == "word" and e.value != e.value.lower():
                raise ValueError(f"entry {e.value!r}: words are lower-case")
            elif self.kind == "scheme" and not re.fullmatch(r"[a-z][a-z0-9+.-]*", e.value):
                raise ValueError(f"entry {e.value!r}: not a URL scheme")
            elif self.kind == "host" and not re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", e.value):
                raise ValueError(f"entry {e.value!r}: not a lower-case host name")
        return self


Position = tuple[int | None, str | None]  # (index, keyword) of an argument


class CallEntry(_Strict):
    """One call of a call table: where its path (URL, bytes) argument is, and how it reads or writes."""

    # A `*` stands for any part of a name (`transformers.*.from_pretrained`): tables that allow it say so.
    name: str = Field(pattern=r"^[A-Za-z_][\w.*]*(\(\)[\w.]*)*$")
    path: Position
    src: Position | None = None  # copies: the source
    mode: Position | None = None  # writers: the mode argument
    reads_by_default: bool = False  # writers: without a mode argument the call only reads
    tree: bool = False  # copies: a whole folder
    path_loader: bool = False  # pickle loaders: the argument is usually a path on the site's disk
    # Keyword arguments without which the call does not do what the table says (numpy.load unpickles
    # only with allow_pickle=True); the generated example passes them.
    needs: dict[str, bool | int | str] = {}
    note: str = ""

    @model_validator(mode="after")
    def _positions(self) -> "CallEntry":
        for label, pos in (("path", self.path), ("src", self.src), ("mode", self.mode)):
            if pos is not None and pos == (None, None):
                raise ValueError(f"{self.name}: {label} needs an index or a keyword")
        return self


class CallTable(_Strict):
    description: str = Field(min_length=1)
    expect: str = Field(pattern=r"^[a-z0-9-]+\.[a-z0-9][a-z0-9._-]*$")  # the rule each generated example must give
    value: str = Field(min_length=1)  # Python expression put at each entry's path argument
    prelude: str = ""  # Python lines the generated example starts with
    entries: tuple[CallEntry, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> "CallTable":
        names = [e.name for e in self.entries]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"names listed twice: {', '.join(dupes)}")
        return self


class ListFile(_Strict):
    description: str = ""
    lists: dict[str, NameList] = {}
    tables: dict[str, CallTable] = {}

    @model_validator(mode="after")
    def _something(self) -> "ListFile":
        if not self.lists and not self.tables:
            raise ValueError("a list file has `lists`, `tables` or both")
        return self


# Matcher.match's kept answers: texts up to this length, this many per list (a few MB at most, whatever texts a
# job makes; NVFlare's examples as one unit ask 4,800 distinct texts of the busiest list, mostly paths).
MAX_KEPT_TEXT = 256
MAX_KEPT_ANSWERS = 20_000


class Matcher:
    """One list, compiled: `match(text)` -> the first matching entry's value or None."""

    def __init__(self, name: str, spec: NameList):
        self.name = name
        self.spec = spec
        self.values = tuple(e.value for e in spec.entries)
        self._names = frozenset(self.values)
        # A qualified name's prefixes deeper than the deepest entry are never entries: each prefix of a pickle's
        # GLOBAL of 80,000 dotted parts, joined in turn, took a minute of CPU (session 50).
        self._deepest = max((v.count(".") + 1 for v in self.values), default=0)
        self._answers: dict[str, str | None] = {}  # text -> match(text), for the kinds that search the text

    @functools.cached_property
    def _one(self) -> re.Pattern | None:
        """The entries as one pattern, compiled when first matched: compiling every list's pattern
        took a tenth of the start of a scan, and many lists serve only some jobs."""
        spec, values = self.spec, self.values
        flags = re.IGNORECASE if spec.ignore_case or spec.kind == "scheme" else 0
        if spec.kind == "prefix":
            return re.compile("|".join(f"^(?P<e{i}>{re.escape(v.rstrip('/'))})(?:/|$)"
                                       for i, v in enumerate(values)), flags)
        if spec.kind == "scheme":
            return re.compile("|".join(f"^(?P<e{i}>{re.escape(v)})://" for i, v in enumerate(values)), flags)
        if spec.kind == "command":
            return re.compile(r"(?<![\w./\\-])(?:" + "|".join(f"(?P<e{i}>{re.escape(v)})" for i, v in
                                                               enumerate(values)) + r")(?![\w.-])", flags)
        return None

    @functools.cached_property
    def _each(self) -> tuple[re.Pattern, ...]:
        """A regex list's entries, each compiled alone. One alternation of them all searched a text about four
        times slower than its entries one by one (NVFlare's examples: 3.5 s against 0.9 s for the 4,700 texts
        asked of the 41 credential files): `re` tries every alternative at every position, where an entry
        alone is skipped ahead to its literal prefix or first characters."""
        flags = re.IGNORECASE if self.spec.ignore_case else 0
        return tuple(regexes.compiled(v, flags) for v in self.values)

    def _leftmost(self, text: str) -> str | None:
        """The entry whose match starts first, the earliest entry among those starting there: what one
        alternation of the entries in order finds (at the leftmost position where any of them matches, its
        first alternative that matches there)."""
        best, start = None, len(text) + 1
        for value, pattern in zip(self.values, self._each):
            m = pattern.search(text)
            if m is not None and m.start() < start:
                best, start = value, m.start()
                if start == 0:  # no entry starts earlier, and a later one starting here loses to this one
                    break
        return best

    def match(self, text: str) -> str | None:
        if self.spec.kind == "name":
            return text if text in self._names else None
        if self.spec.kind == "qualified":
            parts = text.split(".")
            return next((p for p in (".".join(parts[:i]) for i in range(1, min(len(parts), self._deepest) + 1))
                         if p in self._names), None)
        # The same paths and words are asked again and again (NVFlare's examples: 36,000 credential-path
        # questions of 4,800 texts, an alternation of 40 regexes each): each answer is kept, as it depends on
        # the text alone. Short texts only, and a bounded number of them (cleared when full).
        if len(text) > MAX_KEPT_TEXT:
            return self._search(text)
        found = self._answers.get(text, self)
        if found is self:
            if len(self._answers) >= MAX_KEPT_ANSWERS:
                self._answers.clear()
            found = self._answers[text] = self._search(text)
        return found

    def _search(self, text: str) -> str | None:
        if self.spec.kind == "host":
            return self._host(text.lower())
        if self.spec.kind == "regex":
            return self._leftmost(text)
        if self._one is None:
            low = text.lower()
            return next((w for w in self.values if w in low), None)
        m = self._one.search(text)
        if m is None:
            return None
        return self.values[int(m.lastgroup[1:])] if m.lastgroup else m.group(0)

    def _host(self, low: str) -> str | None:
        """str.find rather than a regex: an alternation of hosts run over a whole source file is slow."""
        for host in self.values:
            at = low.find(host)
            while at >= 0:
                end = at + len(host)
                if not _host_char(low[end:end + 1]) and (at == 0 or not (low[at - 1].isalnum() or low[at - 1] in "_-")):
                    return host
                at = low.find(host, at + 1)
        return None

    def __contains__(self, text: str) -> bool:
        return self.match(text) is not None

    def names(self) -> frozenset[str]:
        """The entries as a set, for exact look-ups of one word (a program's name)."""
        return self._names

    def alternation(self) -> str:
        """The entries as a regex alternation, for callers that embed the list in a larger pattern."""
        return "|".join(map(re.escape, self.values))


def _read(text: bytes, where: str) -> dict:
    return read_yaml_mapping(text, where, "a list file (`lists`)")


def _validate(doc: dict, where: str) -> ListFile:
    try:
        return ListFile.model_validate(doc)
    except schema.ValidationError as err:
        problems = "\n".join(f"  {'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in err.errors())
        raise GateError(f"{where}: invalid list file\n{problems}") from None


def load_file(path: Path) -> ListFile:
    where = f"rules/lists/{path.name}"
    return _validate(_read(path.read_bytes(), where), where)


@functools.cache
def _files() -> dict[str, ListFile]:
    """Every list file, by name: read together, so that a start reads one compiled entry (compiled.py)."""
    sources = compiled.data_files(FOLDER, "rules/lists")
    return {PurePosixPath(where).stem: f for (where, _), f in
            zip(sources.files, compiled.data_documents(sources, _read, _validate))}


def _file(file: str) -> ListFile:
    found = _files().get(file)
    if found is None:
        raise GateError(f"rules/lists/{file}.yaml: no such list file")
    return found


@functools.cache
def lists(file: str) -> dict[str, Matcher]:
    """The lists of `rules/lists/<file>.yaml`, compiled (read once per process)."""
    return {name: Matcher(name, nl) for name, nl in _file(file).lists.items()}


def table(file: str, name: str) -> CallTable:
    found = _file(file).tables.get(name)
    if found is None:
        raise GateError(f"rules/lists/{file}.yaml: no table named {name!r}")
    return found


def every_matcher() -> list[Matcher]:
    """Every list of every list file."""
    return [m for file in _files() for m in lists(file).values()]


def matcher(file: str, name: str) -> Matcher:
    found = lists(file).get(name)
    if found is None:
        raise GateError(f"rules/lists/{file}.yaml: no list named {name!r}")
    return found
