"""The flow analysis' vocabulary: the name lists it works with, as data (rules/flow/*.yaml).

Every list is an entry with a kind, a description and examples of what it must and must not
match; the examples become tests (tests/test_flow_vocabulary.py), so a site that reads or extends
a list sees what each entry means. Kinds:

- `names`: fnmatch patterns over resolved qualified names (`pandas.read_*`); a `*` never spans a
  call, so `pandas.read_*` is not `pandas.read_csv().head`. Tested as a full match.
- `words`: exact strings (method names, attribute names).
- `prefixes`: the start of a qualified name (`numpy.`).
- `regex`: a regular expression with its anchoring (`search`, `match` or `fullmatch`).

The files are read once, from the `rules/flow` folder installed beside this package (never from
the importable `rules` package, which a job could shadow), and validated with pydantic: an entry
that does not validate stops the gate with the file, the entry and what is wrong.
"""

from __future__ import annotations

import fnmatch
import functools
import re
from pathlib import Path
from typing import Callable, Literal

from .. import compiled
from ... import schema
from ...model import GateError
from ...policy import read_yaml_mapping
from ...schema import ConfigDict, Field, Model, PrivateAttr, model_validator

FOLDER = Path(__file__).resolve().parents[3] / "rules" / "flow"


class _Strict(Model):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Examples(_Strict):
    match: tuple[str, ...] = Field(min_length=1)
    no_match: tuple[str, ...] = ()


class Entry(_Strict):
    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    kind: Literal["names", "words", "prefixes", "regex"]
    anchor: Literal["search", "match", "fullmatch"] | None = None  # regex only
    description: str = Field(min_length=1)
    values: tuple[str, ...] = Field(min_length=1)
    examples: Examples
    # A names entry's wildcards as one regular expression, made when it validates and pickled with it
    # (compiled.data_documents): translating the vocabulary's 230 globs took 2 ms of every start.
    _wildcards: str | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _consistent(self) -> "Entry":
        if (self.kind == "regex") != (self.anchor is not None):
            raise ValueError("`anchor` is required for a regex entry and only for one")
        if self.kind == "names":
            self._wildcards = wildcards(self.values)
        if self.kind == "regex":
            for v in self.values:
                try:
                    re.compile(v)
                except re.error as err:
                    raise ValueError(f"bad regex {v!r}: {err}") from None
        return self

    def tester(self) -> Callable[[str], object]:
        """The entry as a predicate over one string (what the engine and the examples use)."""
        if self.kind == "names":
            return glob(self.values, self._wildcards)
        if self.kind == "words":
            return frozenset(self.values).__contains__
        if self.kind == "prefixes":
            prefixes = self.values
            return lambda s: s.startswith(prefixes)
        pattern = functools.cache(lambda: re.compile("|".join(_scoped(v) for v in self.values)))
        return lambda s: getattr(pattern(), self.anchor)(s)


def _scoped(value: str) -> str:
    """One alternative of a joined pattern; a leading `(?i)` applies to it alone."""
    if value.startswith("(?i)"):
        return f"(?i:{value[4:]})"
    return f"(?:{value})"


class VocabularyFile(_Strict):
    vocabulary: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    description: str = Field(min_length=1)
    entries: tuple[Entry, ...] = Field(min_length=1)


def glob(patterns, wildcard_pattern: str | None = None) -> Callable[[str], bool]:
    """fnmatch patterns whose `*` never spans a call: `pandas.read_*` is not `pandas.read_csv().head`.
    Plain names are looked up in a set, and the wildcards' pattern (`wildcards(patterns)`, unless
    given) is compiled when first needed: compiling every vocabulary's patterns took a third of the
    start of a scan."""
    plain = frozenset(p for p in patterns if not _WILDCARD.search(p))
    source = wildcard_pattern or wildcards(patterns)
    if source is None:
        return plain.__contains__
    pattern = functools.cache(lambda: re.compile(source))
    return lambda s: s in plain or pattern().match(s) is not None


def wildcards(patterns) -> str | None:
    """The patterns with a wildcard as one regular expression (None: there is none)."""
    wild = [p for p in patterns if _WILDCARD.search(p)]
    return "|".join(f"(?:{fnmatch.translate(p).replace('.*', '[^()]*')})" for p in wild) if wild else None


_WILDCARD = re.compile(r"[*?\[]")


class Vocabulary:
    """Every entry of every file, by name."""

    def __init__(self, files: list[VocabularyFile]):
        self.files = files
        self.entries: dict[str, Entry] = {}
        for f in files:
            for e in f.entries:
                if e.name in self.entries:
                    raise GateError(f"rules/flow/{f.vocabulary}.yaml: entry {e.name!r} is already defined")
                self.entries[e.name] = e
        self._testers: dict[str, Callable[[str], object]] = {}

    def _entry(self, name: str, kind: str) -> Entry:
        entry = self.entries.get(name)
        if entry is None or entry.kind != kind:
            raise GateError(f"rules/flow: the flow analysis needs a {kind} entry named {name!r}")
        return entry

    def tester(self, name: str) -> Callable[[str], object]:
        """The entry's predicate, one per process: its pattern, translated and compiled at its first
        use, is kept (analysis.compile_configuration compiles each in the parent of the limited child)."""
        tester = self._testers.get(name)
        if tester is None:
            tester = self._testers[name] = self.entries[name].tester()
        return tester

    def names(self, name: str) -> Callable[[str], object]:
        self._entry(name, "names")
        return self.tester(name)

    def words(self, name: str) -> frozenset[str]:
        return frozenset(self._entry(name, "words").values)

    def prefixes(self, name: str) -> tuple[str, ...]:
        return self._entry(name, "prefixes").values

    def regex(self, name: str) -> Callable[[str], re.Match | None]:
        self._entry(name, "regex")
        return self.tester(name)


def _read(text: bytes, where: str) -> dict:
    return read_yaml_mapping(text, where, "a flow vocabulary (`vocabulary`, `entries`)")


def load_file(text: bytes, where: str) -> VocabularyFile:
    return _validate(_read(text, where), where)


def _validate(doc: dict, where: str) -> VocabularyFile:
    try:
        return VocabularyFile.model_validate(doc)
    except schema.ValidationError as err:
        lines = [f"{where}: invalid flow vocabulary"]
        for e in err.errors():
            loc = list(e["loc"])
            entries = doc.get("entries") if isinstance(doc.get("entries"), list) else []
            if len(loc) >= 2 and loc[0] == "entries" and isinstance(loc[1], int) and loc[1] < len(entries) \
                    and isinstance(entries[loc[1]], dict):
                loc = [f"entry {entries[loc[1]].get('name', loc[1])}", *loc[2:]]
            lines.append(f"  {'.'.join(str(p) for p in loc)}: {e['msg']}")
        raise GateError("\n".join(lines)) from None


@functools.cache
def load(folder: Path = FOLDER) -> Vocabulary:
    """Every file of the folder, validated; loaded once per process (its YAML parsed only when the
    compiled configuration holds no entry for these very files: compiled.py)."""
    sources = compiled.data_files(folder, "rules/flow")
    if not sources.files:
        raise GateError(f"{folder}: no flow vocabulary files (rules/flow/*.yaml) beside jobgate's code")
    return Vocabulary(compiled.data_documents(sources, _read, _validate))
