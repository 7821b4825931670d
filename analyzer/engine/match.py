"""Match: one parsed module + resolver + rule set -> findings.

Rules never walk the tree themselves: the resolver's single pass has already
listed every call, import and reference; this module looks each up in the
rule set's indexes, checks argument conditions, runs the Python detectors the
rules ask for, and turns every hit into a Finding with one position pass.
"""

from __future__ import annotations

import itertools
import sys
from dataclasses import dataclass
from typing import Iterable, Iterator

import libcst as cst

from . import isolate
from .conditions import holds
from .detectors import PYTHON_DETECTORS, Hit, PythonContext
from ..model import Finding
from .parse import Parsed
from ..policy import Policy
from .positions import locate
from .program import Program
from .resolve import Resolver, module_name
from .rules import Rule, RuleSet
from .unjudged import piece_failed


@dataclass
class _Pending:
    """A rule's match on a node, before it becomes a finding."""

    rule: Rule
    node: cst.CSTNode | None
    name: str = ""
    line: int = 0
    column: int = 0
    snippet: str = ""
    details: dict | None = None


def aliases(name: str) -> Iterator[str]:
    """The name, and what it is when it passes through another module's
    attribute: `torch.os.system` is `os.system`, `numpy.ctypeslib.ctypes.CDLL`
    is `ctypes.CDLL`. A threat reached by another road is the same threat."""
    yield name
    parts = name.split(".")
    for i in range(1, len(parts) - 1):
        if parts[i] in _MODULE_TOPS:
            yield ".".join(parts[i:])


# Top-level modules that a library may carry as an attribute.
_MODULE_TOPS = frozenset(sys.stdlib_module_names) | {"requests", "urllib3", "httpx", "aiohttp", "paramiko", "boto3",
                                                     "botocore", "dill", "joblib", "cloudpickle", "torch", "numpy"}


def _call_hits(resolver: Resolver, rules: RuleSet, use) -> Iterator[_Pending]:
    """The rules the call matches. A rule whose condition raises is left out and its error raised once the
    call's other rules are given: one failing condition took every rule of the call with it (`os.system`'s
    shell and fetch-and-run rejects: a reject turned into an escalation, session 48)."""
    call = use.node
    error = None
    for name in sorted(resolver.names(call.func, use.scope) | resolver.method_called(call, use.scope)):
        for alias in aliases(name):
            for rule in rules.calls.lookup(alias):
                try:
                    held = all(holds(resolver, call, use.scope, c) for c in rule.match.where)
                except Exception as err:  # noqa: BLE001 - raised below, after the other rules
                    error = error or err
                    continue
                if held:
                    yield _Pending(rule, call, alias)
    if error is not None:
        raise error


def _imported_modules(node: cst.Import | cst.ImportFrom) -> list[str]:
    if isinstance(node, cst.Import):
        return [module_name(a.name) for a in node.names]
    if node.relative:
        return []  # the job's own modules
    base = module_name(node.module)
    names = [] if isinstance(node.names, cst.ImportStar) else [f"{base}.{module_name(a.name)}" for a in node.names]
    return [base, *names]


def _import_hits(resolver: Resolver, rules: RuleSet, use) -> Iterator[_Pending]:
    seen: set[str] = set()
    for name in _imported_modules(use.node):
        for rule in rules.imports.lookup(name):
            if rule.id not in seen:
                seen.add(rule.id)
                yield _Pending(rule, use.node, name)


def _reference_hits(resolver: Resolver, rules: RuleSet, use) -> Iterator[_Pending]:
    for name in sorted(resolver.names(use.node, use.scope)):
        for rule in rules.references.lookup(name):
            yield _Pending(rule, use.node, name)


def _value_hits(resolver: Resolver, rules: RuleSet, use) -> Iterator[_Pending]:
    """A dangerous function handed on as a value (`map(os.system, cmds)`,
    `operator.methodcaller` on a module, a callback) is the call it will make;
    a rule whose conditions need the arguments cannot tell, and the
    catalogue escalates it instead. So is one reached by getattr and not called there."""
    for name in sorted(resolver.names(use.node, use.scope)):
        for alias in aliases(name):
            for rule in rules.calls.lookup(alias):
                if not rule.match.where:
                    yield _Pending(rule, use.node, alias)


def _rule_hits(resolver: Resolver, rules: RuleSet, path: str, failed: list[Finding]) -> Iterator[list[_Pending]]:
    """The rule matches of every import, call and reference, a list per kind (a limited worker sends each on as it
    is made: 50,000 `url += 'x'` lines made the values' matches slow, and a limit there took the payload's
    `eval` call with them, session 54). One use whose matching raises adds the error to `failed`, once per kind,
    and every other use's matches stand (a reject elsewhere in the file stays one)."""
    kinds = (("import", resolver.imports, _import_hits), ("call", resolver.calls, _call_hits),
             ("reference", resolver.references, _reference_hits),
             ("value", (*resolver.loads, *resolver.lookups), _value_hits))
    for kind, uses, hits_of in kinds:
        hits: list[_Pending] = []
        error = None
        for use in uses:
            try:
                for hit in hits_of(resolver, rules, use):  # the hits given before an error stand
                    hits.append(hit)
            except Exception as err:  # noqa: BLE001 - fail closed, keep the cause in the report
                error = error or err
        if error is not None:
            failed.append(piece_failed(f"the {kind} rules", path, error))
        yield hits


def _detected(ctx: PythonContext, rules: RuleSet, failed: list[Finding]) -> Iterable[list[_Pending]]:
    """Each detector's hits, a list per detector; a detector that raises keeps the
    hits it gave and adds its error to `failed` (every other detector's findings stand)."""
    for detector, detector_rules in rules.python_detectors.items():
        by_id = {r.id: r for r in detector_rules}
        try:
            hits = []
            for hit in PYTHON_DETECTORS[detector](ctx):
                hits.append(from_hit(hit, by_id, detector))
        except Exception as err:  # noqa: BLE001
            failed.append(piece_failed(f"detector {detector}", ctx.path, err))
        yield hits


def from_hit(hit: Hit, by_id: dict[str, Rule], detector: str) -> _Pending:
    rule = by_id.get(hit.rule)
    if rule is None:
        # A detector reporting for a rule no pack declares is a bug in the gate.
        raise RuntimeError(f"detector {detector!r} reported unknown rule {hit.rule!r}")
    return _Pending(rule, hit.node, hit.details.get("name", ""), hit.line, hit.column, hit.snippet, hit.details)


def source_line(source_lines: list[str], line: int) -> str:
    if 1 <= line <= len(source_lines):
        text = source_lines[line - 1].strip()
        return text if len(text) <= 240 else text[:237] + "..."
    return ""


def finding(rule: Rule, path: str, line: int, column: int, snippet: str, details: dict | None = None,
            engine: str = "jobgate") -> Finding:
    fields = {"name": "", **(details or {})}
    try:
        message = rule.message.format(**fields)
    except (KeyError, IndexError, ValueError):
        message = rule.message
    return Finding(
        rule=rule.id, category=rule.category, severity=rule.severity, confidence=rule.confidence,
        path=path, line=line, column=column, message=message, snippet=snippet, engine=engine,
        fix=rule.fix, why=rule.why, never_accept=rule.never_accept,
        kind="threat" if rule.is_threat else "capability",
    )


def match_python(parsed: Parsed, rules: RuleSet, policy: Policy, program: Program | None = None) -> list[Finding]:
    assert parsed.module is not None
    # The program's resolver of this module when names have led into it (the same tree): built once.
    known = program.built(parsed.path, parsed.module) if program is not None else None
    resolver = known or Resolver(parsed.module, rules.reference_tails, program,
                                 program.name_of(parsed.path) if program else "", parsed.path, rules.modules)
    if program is not None and known is None:
        program.adopt(parsed.path, resolver)
    ctx = PythonContext(parsed.path, parsed.source, parsed.module, resolver, policy, parsed.tree)
    failed: list[Finding] = []
    findings: dict[tuple, Finding] = {}
    # In a limited worker: each kind's rule matches, then each detector's findings, reach
    # the parent as they are made, so a limit a later kind or detector runs into cannot take them back.
    batches = itertools.chain(_rule_hits(resolver, rules, parsed.path, failed), _detected(ctx, rules, failed))
    if isolate.streaming():
        sent = 0  # failures sent on already
        for hits in batches:
            sent = _stream_placed(parsed, hits, findings, failed, sent)
        pending = []
    else:
        pending = [hit for hits in batches for hit in hits]
    if program is not None:  # this analysis holds `parsed` itself until it returns
        program.analysed(parsed.path)
    _place(parsed, pending, findings, failed)
    return list(findings.values()) + failed


def _stream_placed(parsed: Parsed, pending: list[_Pending], findings: dict[tuple, Finding],
                   failed: list[Finding], sent: int) -> int:
    """Sends on the findings of `pending` and the failures past the first `sent` (a rule kind's, a detector's),
    so that a limit a later detector runs into keeps both; returns how many failures are sent now."""
    before = len(findings)
    _place(parsed, pending, findings, failed)
    isolate.partial(list(findings.values())[before:] + failed[sent:])
    return len(failed)


def _place(parsed: Parsed, pending: list[_Pending], findings: dict[tuple, Finding], failed: list[Finding]) -> None:
    """Findings of `pending` into `findings`, one per rule and place. Positions that cannot be worked out
    leave the findings at line 0, never drop them."""
    if not pending:
        return
    try:
        where = locate(parsed.module, [p.node for p in pending if p.node is not None and not p.line], parsed.tree)
    except Exception as err:  # noqa: BLE001
        where = {}
        failed.append(piece_failed("placing findings on their lines", parsed.path, err))
    lines = parsed.source.splitlines()
    for p in pending:
        line, column = (p.line, p.column) if p.line or p.node is None else where.get(id(p.node), (0, 0))
        snippet = p.snippet or source_line(lines, line)
        f = finding(p.rule, parsed.path, line, column, snippet, {"name": p.name, **(p.details or {})})
        findings.setdefault((f.rule, f.line, f.column), f)
