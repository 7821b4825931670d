"""Policy: the site's own rules for turning findings into a decision.

The built-in default (default_policy.yaml) is overridden key by key by a
site's YAML file. Unknown keys, wrong types and unknown categories are errors
that name the file and the key: a typo in a policy must never quietly relax it.
"""

from __future__ import annotations

import hashlib
import math
import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Iterator

from . import schema
from .engine import compiled
from .model import CATEGORIES, CONFIDENCES, SEVERITIES, GateError
from .schema import ConfigDict, Field, Model, PrivateAttr, field_validator, model_validator

if TYPE_CHECKING:
    from pydantic import ValidationError, ValidationInfo


def _numbers(value: object) -> Iterator[float]:
    if isinstance(value, bool):
        return
    if isinstance(value, (int, float)):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _numbers(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _numbers(v)


class _Strict(Model):
    # Every number of a policy is finite and non-negative: `.nan` compares
    # false with every threshold, and a negative weight subtracts a threat.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, defer_build=True)

    @field_validator("*", mode="before")
    @classmethod
    def _no_truth_values_as_numbers(cls, v: object, info: ValidationInfo) -> object:
        if isinstance(v, bool) and cls.model_fields[info.field_name].annotation in (int, float):
            raise ValueError("must be a number, not true/false")
        return v

    @model_validator(mode="after")
    def _finite_non_negative(self) -> "_Strict":
        for name in type(self).model_fields:
            bad = [n for n in _numbers(getattr(self, name)) if not math.isfinite(n) or n < 0]
            if bad:
                raise ValueError(f"{name}: every number must be finite and not negative, got {bad[0]}")
        return self


class Thresholds(_Strict):
    reject: int = Field(ge=1, le=101)
    escalate: int = Field(ge=1, le=101)

    @model_validator(mode="after")
    def _ordered(self) -> "Thresholds":
        if self.escalate > self.reject:
            raise ValueError("thresholds.escalate must not be above thresholds.reject")
        return self


class Limits(_Strict):
    max_files: int = Field(default=2000, ge=1)
    max_file_bytes: int = Field(default=2_000_000, ge=1)
    max_total_bytes: int = Field(default=100_000_000, ge=1)
    max_line_length: int = Field(default=2000, ge=80)
    # Parsers recurse once per level: libcst's native one crashes the process on
    # a few thousand (parse.py: nesting_depth). Deeper than 200 is only ever
    # parsed in an isolated worker.
    max_nesting_depth: int = Field(default=200, ge=10, le=100_000)
    # Per job at a site (the whole worker), per isolated file in the CLI.
    max_analysis_seconds: int = Field(default=120, ge=1, le=3600)
    max_worker_memory_mb: int = Field(default=3072, ge=256)
    # What a report lists (the rest counted in a reason); score and decision weigh every finding.
    max_listed_findings: int = Field(default=10_000, ge=100)


class Scoring(_Strict):
    severity: dict[str, Annotated[int, Field(strict=True)]]
    confidence: dict[str, Annotated[float, Field(allow_inf_nan=False)]]
    repeat_share: float = Field(ge=0, le=1)

    @field_validator("severity", "confidence")
    @classmethod
    def _every_level(cls, v: dict, info: ValidationInfo) -> dict:
        levels = SEVERITIES if info.field_name == "severity" else CONFIDENCES
        if set(v) != set(levels):
            raise ValueError(f"needs exactly the keys {list(levels)}")
        # A stronger level never weighs less: swapped values are a typo that relaxes the gate.
        weights = [v[level] for level in levels]
        if weights != sorted(weights):
            raise ValueError(f"weights must not decrease from {levels[0]} to {levels[-1]}, got {weights}")
        return v


class Trust(_Strict):
    """Who may put a digest on the allowlist (paths resolved against the policy file)."""

    gate: Path | None = None
    reviewers: tuple[Path, ...] = ()
    required_signatures: int = Field(default=1, ge=1)


def _check_categories(v: tuple[str, ...]) -> tuple[str, ...]:
    unknown = [c for c in v if c not in CATEGORIES]
    if unknown:
        raise ValueError(f"unknown categories {unknown}; known: {list(CATEGORIES)}")
    return v


# The policy schemas this jobgate reads: a policy written for another one (its keys may mean otherwise) is an error.
POLICY_VERSIONS = (1,)


class Policy(_Strict):
    version: Annotated[int, Field(strict=True)] = 1
    thresholds: Thresholds
    always_reject: tuple[str, ...] = ()
    always_escalate: tuple[str, ...] = ()
    trusted_modules: tuple[str, ...] = ()
    rule_packs: tuple[Path, ...] = ()
    catalogues: tuple[Path, ...] = ()
    engines: tuple[str, ...] = ()
    # The site runs every job under jobgate's process guard in enforce mode
    # (handler/guard.py): catalogue entries and path conditions marked as left
    # to it vouch for what it enforces at run time. The handler checks that the
    # guard is configured before it lets such an accept stand (docs/catalogue.md).
    runtime_guard: bool = False
    # Container images a job's meta.json may name for the site's Docker, Kubernetes or Slurm job launcher
    # (launcher_spec[site][mode].image), exactly as written there (analyzer/engine/launchers.py).
    launcher_images: tuple[str, ...] = ()
    limits: Limits = Field(default_factory=Limits)
    scoring: Scoring
    trust: Trust = Field(default_factory=Trust)
    # Where the policy came from and its sha256, for reports and allowlist entries.
    source: str = "built-in"
    digest: str = ""
    # The cache folder whose `config/` area holds the compiled configuration
    # (analyzer/compiled.py); None: read the YAML every time.
    _config_cache: Path | None = PrivateAttr(default=None)

    @property
    def config_cache(self) -> Path | None:
        return self._config_cache

    @field_validator("version")
    @classmethod
    def _known_version(cls, v: int) -> int:
        if v not in POLICY_VERSIONS:
            raise ValueError(f"unknown policy version {v}; this jobgate reads version {', '.join(map(str, POLICY_VERSIONS))}")
        return v

    @field_validator("always_reject", "always_escalate")
    @classmethod
    def _known_categories(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        return _check_categories(v)

    @field_validator("launcher_images")
    @classmethod
    def _image_references(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(_image_reference(ref) for ref in v)

    @field_validator("engines")
    @classmethod
    def _known_engines(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [e for e in v if e not in ("bandit", "semgrep")]
        if unknown:
            raise ValueError(f"unknown engines {unknown}; known: bandit, semgrep")
        return v


# A Docker image reference (github.com/distribution/reference, reference.go): [domain[:port]/]path[:tag][@digest],
# path components lower case. A site lists the exact references its job launchers may run.
_DOMAIN_PART = r"[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?"
_PATH_PART = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
_IMAGE_REFERENCE = re.compile(
    rf"(?P<name>(?:(?:{_DOMAIN_PART}(?:\.{_DOMAIN_PART})*|\[[0-9a-fA-F:]+\])(?::[0-9]+)?/)?{_PATH_PART}(?:/{_PATH_PART})*)"
    r"(?::[\w][\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?", re.ASCII)
_MAX_IMAGE_NAME = 255  # reference.go NameTotalLengthMax


def _image_reference(ref: str) -> str:
    m = _IMAGE_REFERENCE.fullmatch(ref)
    if m is None or len(m.group("name")) > _MAX_IMAGE_NAME:
        raise ValueError(f"{ref!r} is not a Docker image reference ([registry/]name[:tag][@sha256:digest], "
                         "name in lower case)")
    return ref


def _merge(base: dict, override: dict) -> dict:
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict) and key != "trust":
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def read_yaml_mapping(text: bytes, where: str, what: str) -> dict:
    """A YAML document that must be a mapping (an empty file is an empty one)."""
    doc = read_yaml(text, where)
    if doc is None:
        return {}
    if not isinstance(doc, dict):
        raise GateError(f"{where}: {what} must be a mapping of keys, got {type(doc).__name__}")
    return doc


def read_yaml(text: bytes, where: str) -> object:
    """One YAML document (None when empty), no mapping in it with a key given twice."""
    import yaml  # here: a start whose configuration is compiled (analyzer/compiled.py) reads no YAML

    # libyaml's safe loader where it is built in
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        node = loader.get_single_node()
        _no_key_twice(node, where)
        return loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as err:  # `FILE:LINE:COL: problem (context)`: PyYAML's own text names no file
        mark = getattr(err, "problem_mark", None)
        at = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        context = getattr(err, "context", None)
        raise GateError(f"{where}{at}: not valid YAML: {problem}" + (f" ({context})" if context else "")) from None
    finally:
        loader.dispose()


def _no_key_twice(root, where: str) -> None:
    """A key given twice in one mapping is an error: PyYAML keeps the last one silently, and a site's second
    `thresholds:` or `always_reject:` further down a policy would quietly replace the first."""
    import yaml

    todo, seen = [root] if root is not None else [], set()
    while todo:
        node = todo.pop()
        if id(node) in seen or isinstance(node, yaml.ScalarNode):
            continue
        seen.add(id(node))
        pairs = node.value if isinstance(node, yaml.MappingNode) else [(None, v) for v in node.value]
        keys: set[tuple[str, str]] = set()
        for k, v in pairs:
            if isinstance(k, yaml.ScalarNode):
                if (k.tag, k.value) in keys:
                    raise GateError(f"{where}: line {k.start_mark.line + 1}: the key {k.value!r} is given twice "
                                    "in one mapping")
                keys.add((k.tag, k.value))
            todo += [n for n in (k, v) if n is not None]


def _format_errors(where: str, err: ValidationError) -> str:
    lines = [f"{where}: invalid policy"]
    for e in err.errors():
        loc = ".".join(str(p) for p in e["loc"]) or "(top level)"
        lines.append(f"  {loc}: {e['msg']}")
    return "\n".join(lines)


def _resolve_paths(doc: dict, base: Path) -> dict:
    """Paths in a site policy are relative to the policy file, not to the cwd."""
    doc = dict(doc)
    for key in ("rule_packs", "catalogues"):
        if isinstance(doc.get(key), list):  # a path that is no text is left to the schema to name
            doc[key] = [str(base / p) if isinstance(p, str) else p for p in doc[key]]
    trust = doc.get("trust")
    if isinstance(trust, dict):
        trust = dict(trust)
        if isinstance(trust.get("gate"), str):
            trust["gate"] = str(base / trust["gate"])
        if isinstance(trust.get("reviewers"), list):
            trust["reviewers"] = [str(base / p) if isinstance(p, str) else p for p in trust["reviewers"]]
        doc["trust"] = trust
    return doc


def _default_text() -> bytes:
    return Path(__file__).with_name("default_policy.yaml").read_bytes()


def load_policy(path: str | Path | None = None, cache: Path | None = None) -> Policy:
    """The built-in policy, overridden by the site's file at `path` if given.
    `cache`: a cache folder for the compiled configuration (analyzer/compiled.py)
    of this policy and of the rule packs and catalogue it names."""
    files = [("built-in policy", _default_text())]
    base = ""
    if path is not None:
        p = Path(path)
        try:
            files.append((str(p), p.read_bytes()))
        except OSError as err:
            raise GateError(f"{path}: cannot read policy: {err.strerror}") from None
        base = str(p.resolve().parent)
    source, raw = files[-1]

    def load(docs: list) -> Policy:
        doc = dict(docs[0])
        if path is not None:
            doc = _merge(doc, _resolve_paths(docs[1], Path(base)))
        doc["source"] = "built-in" if path is None else source
        doc["digest"] = "sha256:" + hashlib.sha256(raw).hexdigest()
        try:
            return Policy.model_validate(doc)
        except schema.ValidationError as err:
            raise GateError(_format_errors(doc["source"], err)) from None

    sources = compiled.Sources("policy", tuple(files))
    policy = compiled.built(sources, cache, lambda text, where: read_yaml_mapping(text, where, "a policy"), load,
                            Policy, context=base)
    policy._config_cache = cache
    compiled.keep_data_in(cache)
    return policy
