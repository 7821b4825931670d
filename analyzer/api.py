"""The one entry that the CLI, the NVFlare handler and the tests call.

    content, report = gate(path, policy, allowlist=..., gate_key=...)   # a site
    report = scan(path, policy)                                         # a data scientist, CI

Both run the same flow: collect -> (allowlist) -> parse + match + detectors
-> score -> decide -> report. An error inside one piece of the analysis (a
detector, an engine, one file's analysis) becomes its own `unanalyzable`
finding beside every other finding, so nothing that went wrong can end in an
accept or hide what the rest found; its traceback goes to the debug log.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .cache import ResultCache, key_of
from .catalogue import load_catalogue
from .collect import Content, collect
from .decide import decide
from .engines import run_engines
from . import isolate
from .detectors import FILE_DETECTORS, FileContext, Hit
from .isolate import Budget, Failure, ForkServer
from .match import from_hit, finding, match_python, source_line
from .model import Decision, Finding, Report
from .parse import Screened, parse, screen
from .policy import Policy, load_policy
from .program import Program
from .resolve import Resolver
from .rules import RuleSet, load_rules
from .score import by_kind, score, threat_score
from .unjudged import piece_failed, worker_failed

__all__ = ["scan", "gate", "analyze", "collect", "load_policy", "load_rules"]


def python_findings(path: str, data: bytes, rules: RuleSet, policy: Policy, vouch: bool = True,
                    program: Program | None = None) -> list[Finding]:
    """Findings for one Python source (also used for notebook code cells);
    `program` links it to the job's other modules.

    CPython's parser screens it first; a file the screen cannot vouch for is
    analysed in a forked, resource-limited child, so that a crash or a blow-up
    there is a finding for this file and the rest of the report stays complete.
    `vouch=False` isolates the file whatever the screen says."""
    screened = screen(path, data, policy.limits.max_nesting_depth)
    if screened.problem is not None:
        return [screened.problem]
    if (vouch and screened.vouched) or not hasattr(os, "fork"):
        return _analyse_python(path, data, rules, policy, screened, program)
    result = isolate.run_limited(_analyse_python, (path, data, rules, policy, screened, program),
                                 Budget.of(policy.limits))
    if isinstance(result, Failure):
        return [worker_failed(result.cause, path, result.detail, result.limit)]
    return result


def _analyse_python(path: str, data: bytes, rules: RuleSet, policy: Policy, screened: Screened,
                    program: Program | None = None) -> list[Finding]:
    try:
        known = program.parsed.get(path) if program is not None else None
        parsed = known[1] if known is not None and known[0] == data else parse(path, data, screened)
        if parsed.module is None:
            return [parsed.error] if parsed.error is not None else []
        return match_python(parsed, rules, policy, program)
    except MemoryError:  # in a worker: its address-space limit; this file only
        return [worker_failed("memory-limit", path, "while analysing this file", "limits.max_worker_memory_mb")]
    except Exception as err:  # noqa: BLE001 - fail closed, keep the cause in the report
        return [piece_failed("Python analysis", path, err)]


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


def linked_program(sources: dict[str, bytes], rules: RuleSet, policy: Policy) -> Program:
    """The unit's Python files as one program (analyzer/program.py). A module
    that names lead into is parsed here only if the screen vouches for it; one
    it cannot vouch for is judged (isolated) where it is analysed itself."""
    def build(path: str, data: bytes, program: Program, name: str) -> Resolver | None:
        screened = screen(path, data, policy.limits.max_nesting_depth)
        if screened.problem is not None or not screened.vouched:
            return None
        parsed = parse(path, data, screened)
        if parsed.module is None:
            return None
        program.parsed[path] = (data, parsed)  # its own analysis, later, need not parse it again
        return Resolver(parsed.module, rules.reference_tails, program, name, path, rules.modules)
    return Program(sources, build)


def _python_files(files: list[tuple[str, bytes]], policy: Policy, vouch: bool = True,
                  program_files: list[tuple[str, bytes]] | None = None, cache: Path | None = None) -> list[Finding]:
    """The files' findings, their names resolved across `program_files` (all
    the unit's Python files; by default `files` themselves). With a `cache`
    folder, a file whose result is stored (for these bytes, and the bytes of
    the modules its resolution reached) is not analysed again."""
    with _rarer_garbage_collection():
        rules = load_rules(policy)
        sources = dict(program_files or files)
        program = linked_program(sources, rules, policy)
        store = ResultCache(cache) if cache is not None else None
        hashes = {path: hashlib.sha256(data).hexdigest() for path, data in sources.items()} if store else {}
        findings: list[Finding] = []
        try:
            for path, data in files:
                key = key_of("python", path, hashes.get(path, ""), rules.digest, load_catalogue(policy).digest,
                             policy.digest, str(vouch)) if store else ""
                found = store.get(key, hashes) if store else None
                if found is None:
                    found = python_findings(path, data, rules, policy, vouch, program)
                    if store:
                        store.put(key, found, {p: hashes[p] for p in program.depends(path)})
                findings += found
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


def _python_files_parallel(files: list[tuple[str, bytes]], policy: Policy, workers: int,
                           vouch: bool = True, cache: Path | None = None) -> list[Finding]:
    if workers < 2 or sum(len(d) for _, d in files) < PARALLEL_MIN_BYTES:
        return _python_files(files, policy, vouch, cache=cache)
    chunks = _chunks(files, workers * 2)
    findings: list[Finding] = []
    # spawn, not fork: forking a threaded process can deadlock. Spawn re-imports
    # the caller's __main__, which is why only the CLI asks for workers.
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = [(chunk, pool.submit(_python_files, chunk, policy, vouch, files, cache)) for chunk in chunks]
        for chunk, future in futures:
            try:
                findings += future.result()
            except Exception:  # noqa: BLE001 - a worker died: judge its files again, each in its own child
                findings += _each_isolated(chunk, policy)
    return findings


def _each_isolated(files: list[tuple[str, bytes]], policy: Policy) -> list[Finding]:
    rules, budget = load_rules(policy), Budget.of(policy.limits)
    out: list[Finding] = []
    for path, data in files:
        result = isolate.run_limited(python_findings, (path, data, rules, policy), budget)
        out += [worker_failed(result.cause, path, result.detail, result.limit)] if isinstance(result, Failure) else result
    return out


def _file_findings(content: Content, rules: RuleSet, policy: Policy, vouch: bool = True) -> list[Finding]:
    """Every file detector over the unit. One that fails is run again file by
    file, so its error names the file, and then once more over every file that
    did not fail, so what it finds across files (a config's command replayed
    through the script it runs) still counts."""
    ctx = FileContext(content, policy, lambda path, data: python_findings(path, data, rules, policy, vouch))
    lines = _Lines(content)
    out: list[Finding] = []
    for detector, detector_rules in rules.file_detectors.items():
        by_id = {r.id: r for r in detector_rules}
        found: list[Finding] = []
        try:
            for hit in FILE_DETECTORS[detector](ctx):
                found.append(_from_file_hit(hit, by_id, detector, lines))
        except Exception:  # noqa: BLE001 - the hits before the error stand; find the file
            failed: set[str] = set()
            for entry in content.files:
                try:
                    found += _run_file_detector(detector, ctx, _only(content, [entry]), by_id, lines)
                except Exception as err:  # noqa: BLE001
                    failed.add(entry.path)
                    found.append(piece_failed(f"detector {detector}", entry.path, err))
            rest = [e for e in content.files if e.path not in failed]
            try:
                found += _run_file_detector(detector, ctx, _only(content, rest), by_id, lines)
            except Exception as err:  # noqa: BLE001 - files that fail only together: each has its finding above
                found.append(piece_failed(f"detector {detector}", "", err))
        out += found
    return list({(f.rule, f.path, f.line, f.column, f.message): f for f in out}.values())


def _only(content: Content, files: list) -> Content:
    paths = {e.path for e in files}
    data = {k: v for k, v in content.data.items() if k in paths}
    return dataclasses.replace(content, files=files, findings=[], data=data)


def _run_file_detector(detector: str, ctx: FileContext, content: Content, by_id: dict,
                       lines: "_Lines") -> list[Finding]:
    hits = FILE_DETECTORS[detector](dataclasses.replace(ctx, content=content))
    return [_from_file_hit(h, by_id, detector, lines) for h in hits]


def _from_file_hit(hit: Hit | Finding, by_id: dict, detector: str, lines: "_Lines") -> Finding:
    if isinstance(hit, Finding):  # from embedded Python, already complete
        return hit
    p = from_hit(hit, by_id, detector)
    snippet = p.snippet or lines.snippet(hit.path, hit.line)
    return finding(p.rule, hit.path, hit.line, hit.column, snippet, {"name": p.name, **(p.details or {})})


class _Lines:
    """Source lines of the unit's files, split once per file however many hits it has."""

    def __init__(self, content: Content):
        self.content = content
        self._split: dict[str, list[str]] = {}

    def snippet(self, path: str, line: int) -> str:
        data = self.content.data.get(path)
        if data is None or not line:
            return ""
        if path not in self._split:
            self._split[path] = data.decode("utf-8", "replace").splitlines()
        return source_line(self._split[path], line)


# Past this many findings of one rule in one file the rest are counted, not
# listed: the decision is the same, and a report (and the copy kept for
# review) stays bounded whatever the file holds.
MAX_FINDINGS_PER_RULE_AND_FILE = 200


def analyze(content: Content, policy: Policy, workers: int = 1, vouch: bool = True,
            cache: Path | None = None) -> Report:
    """Analyse collected content. `workers` > 1 spreads a large unit's Python
    files over that many processes (the CLI does; a library caller inside
    another program, such as NVFlare, keeps the default). `vouch=False`
    analyses every Python source in a limited child of its own. `cache`: a
    result-cache folder (analyzer/cache.py) for what is unchanged."""
    rules = load_rules(policy)
    sources = [(f.path, content.data[f.path]) for f in content.files if f.kind == "python" and f.path in content.data]
    findings = list(content.findings) + _python_files_parallel(sources, policy, workers, vouch, cache)
    store = ResultCache(cache) if cache is not None else None
    key = key_of("unit", content.digest, rules.digest, load_catalogue(policy).digest, policy.digest,
                 ",".join(policy.engines), str(vouch)) if store else ""
    unit = store.get(key) if store else None
    if unit is None:
        unit = _unit_findings(content, rules, policy, vouch)
        if store:
            store.put(key, unit)
    return _report(content, policy, findings + unit)


def _unit_findings(content: Content, rules: RuleSet, policy: Policy, vouch: bool) -> list[Finding]:
    """What the extra engines and the file detectors find in the whole unit."""
    found: list[Finding] = []
    try:
        found += run_engines(content, policy, policy.engines)
    except Exception as err:  # noqa: BLE001
        found.append(piece_failed("the extra engines", "", err))
    return found + _file_findings(content, rules, policy, vouch)


def analyze_isolated(content: Content, policy: Policy, server: ForkServer) -> Report:
    """`analyze` in a forked child of the site's fork server, under the policy's
    limits: a crash, timeout or memory blow-up escalates the job, naming the cause.
    After a crash the job is analysed once more with every Python source in a
    child of its own, so that the crash is the finding of the file that caused
    it and every other finding is still reported."""
    budget = Budget.of(policy.limits)
    result = server.call("analyze", (content, policy), budget)
    if isinstance(result, Failure) and result.cause == "worker-crashed":
        result = server.call("analyze-each-file-apart", (content, policy), budget)
    if isinstance(result, Failure):
        failed = worker_failed(result.cause, "", result.detail, result.limit)
        return _report(content, policy, [*content.findings, failed])
    return result


def _bounded(findings: list[Finding]) -> list[Finding]:
    counts: dict[tuple[str, str], int] = {}
    for f in findings:
        counts[(f.rule, f.path)] = counts.get((f.rule, f.path), 0) + 1
    out, seen = [], dict.fromkeys(counts, 0)
    for f in findings:
        key = (f.rule, f.path)
        seen[key] += 1
        if seen[key] < MAX_FINDINGS_PER_RULE_AND_FILE or counts[key] == MAX_FINDINGS_PER_RULE_AND_FILE:
            out.append(f)
        elif seen[key] == MAX_FINDINGS_PER_RULE_AND_FILE:
            more = counts[key] - MAX_FINDINGS_PER_RULE_AND_FILE + 1
            out.append(dataclasses.replace(f, message=f"{f.message} (and {more} more findings of this rule in this file)"))
    return out


def _report(content: Content, policy: Policy, findings: list[Finding]) -> Report:
    findings = _bounded(sorted(findings, key=lambda f: (f.path, f.line, f.column, f.rule)))
    total, breakdown = score(findings, policy.scoring)
    decision, reasons = decide(findings, total, policy)
    return Report(
        target=content.target, name=content.name, digest=content.digest, decision=decision, score=total,
        reasons=reasons, files=content.files, findings=findings, score_breakdown=breakdown,
        threat_score=threat_score(findings, policy.scoring), score_kinds=by_kind(findings, policy.scoring),
    )


def scan(target: str | Path, policy: Policy | None = None, app_name: str | None = None, workers: int = 1,
         cache: Path | None = None) -> Report:
    policy = policy or load_policy()
    return analyze(collect(target, policy.limits, app_name), policy, workers, cache=cache)


def gate(target: str | Path, policy: Policy, allowlist: Path | None = None, gate_key: Path | None = None,
         app_name: str | None = None, server: ForkServer | None = None) -> tuple[Content, Report]:
    """What a site runs before a job: the allowlist first, then analysis (in
    `server`'s limited worker when given). The report's files hold the hashes
    of exactly the bytes analysed."""
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
    report = analyze(content, policy) if server is None else analyze_isolated(content, policy, server)
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
