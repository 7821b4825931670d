"""Rules: load and validate the rule packs (rules/*.yaml plus a site's folders).

A pack that does not validate stops the gate with the file, the rule id and
what is wrong: a gate that silently drops a broken rule would pass what the
rule was written to stop.
"""

from __future__ import annotations

import builtins
import fnmatch
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from . import compiled
from .. import schema
from ..model import CATEGORIES, CONFIDENCES, SEVERITIES, GateError
from ..policy import Policy, read_yaml_mapping
from ..schema import ConfigDict, Field, Model, field_validator, model_validator

if TYPE_CHECKING:
    from pydantic import ValidationError, ValidationInfo


class _Strict(Model):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Condition(_Strict):
    """One argument condition of a `calls` match (all of a rule's must hold)."""

    arg: int | str | None = None  # position, or keyword name also accepted positionally
    # A keyword, or several: with an `arg` position, a parameter the callee takes either way (`Popen(args=...)`
    # is `Popen(...)`; a list of callees may name it differently: subprocess's `args`, os.popen's `cmd`).
    kwarg: str | tuple[str, ...] | None = None
    receiver: bool = False  # the object a method is called on (`Path(p).mkdir()`: the folder is `Path(p)`)
    # The value the call itself returns, folded as a path (with `path`): the folder a tempfile maker creates,
    # which its dir, prefix and suffix place (`mkdtemp(prefix="/mnt/share/s_")` makes it on the share).
    result: bool = False
    is_: object = Field(default=None, alias="is")
    is_not: object = None
    regex: str | None = None
    # No text the argument may hold, folded as a path is (joins, f-strings; a part known only at run time stays
    # unknown), matches the pattern; holds when the argument is absent (a figure's name ending `.pgf`: matplotlib
    # then typesets it with LaTeX).
    not_regex: str | None = None
    # Where a path argument leads, folded as the file rules fold it (joins,
    # argparse defaults, environment markers): `job` every candidate is a
    # relative or scratch path the site does not reserve; `local` none is a
    # remote URL or network mount; `public-cache` every candidate is known and
    # is a library's cache of a public dataset (rules/lists/paths.yaml); `lock-file` every candidate is a
    # local file named `*.lock` the site does not reserve (its folder may be known only at run time);
    # `folder` no candidate is a network location or a place the site reserves (an empty folder there,
    # `shutdown.fl`, stops the site's processes); `own-files` a folder whose files the library names itself is
    # judged as one such file inside it, by `job` (`./` then holds as a relative file does); `data` an argument
    # that is data in memory or text naming a file (xgboost.DMatrix reads a str as a URI): every text it folds to
    # is judged by `local`, and a value it folds to no text at all (an array, a frame) holds.
    path: Literal["job", "local", "public-cache", "lock-file", "folder", "own-files", "data"] | None = None
    dynamic: bool | None = None
    present: bool | None = None
    # The condition also holds where the argument is not given at all (the library's default then applies): one
    # entry tests an optional argument (`cache_dir` of from_pretrained: a folder when given) where a `path` test
    # alone would need it present, and `present: false` would need a second entry for each value it may take.
    optional: bool = False
    # Catalogue entries: every value the argument may hold is named by this pattern (fnmatch, as
    # `apis`): `vars(args)` of `argparse.ArgumentParser().parse_args()`, not of a module.
    resolves: str | None = None
    # Catalogue entries: the argument is a literal the gate reads and finds inert (conditions.py `LITERALS`):
    # `pandas-expression` an expression string of names, constants and operators; `logging-dict` a
    # dictConfig dict of standard logging classes writing to job paths; `logging-file` a path to a logging
    # file the job ships beside the module, which no write in the job can replace (conditions.py `logging_file`);
    # `tag-dict` a dict display whose keys are constant strings with no path separator (TensorBoard's add_scalars).
    # `reductions` (and `reductions-or-data`, where a value the gate cannot fold holds) a function argument that
    # names no method of the frame by a string (pandas' agg/transform/apply call what a string names).
    # `text-properties` a dict display of matplotlib text properties without usetex (a fontdict).
    literal: Literal["pandas-expression", "logging-dict", "logging-file", "tag-dict", "reductions",
                     "reductions-or-data", "text-properties"] | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)

    @model_validator(mode="after")
    def _one_target(self) -> "Condition":
        either = isinstance(self.arg, int) and self.kwarg is not None  # by position or by keyword
        if [self.arg is not None or self.kwarg is not None, self.receiver, self.result].count(True) != 1 or \
                (self.arg is not None and self.kwarg is not None and not either):
            raise ValueError("a condition names exactly one of `arg`, `kwarg` (or a position `arg` with the `kwarg` "
                             "it may be given by), `receiver` or `result`")
        if isinstance(self.kwarg, tuple) and not (self.kwarg and either):
            raise ValueError("several keywords are for a parameter given by position `arg` or by any of them")
        if self.result and self.path is None:
            raise ValueError("a `result` condition is a `path` test")
        tests = [k for k in ("is_", "is_not", "regex", "not_regex", "path", "dynamic", "present", "resolves", "literal")
                 if k in self.model_fields_set]
        if len(tests) != 1:
            raise ValueError("a condition has exactly one test: is, is_not, regex, not_regex, path, dynamic, present, "
                             "resolves or literal")
        if self.optional and tests == ["present"]:
            raise ValueError("`optional` is for a test of the argument's value, not of its presence")
        for pattern in (self.regex, self.not_regex):
            try:
                re.compile(pattern or "")
            except re.error as err:
                raise ValueError(f"bad regex {pattern!r}: {err}") from None
        return self

    @property
    def keywords(self) -> tuple[str, ...]:
        """The keywords the argument may be given by."""
        named = self.kwarg if self.kwarg is not None else self.arg
        return (named,) if isinstance(named, str) else named if isinstance(named, tuple) else ()


class Match(_Strict):
    calls: tuple[str, ...] = ()
    imports: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    where: tuple[Condition, ...] = ()
    detector: str | None = None

    @model_validator(mode="after")
    def _something(self, info: ValidationInfo) -> "Match":
        if not (self.calls or self.imports or self.references or self.detector):
            raise ValueError("match needs at least one of calls, imports, references or detector")
        if self.where and not self.calls:
            raise ValueError("`where` conditions apply to `calls` only")
        if self.detector is not None and not (info.context or {}).get(_LISTING):
            # Imported here: the detectors use the rules' types (conditions), so
            # they load after this module, whichever of the two is imported first.
            from .detectors import FILE_DETECTORS, PYTHON_DETECTORS

            if self.detector not in PYTHON_DETECTORS and self.detector not in FILE_DETECTORS:
                raise ValueError(f"unknown detector {self.detector!r}")
        for ref in self.references:
            if any(ch in ref.rsplit(".", 1)[-1] for ch in "*?["):
                raise ValueError(f"references pattern {ref!r}: the last part must be literal")
        return self


class Examples(_Strict):
    match: tuple[str, ...] = Field(min_length=1)
    no_match: tuple[str, ...] = ()
    file: str = "example.py"  # the name each example is scanned under
    # other files of the unit, path -> text, each example scanned beside them (a rule about how files relate)
    files: dict[str, str] = {}


class Rule(_Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+\.[a-z0-9][a-z0-9._-]*$")
    category: str
    severity: Literal["info", "low", "medium", "high", "critical"]
    confidence: Literal["low", "medium", "high"]
    message: str = Field(min_length=1)
    why: str = Field(min_length=1)
    fix: str = ""
    never_accept: bool = False
    # A threat is hostile on its own and may reject; a capability needs a
    # person and only ever escalates, however many add up. Unset: critical
    # rules are threats, the rest capabilities.
    kind: Literal["threat", "capability"] | None = None
    match: Match
    examples: Examples

    @property
    def is_threat(self) -> bool:
        return self.kind == "threat" if self.kind is not None else self.severity == "critical"

    @field_validator("category")
    @classmethod
    def _known_category(cls, v: str) -> str:
        if v not in CATEGORIES:
            raise ValueError(f"unknown category {v!r}; known: {', '.join(CATEGORIES)}")
        return v


class Pack(_Strict):
    pack: str
    description: str = ""
    rules: tuple[Rule, ...] = Field(min_length=1)


assert SEVERITIES and CONFIDENCES  # the Literal types above spell these out


# Python's builtin names as the gate starts (the resolver's too: resolve.py).
BUILTINS = frozenset(dir(builtins))


def normalise(pattern: str) -> str:
    """A rule may write `eval` or `int.from_bytes`; the resolver calls them
    `builtins.eval` and `builtins.int.from_bytes`."""
    head = pattern.split(".", 1)[0].split("(", 1)[0]
    return "builtins." + pattern if head in BUILTINS and head != "builtins" else pattern


_WILDCARD = re.compile(r"[*?\[]")
_NAME = re.compile(r"[A-Za-z_]\w*")


def _head(name: str) -> str:
    return name.split(".", 1)[0].split("(", 1)[0]


def _wildcards_as_groups(pattern: str) -> re.Pattern:
    """An fnmatch pattern as a regex in which each wildcard is a group, to see what it matched."""
    parts, i = [], 0
    while i < len(pattern):
        c, end = pattern[i], pattern.find("]", i + 2)
        if c == "*":
            parts.append("(.*)")
        elif c == "?":
            parts.append("(.)")
        elif c == "[" and end > 0:
            body = pattern[i + 1:end]
            parts.append(f"([{'^' + body[1:] if body.startswith('!') else body}])")
            i = end
        else:
            parts.append(re.escape(c))
        i += 1
    return re.compile("".join(parts) + r"\Z", re.S)


_CONSTANT = re.compile(r"\.[A-Z][A-Z0-9_]*\Z")  # `.SUM_OVER_BATCH_SIZE` ending the name


def _into_a_class(name: str, match: re.Match) -> bool:
    """Whether a wildcard matched a dot after a capitalised name part: `typing.[A-Z]*` spanning
    `ForwardRef._evaluate` reaches past the class it vouches into the class's attributes. A class's
    upper-case constant ending the name (`keras.losses.Reduction.SUM_OVER_BATCH_SIZE`) is data."""
    for group in range(1, (match.lastindex or 0) + 1):
        start, end = match.span(group)
        for dot in (j for j in range(start, end) if name[j] == "."):
            if name[name.rfind(".", 0, dot) + 1].isupper() and not _CONSTANT.match(name, dot):
                return True
    return False


@dataclass
class Index:
    """Patterns -> items (rules, catalogue entries): exact names in a dict,
    globs checked by literal prefix, grouped by their first name part.
    With `classes_closed` (the catalogue's), a wildcard stops at a class: `torch.nn.[A-Z]*`
    vouches `torch.nn.Linear`, never `torch.nn.Module.attr` (a pattern spells such attributes)."""

    classes_closed: bool = False
    exact: dict[str, list] = field(default_factory=dict)
    globs: list[tuple[str, str, object]] = field(default_factory=list)  # (prefix, pattern, item)
    _by_head: dict[str, list[tuple[str, str, object]]] = field(default_factory=dict)
    _any_head: list[tuple[str, str, object]] = field(default_factory=list)  # globs in their first part
    _memo: dict[str, list] = field(default_factory=dict)  # the same names recur in every file
    _grouped: dict[str, re.Pattern] = field(default_factory=dict)  # glob -> its wildcards as groups

    def add(self, pattern: str, rule: object) -> None:
        pattern = normalise(pattern)
        self._memo.clear()
        wildcard = _WILDCARD.search(pattern)  # each of the catalogue's thousands of patterns, at every start
        if wildcard is not None:
            prefix = pattern[:wildcard.start()]
            glob = (prefix, pattern, rule)
            self.globs.append(glob)
            literal_head = "." in prefix or "(" in prefix
            (self._by_head.setdefault(_head(prefix), []) if literal_head else self._any_head).append(glob)
        else:
            self.exact.setdefault(pattern, []).append(rule)

    def lookup(self, name: str) -> list:
        found = self._memo.get(name)
        if found is None:
            found = self._memo[name] = self._lookup(name)
        return found

    def _lookup(self, name: str) -> list:
        found = list(self.exact.get(name, ()))
        # A wildcard never reaches past a call: `subprocess.*` is not `subprocess.run().stdout`,
        # while `requests.Session().*` says so explicitly.
        calls_in_name = name.count("()")
        for prefix, pattern, rule in (*self._by_head.get(_head(name), ()), *self._any_head):
            if name.startswith(prefix) and pattern.count("()") == calls_in_name and fnmatch.fnmatchcase(name, pattern):
                if not (self.classes_closed and self._spans_a_class(name, pattern)):
                    found.append(rule)
        return found

    def _spans_a_class(self, name: str, pattern: str) -> bool:
        grouped = self._grouped.get(pattern)
        if grouped is None:
            grouped = self._grouped[pattern] = _wildcards_as_groups(pattern)
        match = grouped.match(name)
        return match is None or _into_a_class(name, match)  # None: a form the translation lacks, never vouched


@dataclass
class RuleSet:
    """The loaded rule packs: rules by id and their indexes."""

    rules: dict[str, Rule]
    packs: list[str]  # where each pack came from
    digest: str
    calls: Index = field(default_factory=Index)
    imports: Index = field(default_factory=Index)
    references: Index = field(default_factory=Index)
    reference_tails: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()  # the last name of each call, import and reference pattern
    modules: frozenset[str] = frozenset()  # top-level modules the patterns name
    python_detectors: dict[str, list[Rule]] = field(default_factory=dict)
    file_detectors: dict[str, list[Rule]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        from .detectors import FILE_DETECTORS, PYTHON_DETECTORS

        tails = set()
        for rule in self.rules.values():
            m = rule.match
            for p in m.calls:
                self.calls.add(p, rule)
            for p in m.imports:
                self.imports.add(p, rule)
            for p in m.references:
                self.references.add(p, rule)
                tails.add(p.rsplit(".", 1)[-1])
            if m.detector in PYTHON_DETECTORS:
                self.python_detectors.setdefault(m.detector, []).append(rule)
            elif m.detector in FILE_DETECTORS:
                self.file_detectors.setdefault(m.detector, []).append(rule)
        self.reference_tails = frozenset(tails)
        heads = {_head(p) for r in self.rules.values() for p in (*r.match.calls, *r.match.imports, *r.match.references)}
        self.modules = frozenset(h for h in heads if h.isidentifier() and h != "builtins")
        patterns = (p for r in self.rules.values() for p in (*r.match.calls, *r.match.imports, *r.match.references))
        self.words = frozenset(w for p in patterns for w in _NAME.findall(_WILDCARD.split(p, 1)[0])[-1:])


def describe_errors(err: ValidationError, doc: dict, list_key: str = "rules", id_key: str = "id") -> list[str]:
    """One line per error, naming the entry (`rule network.x: severity: ...`)."""
    lines = []
    for e in err.errors():
        loc = list(e["loc"])
        where = ".".join(str(p) for p in loc)
        if len(loc) >= 2 and loc[0] == list_key and isinstance(loc[1], int):
            items = doc.get(list_key) or []
            item = items[loc[1]] if loc[1] < len(items) else None
            name = item.get(id_key, f"#{loc[1]}") if isinstance(item, dict) else f"#{loc[1]}"
            where = f"{list_key[:-1]} {name}: " + ".".join(str(p) for p in loc[2:])
        lines.append(f"  {where}: {e['msg']}")
    return lines


def read_pack(text: bytes, where: str) -> dict:
    return read_yaml_mapping(text, where, "a rule pack (`pack`, `rules`)")


# Validation context of a pack read only to list its rules (`listed`): detector names are not looked up.
_LISTING = "listing"


def validate_pack(doc: dict, where: str, listing: bool = False) -> Pack:
    try:
        return Pack.model_validate(doc, context={_LISTING: True} if listing else None)
    except schema.ValidationError as err:
        raise GateError("\n".join([f"{where}: invalid rule pack", *describe_errors(err, doc)])) from None


def load_pack(text: bytes, where: str) -> Pack:
    return validate_pack(read_pack(text, where), where)


_CACHE: dict[tuple, RuleSet] = {}


def load_rules(policy: Policy) -> RuleSet:
    """Every built-in pack plus the packs of the policy's folders, validated
    (their parsed YAML from the policy's compiled cache when it holds them)."""
    sources = compiled.rule_packs(policy.rule_packs)
    cached = _CACHE.get(sources.key)
    if cached is not None:
        return cached
    def load(docs: list) -> RuleSet:
        return RuleSet(_validated(sources, docs), [w for w, _ in sources.files], sources.digest)

    ruleset = _CACHE[sources.key] = compiled.built(sources, policy.config_cache, read_pack, load, RuleSet)
    return ruleset


def _validated(sources: compiled.Sources, docs: list, listing: bool = False) -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for (where, _), doc in zip(sources.files, docs):
        pack = validate_pack(doc, where, listing)
        for rule in pack.rules:
            if rule.id in rules:
                raise GateError(f"{where}: rule {rule.id}: id already defined by another pack")
            if not rule.id.startswith(pack.pack + "."):
                raise GateError(f"{where}: rule {rule.id}: id must start with the pack name {pack.pack!r}")
            rules[rule.id] = rule
    return rules


def listed(policy: Policy) -> dict[str, Rule]:
    """Every rule of the policy's packs by id, for a report that lists them (SARIF) once
    api.check_configuration has passed: the loaded rule set's, else those of the packs' stored entry
    (analyzer/compiled.py, kept only once the very same files validated in full), validated again but
    for the detector names, whose registry imports every detector and libcst: a re-run answered from
    the result cache loads neither (0.2 s of a cached SARIF run's 0.5). Without an entry that
    validates so, the rule set is loaded."""
    sources = compiled.rule_packs(policy.rule_packs)
    if sources.key not in _CACHE:
        docs = compiled.stored(sources, policy.config_cache)
        if docs is not None:
            try:
                return _validated(sources, docs, listing=True)
            except GateError:
                pass
    return load_rules(policy).rules
