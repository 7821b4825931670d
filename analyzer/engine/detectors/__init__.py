"""Detectors: rules whose logic is code rather than a list of names.

A rule in a YAML pack says `match: {detector: NAME}`; the detector registered
under NAME yields Hits, and the engine turns each hit into a Finding with the
rule's id, category, severity, message, why and fix. So every rule, code-backed
or not, is documented and tested from its pack's inline examples.

Two kinds:
- python detectors run once per parsed Python file: `fn(ctx: PythonContext)`;
- file detectors run once per unit: `fn(ctx: FileContext)` and see every file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterable

if TYPE_CHECKING:  # pragma: no cover
    import ast

    import libcst as cst

    from ..collect import Content
    from ...model import Finding
    from ...policy import Policy
    from ..resolve import Resolver
    from .paths import OptionReads


@dataclass(frozen=True)
class Hit:
    """What a detector found, before the engine gives it its rule's text."""

    rule: str  # the rule id in a pack whose match is {detector: ...}
    path: str
    line: int = 0
    column: int = 0
    snippet: str = ""
    # Fills {placeholders} in the rule's message, e.g. {"name": "subprocess.Popen"}.
    details: dict = field(default_factory=dict)
    # A libcst node whose position the engine computes (lazily) when line is 0.
    node: object = None


@dataclass
class PythonContext:
    """What a python detector is handed: one parsed file."""

    path: str
    source: str
    module: "cst.Module"
    resolver: "Resolver"
    policy: "Policy"
    # CPython's tree of the same source when it parses: positions.locate starts from its statement lines
    tree: "ast.Module | None" = None


@dataclass
class FileContext:
    """What a file detector is handed: the whole unit."""

    content: "Content"
    policy: "Policy"
    # Analyses Python source embedded in another file (a notebook cell, a
    # script in a config): (path, source bytes) -> Findings, which a file
    # detector may yield as they are, beside its Hits. A third argument, a set of
    # rule ids, runs only the detectors that make one of them (engine/analysis.py).
    python_findings: "Callable[..., list[Finding]]"
    # What python_findings' analysis of (path, source bytes, rule ids) read of a parsed command line
    # (detectors/paths.py OptionReads), None when unknown: a config's replay of a script reads it.
    option_reads: "Callable[..., OptionReads | None]"


PythonDetector = Callable[[PythonContext], Iterable[Hit]]
FileDetector = Callable[[FileContext], Iterable[Hit]]

PYTHON_DETECTORS: dict[str, PythonDetector] = {}
FILE_DETECTORS: dict[str, FileDetector] = {}


def python_detector(name: str) -> Callable[[PythonDetector], PythonDetector]:
    def register(fn: PythonDetector) -> PythonDetector:
        PYTHON_DETECTORS[name] = fn
        return fn
    return register


def file_detector(name: str) -> Callable[[FileDetector], FileDetector]:
    def register(fn: FileDetector) -> FileDetector:
        FILE_DETECTORS[name] = fn
        return fn
    return register


def _register_builtin() -> None:
    """Import every module of this package: each registers its detectors."""
    import importlib
    import pkgutil

    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")


_register_builtin()
