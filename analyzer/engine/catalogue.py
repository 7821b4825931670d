"""Catalogue: the APIs a training job may use without a human looking.

The positive half of the model (docs/catalogue.md): every use the resolver
reaches is a threat (a rule pack matches), catalogued (fine), or neither
(an `unvouched.*` finding: escalate). Files are `rules/catalogue/*.yaml` plus
the folders a site's policy names under `catalogues:`; they validate like the
rule packs, and their examples become tests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import compiled
from .. import schema
from ..model import GateError
from ..policy import Policy, read_yaml_mapping
from ..schema import ConfigDict, Field, Model, field_validator
from .rules import Condition, Index, describe_errors


class _Strict(Model):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


def _names(v: object) -> tuple[str, ...]:
    return (v,) if isinstance(v, str) else tuple(v)  # type: ignore[arg-type]


class _Entry(_Strict):
    # Conditions on the call (`eval` with no argument is a model's, with one
    # it is pandas' expression evaluator); a use without a call never satisfies them.
    where: tuple[Condition, ...] = ()
    # Vouched only where the policy's `runtime_guard` enforces what the entry
    # leaves to run time (its `why` says what).
    guarded: bool = False
    # The library opens its files in native code (C++, Rust), where the process guard's
    # audit hook does not see them: a path it writes must be proven as the gate reads
    # it, never left to the guard (torch.save to a str path, safetensors, xgboost).
    native_io: bool = False
    why: str = Field(min_length=1)


class Api(_Entry):
    api: tuple[str, ...] = Field(min_length=1)

    _one_or_many = field_validator("api", mode="before")(lambda cls, v: _names(v))


class Member(_Entry):
    name: tuple[str, ...] = Field(min_length=1)

    _one_or_many = field_validator("name", mode="before")(lambda cls, v: _names(v))

    @field_validator("name")
    @classmethod
    def _plain(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        bad = [n for n in v if not n.isidentifier()]
        if bad:
            raise ValueError(f"member names are plain identifiers, not patterns: {bad}")
        return v


class CatalogueExamples(_Strict):
    vouched: tuple[str, ...] = Field(min_length=1)
    unvouched: tuple[str, ...] = Field(min_length=1)
    # Vouched only where the policy's `runtime_guard` holds (a destination computed
    # at run time, torch.load without weights_only); unvouched without it.
    guarded: tuple[str, ...] = ()


class CatalogueFile(_Strict):
    catalogue: str
    description: str = ""
    modules: tuple[str, ...] = ()
    apis: tuple[Api, ...] = ()
    members: tuple[Member, ...] = ()
    examples: CatalogueExamples


@dataclass
class Catalogue:
    """The loaded catalogue files: their examples and the index of the modules they name."""

    files: list[str]  # where each file came from
    digest: str
    examples: dict[str, CatalogueExamples]  # catalogue name -> its examples
    modules: Index = field(default_factory=Index)
    apis: Index = field(default_factory=lambda: Index(classes_closed=True))
    members: dict[str, list[Member]] = field(default_factory=dict)
    _typed: dict[str, list[list[Api]]] = field(default_factory=dict)
    _called_members: dict[str, list[str]] | None = None  # member -> the API patterns ending in `().member`

    def module(self, name: str) -> bool:
        return bool(self.modules.lookup(name))

    def entries(self, name: str) -> list[Api]:
        return self.apis.lookup(name)

    def typed_members(self, member: str) -> list[list[Api]]:
        """The conditioned entries of `member` on each class that names it (`lightning.Trainer().test`
        without a URL in ckpt_path), one list per pattern: a value the gate cannot type may be any of
        those classes, so a call of `member` on it must meet one entry of every list."""
        found = self._typed.get(member)
        if found is None:
            patterns = self._patterns_calling().get(member, [])
            groups = [self.apis.lookup(p) if p in self.apis.exact else
                      [e for _, q, e in self.apis.globs if q == p] for p in dict.fromkeys(patterns)]
            found = self._typed[member] = [g for g in groups if all(e.where for e in g)]
        return found

    def _patterns_calling(self) -> dict[str, list[str]]:
        """Every API pattern under each `member` it ends with after a call (`X().member`), exact patterns
        first, each list in the catalogue's order: made once, not a pass over the thousands of patterns for
        each member a job calls on a value the gate cannot type."""
        if self._called_members is None:
            index: dict[str, list[str]] = {}
            for pattern in [*self.apis.exact, *(p for _, p, _ in self.apis.globs)]:
                at = pattern.find("().")
                while at != -1:
                    index.setdefault(pattern[at + 3:], []).append(pattern)
                    at = pattern.find("().", at + 3)
            self._called_members = index
        return self._called_members

    def reads_env(self, name: str) -> bool:
        """Whether `os.environ.get(name)` is vouched by an entry whose every condition is a pattern of that
        first argument (stdlib.yaml: topology, device and data-folder variables): OmegaConf's `${oc.env:NAME}`
        is that read."""
        return any(e.where and all(c.arg == 0 and c.regex is not None and re.search(c.regex, name) for c in e.where)
                   for e in self.apis.exact.get("os.environ.get", []))


def read_catalogue_file(text: bytes, where: str) -> dict:
    return read_yaml_mapping(text, where, "a catalogue (`catalogue`, `apis`, `members`)")


def validate_catalogue_file(doc: dict, where: str) -> CatalogueFile:
    try:
        return CatalogueFile.model_validate(doc)
    except schema.ValidationError as err:
        raise GateError("\n".join([f"{where}: invalid catalogue", *describe_errors(err, doc, "apis", "api")])) from None


def load_catalogue_file(text: bytes, where: str) -> CatalogueFile:
    return validate_catalogue_file(read_catalogue_file(text, where), where)


_CACHE: dict[tuple, Catalogue] = {}


def load_catalogue(policy: Policy) -> Catalogue:
    sources = compiled.catalogue_files(policy.catalogues)
    packs = compiled.rule_packs(policy.rule_packs).digest  # the threats no entry may vouch (_refuse_threats)
    cached = _CACHE.get((sources.key, packs))
    if cached is not None:
        return cached
    def load(docs: list) -> Catalogue:
        catalogue = Catalogue([w for w, _ in sources.files], sources.digest, {})
        threats = _threat_targets(policy)
        for (where, _), doc in zip(sources.files, docs):
            f = validate_catalogue_file(doc, where)
            if f.catalogue in catalogue.examples:
                raise GateError(f"{where}: catalogue {f.catalogue!r} already defined by another file")
            _refuse_threats(f, threats, where)
            catalogue.examples[f.catalogue] = f.examples
            for pattern in f.modules:
                catalogue.modules.add(pattern, pattern)
            for entry in f.apis:
                for pattern in entry.api:
                    catalogue.apis.add(pattern, entry)
            for member in f.members:
                for name in member.name:
                    catalogue.members.setdefault(name, []).append(member)
        return catalogue

    catalogue = _CACHE[sources.key, packs] = compiled.built(sources, policy.config_cache, read_catalogue_file, load,
                                                             Catalogue, context=packs)
    return catalogue


def _threat_targets(policy: Policy) -> dict[str, str]:
    """{name: threat rule id} of every name a threat rule reports whatever the call's arguments."""
    from .rules import load_rules  # here: only a catalogue being built (not read from its compiled entry) asks

    return {name: rule.id for rule in load_rules(policy).rules.values() if rule.is_threat and not rule.match.where
            for name in rule.match.calls if not any(ch in name for ch in "*?[(")}


def _refuse_threats(f: CatalogueFile, threats: dict[str, str], where: str) -> None:
    """A catalogue vouches what needs no person; a threat rule's target is hostile whatever the job does with it.
    Vouching one silences nothing where the rule matches the name, but vouches it where the gate cannot see the
    name: with `builtins.*` (or `*`) vouched, `getattr(builtins, "ev" + sys.argv[1])(code)` was accepted, since
    a computed attribute of a module is vouched when all of the module is (session 43). So an entry without
    conditions may not cover such a name, in a site's catalogue or jobgate's."""
    index = Index(classes_closed=True)
    for entry in f.apis:
        if not entry.where:
            for pattern in entry.api:
                index.add(pattern, pattern)
    for name, rule in threats.items():
        patterns = index.lookup(name)
        if patterns:
            raise GateError(f"{where}: catalogue entry {patterns[0]!r} vouches {name}, which threat rule {rule} "
                            "reports: a catalogue may vouch only what needs no person; narrow the pattern")

