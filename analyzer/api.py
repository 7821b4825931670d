"""The one entry that the CLI, the NVFlare handler and the tests call.

    content, report = gate(path, policy, allowlist=..., gate_key=...)   # a site
    report = scan(path, policy)                                         # a data scientist, CI

Both run the same flow: collect -> (allowlist) -> parse + match + detectors
-> score -> decide -> report. Any error inside analysis becomes an
`unanalyzable` finding, so nothing that went wrong can end in an accept.
"""

from __future__ import annotations

import gc
import multiprocessing
import traceback
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .collect import Content, collect
from .decide import decide
from .engines import run_engines
from .detectors import FILE_DETECTORS, FileContext
from .match import from_hit, finding, match_python, source_line
from .model import Decision, Finding, Report
from .parse import parse
from .policy import Policy, load_policy
from .program import Program
from .resolve import Resolver
from .rules import RuleSet, load_rules
from .score import by_kind, score, threat_score

__all__ = ["scan", "gate", "analyze", "collect", "load_policy", "load_rules"]


def _internal_error(path: str, err: BaseException) -> Finding:
    return Finding(
        rule="unanalyzable.internal-error", category="unanalyzable", severity="high", confidence="high",
        path=path, line=0, column=0, message=f"the gate failed on this file: {type(err).__name__}: {err}",
        engine="jobgate", never_accept=True,
        why="An error inside the gate must never let content through.",
        fix="Report this to the jobgate maintainers with the file.",
    )


def python_findings(path: str, data: bytes, rules: RuleSet, policy: Policy,
                    program: Program | None = None) -> list[Finding]:
    """Findings for one Python source (also used for notebook code cells);
    `program` links it to the job's other modules."""
    try:
        parsed = parse(path, data)
        if parsed.module is None:
            return [parsed.error] if parsed.error is not None else []
        return match_python(parsed, rules, policy, program)
    except RecursionError as err:
        return [_internal_error(path, err)]


@contextmanager
def _rarer_garbage_collection() -> Iterator[None]:
    """libcst builds hundreds of thousands of short-lived nodes per file, and
    the default collector threshold spends a quarter of the analysis walking
    them; collect less often while analysing, then restore the host's setting
    (the handler runs inside NVFlare's own process)."""
    old = gc.get_threshold()
    gc.set_threshold(100_000, *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


def _python_files(files: list[tuple[str, bytes]], policy: Policy,
                  program_files: list[tuple[str, bytes]] | None = None) -> list[Finding]:
    with _rarer_garbage_collection():
        return _python_files_in_turn(files, policy, program_files)


def linked_program(sources: dict[str, bytes], rules: RuleSet) -> Program:
    """The unit's Python files as one program (analyzer/program.py)."""
    def build(path: str, data: bytes, program: Program, name: str) -> Resolver | None:
        parsed = parse(path, data)
        return Resolver(parsed.module, rules.reference_tails, program, name, path) if parsed.module is not None else None
    return Program(sources, build)


def _python_files_in_turn(files: list[tuple[str, bytes]], policy: Policy,
                          program_files: list[tuple[str, bytes]] | None = None) -> list[Finding]:
    rules = load_rules(policy)
    program = linked_program(dict(program_files or files), rules)
    findings: list[Finding] = []
    try:
        for path, data in files:
            try:
                findings += python_findings(path, data, rules, policy, program)
            except Exception as err:  # noqa: BLE001 - fail closed, keep the cause in the report
                traceback.print_exc()
                findings.append(_internal_error(path, err))
    finally:
        program.close()
    return findings


# A unit this large is split over the machine's cores (bandit uses one);
# below it, starting worker processes costs more than it saves.
PARALLEL_MIN_BYTES = 1_500_000


def _chunks(files: list[tuple[str, bytes]], n: int) -> list[list[tuple[str, bytes]]]:
    """n chunks of about equal size, largest files dealt first."""
    chunks: list[list[tuple[str, bytes]]] = [[] for _ in range(n)]
    sizes = [0] * n
    for item in sorted(files, key=lambda f: -len(f[1])):
        i = sizes.index(min(sizes))
        chunks[i].append(item)
        sizes[i] += len(item[1])
    return [c for c in chunks if c]


def _python_files_parallel(files: list[tuple[str, bytes]], policy: Policy, workers: int) -> list[Finding]:
    if workers < 2 or sum(len(d) for _, d in files) < PARALLEL_MIN_BYTES:
        return _python_files(files, policy)
    chunks = _chunks(files, workers * 2)
    findings: list[Finding] = []
    # spawn, not fork: forking a threaded process can deadlock. Spawn re-imports
    # the caller's __main__, which is why only the CLI asks for workers.
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = [(chunk, pool.submit(_python_files, chunk, policy, files)) for chunk in chunks]
        for chunk, future in futures:
            try:
                findings += future.result()
            except Exception as err:  # noqa: BLE001 - a worker died (e.g. a crash in the parser): fail closed
                findings += [_internal_error(path, err) for path, _ in chunk]
    return findings


def _file_findings(content: Content, rules: RuleSet, policy: Policy) -> list[Finding]:
    ctx = FileContext(content, policy, lambda path, data: python_findings(path, data, rules, policy))
    out = []
    for detector, detector_rules in rules.file_detectors.items():
        by_id = {r.id: r for r in detector_rules}
        for hit in FILE_DETECTORS[detector](ctx):
            if isinstance(hit, Finding):  # from embedded Python, already complete
                out.append(hit)
                continue
            p = from_hit(hit, by_id, detector)
            snippet = p.snippet or _snippet(content, hit.path, hit.line)
            out.append(finding(p.rule, hit.path, hit.line, hit.column, snippet, {"name": p.name, **(p.details or {})}))
    return out


def _snippet(content: Content, path: str, line: int) -> str:
    data = content.data.get(path)
    if data is None or not line:
        return ""
    return source_line(data.decode("utf-8", "replace").splitlines(), line)


def analyze(content: Content, policy: Policy, workers: int = 1) -> Report:
    """Analyse collected content. `workers` > 1 spreads a large unit's Python
    files over that many processes (the CLI does; a library caller inside
    another program, such as NVFlare, keeps the default)."""
    rules = load_rules(policy)
    sources = [(f.path, content.data[f.path]) for f in content.files if f.kind == "python" and f.path in content.data]
    findings = list(content.findings) + _python_files_parallel(sources, policy, workers)
    findings += run_engines(content, policy, policy.engines)
    try:
        findings += _file_findings(content, rules, policy)
    except Exception as err:  # noqa: BLE001
        traceback.print_exc()
        findings.append(_internal_error("", err))
    findings.sort(key=lambda f: (f.path, f.line, f.column, f.rule))
    total, breakdown = score(findings, policy.scoring)
    decision, reasons = decide(findings, total, policy)
    return Report(
        target=content.target, name=content.name, digest=content.digest, decision=decision, score=total,
        reasons=reasons, files=content.files, findings=findings, score_breakdown=breakdown,
        threat_score=threat_score(findings, policy.scoring), score_kinds=by_kind(findings, policy.scoring),
    )


def scan(target: str | Path, policy: Policy | None = None, app_name: str | None = None, workers: int = 1) -> Report:
    policy = policy or load_policy()
    return analyze(collect(target, policy.limits, app_name), policy, workers)


def gate(target: str | Path, policy: Policy, allowlist: Path | None = None, gate_key: Path | None = None,
         app_name: str | None = None) -> tuple[Content, Report]:
    """What a site runs before a job: the allowlist first, then analysis."""
    from . import allowlist as ledger  # imported here: a plain scan need not pay for the trust store

    content = collect(target, policy.limits, app_name)
    coverage = None
    if allowlist is not None:
        coverage = ledger.check(allowlist, content.digest, policy)
        if coverage.covered:
            report = Report(
                target=content.target, name=content.name, digest=content.digest, decision=Decision.ACCEPT,
                score=0, reasons=[f"allowlisted: {coverage.reason}"], files=content.files, findings=[],
                approvals=list(coverage.approvals), allowlisted=True,
            )
            return content, report
    report = analyze(content, policy)
    if coverage is not None and coverage.blocked:
        # A trusted reviewer rejected or revoked this exact content: analysis cannot overrule that.
        report.decision = Decision.REJECT
        report.reasons.insert(0, f"blocked by a reviewer: {coverage.reason}")
        return content, report
    if coverage is not None and coverage.reason:
        report.reasons.insert(0, f"not allowlisted: {coverage.reason}")
    if report.decision is Decision.ACCEPT and allowlist is not None and gate_key is not None:
        ledger.record_accept(allowlist, content, report, policy, gate_key)
    return content, report
